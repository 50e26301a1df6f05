"""The watchlist formats a list can be loaded from, each read as a stream of ``ListedRecord``.

    from screening.loaders import FORMATS, publication_date

    with open(path, "rb") as stream:
        for record in FORMATS["eu-fsf"](stream):   # ListedRecord, one per listed subject
            ...
    published = publication_date("eu-fsf", path)     # "2026-10-01", or ""

``FORMATS[name](stream)`` takes a binary stream and yields records in the file's order, in
constant memory (the XML formats are parsed with ``lxml.etree.iterparse`` one record element at
a time; FtM reads one line at a time). A file that is not the format it was said to be, or is
broken, raises ``MalformedList`` with a message for a person (naming the line or the element),
possibly after some records were yielded: load in a transaction. Nothing else is raised for a
file's content (I/O errors of the stream itself pass through). Entities are never resolved and
nothing is fetched from the network (no XXE).

It raises ``MalformedList`` for: XML that is not well-formed (truncated, …), an empty file, a
root element that is not the format's, a record without an id or without any name, a subject of
an unknown type (EU ``subjectType``, OFAC ``sdnType``: a new type is a change of format to look
at, not a subject to drop silently), an FtM line that is not a JSON object with a schema, or an
FtM property that is not a list of texts. A file well formed but holding no record yields
nothing: whether an empty list may replace a loaded one is the load's decision.

Values, whatever the format (``ListedRecord`` says the shapes):

- dates are ISO text, whole or partial; a range of birth years gives every year in it (up to
  20 years; a wider range gives its two ends);
- countries are ISO 3166 alpha-2 codes, upper case, from codes or English names and demonyms
  ("Russia", "Iran (Islamic Republic of)", "Pakistani") through ``rigour.territories``, then
  django-countries' names. "00", "UNKNOWN", FtM's "zz" and unknown names are dropped. An
  occupied territory or region is its country ("ua-cri" → "UA"). **A former country keeps its
  former code**: the USSR (FtM "suhh", "Soviet Union", "USSR") is "SU", Yugoslavia "YU",
  Czechoslovakia or Serbia and Montenegro "CS", East Germany "DD": what the list says, not a
  guess at a successor. These are not in django-countries' list, and a matcher comparing
  nationalities should treat "SU" as overlapping its successor states
  (``rigour.territories.get_territory("suhh").successors``);
- the kinds are PERSON, ORGANISATION and VESSEL. Aircraft (OFAC ``Aircraft``, FtM
  ``Airplane``) are skipped.

Each format module says where each field comes from: ``ftm`` (and its two passes for Sanction
lines), ``eu_fsf``, ``un``, ``ofac_sdn``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import BinaryIO

from screening.records import ListedRecord

from . import eu_fsf, ftm, ofac_sdn, un

Parser = Callable[[BinaryIO], Iterator[ListedRecord]]

FORMATS: dict[str, Parser] = {
    "ftm": ftm.parse,
    "eu-fsf": eu_fsf.parse,
    "un": un.parse,
    "ofac-sdn": ofac_sdn.parse,
}

_PUBLICATION_DATES: dict[str, Callable[[BinaryIO], str]] = {
    "eu-fsf": eu_fsf.publication_date,
    "un": un.publication_date,
    "ofac-sdn": ofac_sdn.publication_date,
}


def publication_date(format_name: str, source: str | os.PathLike[str] | BinaryIO) -> str:
    """The date the list says it was published, as ISO text ("2026-10-01"), or "" when it does
    not say: EU ``generationDate``, UN ``dateGenerated``, OFAC ``Publish_Date`` (MM/DD/YYYY);
    FtM files have none. Reads only the head of the file (its first MiB at most). ``source`` is
    a path, or a binary stream read from where it is and put back there when it can seek.
    A wrong root element or broken head raises ``MalformedList``; an unknown format name,
    ``ValueError``."""
    if format_name not in FORMATS:
        raise ValueError(f"Unknown list format {format_name!r}: one of {', '.join(FORMATS)}.")
    if format_name == "ftm":
        return ""
    read = _PUBLICATION_DATES[format_name]
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as stream:
            return read(stream)
    position = source.tell() if source.seekable() else None
    try:
        return read(source)
    finally:
        if position is not None:
            source.seek(position)
