"""OpenSanctions' FollowTheMoney entities, JSON lines (``entities.ftm.json``): one entity a
line, ``{"id", "schema", "properties": {"<property>": ["text", …]}, "target", …}``.

Only screening targets (``"target": true``) of the schemas Person (PERSON), Organization,
Company, LegalEntity, PublicBody (ORGANISATION) and Vessel (VESSEL) become records; every other
line (Address, Identification, Ownership, a related non-target Person, Airplane, …) is skipped,
as an aircraft is in OFAC's list.

**Sanction lines, two passes.** A ``Sanction`` entity names its target in
``properties.entity`` and may come before or after it. The first pass reads every line (so a
line that is not JSON fails the load before any record is yielded) and keeps, of the Sanction
lines only, a dict of target id → programmes, reasons and dates; the second pass yields the
targets with them. Memory is that dict (a few hundred bytes a sanctioned subject), never the
entities. A stream that cannot seek (a pipe, a download) is first copied to a temporary file.

- ``source_id``: ``id``; names: ``name``, ``alias``, ``previousName`` (strong) and
  ``weakAlias`` (weak); without any, the name parts (first, second, middle, father's, last).
- ``birth_dates``: ``birthDate`` (ISO prefixes: "1965", "1965-03", "1965-03-12").
- ``nationalities``: ``nationality``, ``citizenship``; ``countries``: ``country``,
  ``jurisdiction`` and a vessel's ``flag``. FtM codes are lower case ISO codes plus its own
  ("suhh" → "SU" as everywhere, "zz" → none).
- ``programmes``: the target's ``programId`` and its Sanctions' ``programId`` (their
  ``program`` when they have none); ``reason``: the Sanctions' ``reason`` joined by "; ";
  ``listed_on``: the earliest Sanction ``listingDate``, else the earliest ``startDate``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from screening.records import ORGANISATION, PERSON, VESSEL, ListedRecord, MalformedList

from ._common import add_countries, add_name, add_unique, clean, iso_prefix, joined

KINDS = {
    "Person": PERSON,
    "Organization": ORGANISATION,
    "Company": ORGANISATION,
    "LegalEntity": ORGANISATION,
    "PublicBody": ORGANISATION,
    "Vessel": VESSEL,
}
STRONG_NAMES = ("name", "alias", "previousName")
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")


@dataclass(slots=True)
class _Sanctions:
    programmes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)


def parse(stream: BinaryIO) -> Iterator[ListedRecord]:
    source, temporary = _seekable(stream)
    try:
        start = source.tell()
        sanctions = _read_sanctions(source)
        source.seek(start)
        for number, entity in _lines(source):
            record = _record(number, entity, sanctions)
            if record is not None:
                yield record
    finally:
        if temporary:
            source.close()


def _seekable(stream: BinaryIO) -> tuple[BinaryIO, bool]:
    try:
        if stream.seekable():
            return stream, False
    except (AttributeError, OSError, ValueError):
        pass
    copy = tempfile.TemporaryFile()  # noqa: SIM115 (closed by parse when done)
    shutil.copyfileobj(stream, copy)
    copy.seek(0)
    return copy, True


MAX_LINE = 1 << 20  # an entity of a list is a few kilobytes; a longer line is not one


def _bounded(source: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """The file's lines, numbered, none read whole past ``MAX_LINE`` (memory stays flat)."""
    number = 0
    while True:
        line = source.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise MalformedList(f"Line {number} is longer than 1 MiB: not an entity of a list.")
        yield number, line


