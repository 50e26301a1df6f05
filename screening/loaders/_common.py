"""What the four loaders share: names, dates and countries in the shape of ``ListedRecord``, and
the streaming of XML in constant memory, with every failure turned into ``MalformedList``."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from lxml import etree
from rigour.territories import lookup_territory

from screening.records import ListedName, MalformedList

# ---------------------------------------------------------------------------------------------
# Names


# Bidirectional overrides and isolates, zero-width characters: a name written with them reads
# otherwise than it is stored and matched ("Zach \u202eRichards" shows "Zach sdrahciR"). Controls
# (tabs, line breaks, C1) are white space.
_FORMAT = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f]")


def clean(text: str | None) -> str:
    """The text without invisible format characters, its controls and white space collapsed
    ("" for None)."""
    return " ".join(_CONTROL.sub(" ", _FORMAT.sub("", text)).split()) if text else ""


def add_name(names: list[ListedName], text: str | None, *, weak: bool = False) -> None:
    """Add a name once: an empty one is skipped, a repeated one (whatever its case: "ERIC BADEGE"
    and "Eric Badege") kept once, as first written, and strong if it was ever given as strong."""
    text = clean(text)
    if not text:
        return
    key = text.casefold()
    for index, name in enumerate(names):
        if name.name.casefold() == key:
            if name.weak and not weak:
                names[index] = ListedName(name.name)
            return
    names.append(ListedName(text, weak=weak))


def add_unique(values: list[str], new: Iterable[str]) -> None:
    """Append each non-empty value not already there, in order."""
    for value in new:
        if value and value not in values:
            values.append(value)


def joined(parts: Iterable[str | None]) -> str:
    return " ".join(part for part in (clean(part) for part in parts) if part)


# ---------------------------------------------------------------------------------------------
# Dates: ISO text, whole ("1965-03-12") or partial ("1965", "1965-03")

_ISO_PREFIX = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MIN_YEAR, MAX_YEAR = 1800, 2100
# A range of birth years wider than this keeps its two ends only: every year of "1900 to 2000"
# would make the birth year agree with nearly anyone's.
MAX_YEAR_RANGE = 20


def partial_date(year: str | int | None, month: str | int | None = None, day: str | int | None = None) -> str:
    """ISO text of the valid leading part of (year, month, day): "1965-03-12", "1965-03", "1965",
    or "" without a plausible year. An impossible day or month is dropped, not the date."""
    try:
        y = int(str(year).strip()) if year not in (None, "") else 0
        if not MIN_YEAR <= y <= MAX_YEAR:
            return ""
        m = int(str(month).strip()) if month not in (None, "") else 0
        if not 1 <= m <= 12:
            return f"{y:04d}"
        d = int(str(day).strip()) if day not in (None, "") else 0
        if d:
            try:
                return datetime.date(y, m, d).isoformat()
            except ValueError:
                pass
        return f"{y:04d}-{m:02d}"
    except ValueError:
        return ""


def iso_prefix(text: str | None) -> str:
    """The ISO date at the start of text, whole or partial; what follows it (a time, or a time
    zone such as UN's "2015-07-01-04:00") is ignored. "" when text does not start with one."""
    match = _ISO_PREFIX.match(text or "")
    if not match:
        return ""
    end = match.end()
    if end < len(text or "") and (text or "")[end].isdigit():  # "19650312" is not "1965"
        return ""
    return partial_date(*match.groups())


def year_range(start: str | int | None, end: str | int | None) -> list[str]:
    """Every year from start to end (either may be missing), as partial dates."""
    first, last = partial_date(start), partial_date(end)
    if not first or not last:
        return [year for year in (first, last) if year]
    low, high = sorted((int(first), int(last)))
    if high - low > MAX_YEAR_RANGE:
        return [str(low), str(high)]
    return [str(year) for year in range(low, high + 1)]


# ---------------------------------------------------------------------------------------------
# Countries: ISO 3166 alpha-2, upper case

_NO_COUNTRY = frozenset({"", "00", "UNKNOWN", "UNDETERMINED", "ZZ", "XX"})
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _alpha2(territory: Any) -> str:
    """The alpha-2 code of a rigour territory: a country or jurisdiction with a two-letter code is
    itself ("ru", "ps", "hk", "xk"); a former country keeps its former alpha-2 code, the first two
    letters of its ISO 3166-3 code ("suhh" → "SU", "yucs" → "YU"); a region or occupied territory
    is its country ("ua-cri" → "UA", "ge-ab" → "GE"); "zz" (global) and non-countries ("eu") are
    none."""
    while territory is not None:
        code = territory.code
        if code == "zz":
            return ""
        if len(code) == 2 and code.isalpha() and (territory.is_country or territory.is_jurisdiction):
            return str(code.upper())
        if len(code) == 4 and code.isalpha() and territory.is_historical:
            return str(code[:2].upper())
        territory = territory.parent
    return ""


def _django_countries_code(text: str) -> str:
    from django.conf import settings

    if not settings.configured:
        return ""
    from django_countries import countries

    code = countries.by_name(text)
    return code.upper() if isinstance(code, str) else ""


def _one_country(text: str) -> str:
    for candidate in dict.fromkeys((text, _PARENTHESES.sub("", text).strip())):
        if candidate.upper() in _NO_COUNTRY:
            return ""
        code = _alpha2(lookup_territory(candidate))
        if code:
            return code
    for candidate in dict.fromkeys((text, _PARENTHESES.sub("", text).strip())):
        code = _django_countries_code(candidate)
        if code:
            return code
    return ""


@functools.lru_cache(maxsize=4096)
def country_codes(text: str | None) -> tuple[str, ...]:
    """The ISO alpha-2 codes a code or an English name stands for: "ru", "Russia", "RUSSIAN
    FEDERATION", "Iran (Islamic Republic of)", "Pakistani" (a demonym), "Indonesia (as at Dec.
    2003)"; "Sudan/South Sudan" gives both. Through rigour's territories, then django-countries'
    names. "00", "UNKNOWN" and names neither knows give none."""
    text = clean(text)
    if text.upper() in _NO_COUNTRY:
        return ()
    code = _one_country(text)
    if code:
        return (code,)
    if "/" in text:
        return tuple(dict.fromkeys(code for part in text.split("/") if (code := _one_country(part.strip()))))
    return ()


def add_countries(values: list[str], texts: Iterable[str | None]) -> None:
    for text in texts:
        add_unique(values, country_codes(text))


# ---------------------------------------------------------------------------------------------
# XML: the head of a file, then its records one element at a time

XML_OPTIONS: dict[str, Any] = {"resolve_entities": False, "no_network": True, "huge_tree": False}
HEAD_LIMIT = 1 << 20  # the root element starts (and the OFAC publication date is) in the first MiB
_CHUNK = 1 << 16


def local_name(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Any, name: str) -> Iterator[Any]:
    """The child elements of that local name, in any namespace."""
    return element.iterchildren("{*}" + name)


def child_text(element: Any, name: str) -> str:
    """The first non-empty text of a child of that local name, or ""."""
    for child in children(element, name):
        text = clean(child.text)
        if text:
            return text
    return ""


# libxml2's limits, said for a compliance officer rather than with the parser's option names.
_LIMITS = (
    ("XML_PARSE_HUGE", "a text or an element nested deeper than any list has"),
    ("amplification", "entities that expand far beyond their size (an XML bomb)"),
)


def syntax_message(error: Exception) -> str:
    message = getattr(error, "msg", None) or str(error)
    for marker, what in _LIMITS:
        if marker in message:
            return f"The file holds {what}: it is not a list file, or a damaged one. Nothing was loaded."
    return f"The file is not well-formed XML: {message}"


@dataclass
class Head:
    """The start of an XML file: its bytes read so far, its root's attributes and, when asked
    for, the text of one element near the top."""

    consumed: bytes
    root_attributes: dict[str, str]
    found: str = ""


class _Replay:
    """A binary reader giving back the bytes already read, then the rest of the stream."""

    def __init__(self, consumed: bytes, rest: BinaryIO) -> None:
        self._consumed, self._rest = consumed, rest

    def read(self, size: int = -1) -> bytes:
        if self._consumed:
            if size is None or size < 0:
                data, self._consumed = self._consumed + self._rest.read(), b""
                return data
            data, self._consumed = self._consumed[:size], self._consumed[size:]
            return data
        return self._rest.read(size)


def read_head(
    stream: BinaryIO, *, root: str, label: str, hint: dict[str, str] | None = None, find: str = "", stop: str = ""
) -> Head:
    """Read the stream up to its root element's start tag and check the root's local name (any
    namespace). With ``find``, read on up to that element's end (its text is ``found``), or up to
    the start of ``stop`` or the head limit (``found`` stays ""). A wrong root, broken or empty
    XML raises MalformedList; ``hint`` adds a word for a known wrong root."""
    parser = etree.XMLPullParser(events=("start", "end"), **XML_OPTIONS)
    consumed: list[bytes] = []
    head: Head | None = None

    def done() -> bool:
        """Read the parser's new events: True once the head holds what was asked."""
        nonlocal head
        for event, element in parser.read_events():
            if head is None:
                name = local_name(element)
                if name != root:
                    extra = (hint or {}).get(name, "")
                    raise MalformedList(f"This is not {label}: its root element is <{name}>.{extra}")
                head = Head(b"", {str(key): str(value) for key, value in element.attrib.items()})
                if not find:
                    return True
            elif event == "end" and local_name(element) == find:
                head.found = clean(element.text)
                return True
            elif event == "start" and local_name(element) == stop:
                return True
        return False

    try:
        size = 0
        while size < HEAD_LIMIT:
            chunk = stream.read(_CHUNK)
            if not chunk:
                if not b"".join(consumed).strip():
                    raise MalformedList("The file is empty.")
                parser.close()  # raises on a document that ends before its root element does
                done()
                break
            consumed.append(chunk)
            size += len(chunk)
            parser.feed(chunk)
            if done():
                break
    except etree.LxmlError as error:
        raise MalformedList(syntax_message(error)) from error
    if head is None:
        raise MalformedList(f"This is not {label}: no root element in its first {HEAD_LIMIT >> 20} MiB.")
    head.consumed = b"".join(consumed)
    return head


def stream_records(stream: BinaryIO, head: Head, tags: tuple[str, ...]) -> Iterator[Any]:
    """The elements of those local names, each whole when yielded and cleared after, with their
    preceding siblings deleted, so the tree never holds more than one record: constant memory.
    XML entities are not resolved and nothing is fetched from the network (no XXE)."""
    context = etree.iterparse(
        _Replay(head.consumed, stream), events=("end",), tag=tuple("{*}" + tag for tag in tags), **XML_OPTIONS
    )
    while True:
        try:
            _event, element = next(context)
        except StopIteration:
            return
        except etree.LxmlError as error:
            raise MalformedList(syntax_message(error)) from error
        try:
            yield element
        finally:
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]


def describe(element: Any, source_id: str = "") -> str:
    """How a message names a record: "The <sdnEntry> 990001 (line 7)"."""
    named = f" {source_id}" if source_id else ""
    line = f" (line {element.sourceline})" if element.sourceline else ""
    return f"The <{local_name(element)}>{named}{line}"