def _lines(source: BinaryIO) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, entity) of each non-blank line; a line that is not a JSON object, or has no
    schema, raises MalformedList."""
    seen = False
    for number, line in _bounded(source):
        if not line.strip():
            continue
        seen = True
        try:
            entity = json.loads(line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line)
        except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
            if isinstance(error, json.JSONDecodeError):
                reason = f"{error.msg.removesuffix(' at')} at column {error.colno}"
            elif isinstance(error, UnicodeDecodeError):
                reason = "not UTF-8 text"
            else:
                reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            raise MalformedList(f"Line {number} is not JSON ({reason}).") from error
        if not isinstance(entity, dict):
            raise MalformedList(f"Line {number} is not a JSON object (an FtM entity).")
        if not isinstance(entity.get("schema"), str) or not entity["schema"]:
            raise MalformedList(f"Line {number} has no schema: it is not a FollowTheMoney entity.")
        if not isinstance(entity.get("properties", {}), dict):
            raise MalformedList(f"Line {number}: its properties are not a JSON object.")
        yield number, entity
    if not seen:
        raise MalformedList("The file is empty.")


def _values(number: int, entity: dict[str, Any], name: str) -> list[str]:
    values = entity.get("properties", {}).get(name, [])
    if isinstance(values, list) and all(isinstance(value, str) for value in values):
        return values
    nested = " (nested entities: load entities.ftm.json, not targets.nested.json)" if isinstance(values, list) else ""
    raise MalformedList(f"Line {number}: the property “{name}” is not a list of texts{nested}.")


def _read_sanctions(source: BinaryIO) -> dict[str, _Sanctions]:
    """First pass: target id → what its Sanction lines say."""
    sanctions: dict[str, _Sanctions] = {}
    for number, entity in _lines(source):
        if entity["schema"] != "Sanction":
            continue
        # interned: thousands of sanctions share a handful of programmes, reasons and dates
        programmes = [sys.intern(clean(programme)) for programme in _values(number, entity, "programId")] or [
            sys.intern(clean(programme)) for programme in _values(number, entity, "program")
        ]
        reasons = [sys.intern(clean(reason)) for reason in _values(number, entity, "reason")]
        listed = [sys.intern(iso_prefix(date)) for date in _values(number, entity, "listingDate")]
        started = [sys.intern(iso_prefix(date)) for date in _values(number, entity, "startDate")]
        for target in _values(number, entity, "entity"):
            known = sanctions.setdefault(target, _Sanctions())
            add_unique(known.programmes, programmes)
            add_unique(known.reasons, reasons)
            add_unique(known.listed, listed)
            add_unique(known.started, started)
    return sanctions


def _record(number: int, entity: dict[str, Any], sanctions: dict[str, _Sanctions]) -> ListedRecord | None:
    schema = entity["schema"]
    if schema not in KINDS or entity.get("target") is not True:
        return None
    source_id = entity.get("id")
    if not isinstance(source_id, str) or not source_id.strip():
        raise MalformedList(f"Line {number}: the {schema} has no id.")
    record = ListedRecord(source_id=source_id.strip(), kind=KINDS[schema])

    for name in STRONG_NAMES:
        for value in _values(number, entity, name):
            add_name(record.names, value)
    for value in _values(number, entity, "weakAlias"):
        add_name(record.names, value, weak=True)
    if not record.names:
        add_name(record.names, joined(" ".join(_values(number, entity, part)) for part in NAME_PARTS))
    if not record.names:
        raise MalformedList(f"Line {number}: the {schema} {record.source_id} has no name.")

    add_unique(record.birth_dates, (iso_prefix(date) for date in _values(number, entity, "birthDate")))
    for name in ("nationality", "citizenship"):
        add_countries(record.nationalities, _values(number, entity, name))
    for name in ("country", "jurisdiction", "flag"):
        add_countries(record.countries, _values(number, entity, name))
    add_unique(record.programmes, (clean(programme) for programme in _values(number, entity, "programId")))

    sanctioned = sanctions.get(record.source_id)
    if sanctioned is not None:
        add_unique(record.programmes, sanctioned.programmes)
        record.reason = "; ".join(sanctioned.reasons)
        record.listed_on = min(sanctioned.listed, default="") or min(sanctioned.started, default="")
    return record
