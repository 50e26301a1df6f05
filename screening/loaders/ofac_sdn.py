"""OFAC's SDN list, the classic ``SDN.XML``: ``<sdnList>`` in any namespace (it was
``http://tempuri.org/sdnList.xsd``, and is OFAC's Sanctions List Service's since 2024), a
``publshInformation/Publish_Date`` (MM/DD/YYYY), one ``<sdnEntry>`` per subject, every value in
element text. OFAC's "advanced" (``<Sanctions>``) and "enhanced" (``<sanctionsData>``) files
are other formats, refused with a word saying so.

- ``source_id``: ``uid``.
- ``kind``: ``sdnType`` Individual → PERSON, Entity → ORGANISATION, Vessel → VESSEL.
  **Aircraft entries are skipped**: there is no aircraft kind, an aircraft is never a customer,
  and its operator is listed as an Entity of its own. A missing or other ``sdnType`` raises
  MalformedList (a subject is never dropped silently).
- names: ``firstName lastName`` (an entity's whole name is in ``lastName``), and each
  ``akaList/aka`` likewise, weak when its ``category`` is "weak".
- ``birth_dates``: each ``dateOfBirth``, free text: "12 Mar 1965" → "1965-03-12", "Mar 1965"
  → "1965-03", "1965" or "circa 1965" → "1965", "1960 to 1965" → every year; an ISO date is
  kept.
- ``nationalities``: ``nationalityList`` and ``citizenshipList`` countries; ``countries``:
  ``addressList`` countries and a vessel's ``vesselFlag``; all English names turned into codes.
- ``programmes``: ``programList/program`` ("RUSSIA-EO14024"); ``reason``: ``remarks``, the
  only free text of an entry.
- ``listed_on``: "" (the classic file has no listing date).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from screening.records import ORGANISATION, PERSON, VESSEL, ListedRecord, MalformedList

from ._common import (
    add_countries,
    add_name,
    add_unique,
    child_text,
    children,
    clean,
    describe,
    iso_prefix,
    joined,
    partial_date,
    read_head,
    stream_records,
    year_range,
)

ROOT, RECORD = "sdnList", "sdnEntry"
LABEL = "an OFAC SDN list (classic SDN.XML)"
KINDS = {"Individual": PERSON, "Entity": ORGANISATION, "Vessel": VESSEL}
SKIPPED_KINDS = frozenset({"Aircraft"})
HINTS = {
    "Sanctions": " It looks like OFAC's advanced format (SDN_ADVANCED.XML): load the classic SDN.XML.",
    "sanctionsData": " It looks like OFAC's enhanced format (SDN_ENHANCED.XML): load the classic SDN.XML.",
    "export": " It looks like an EU Financial Sanctions File.",
    "CONSOLIDATED_LIST": " It looks like the UN Security Council's list.",
}

_MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3})[A-Za-z]*\.? (\d{4})\b")
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*(?:to|-|–)\s*(\d{4})\b")
_YEAR = re.compile(r"\b(\d{4})\b")


def publication_date(stream: BinaryIO) -> str:
    """The ``Publish_Date`` ("09/30/2026" → "2026-09-30"), or "" without one before the first
    entry."""
    found = read_head(stream, root=ROOT, label=LABEL, hint=HINTS, find="Publish_Date", stop=RECORD).found
    try:
        return datetime.datetime.strptime(found, "%m/%d/%Y").date().isoformat()
    except ValueError:
        return iso_prefix(found)


def parse(stream: BinaryIO) -> Iterator[ListedRecord]:
    head = read_head(stream, root=ROOT, label=LABEL, hint=HINTS)
    for element in stream_records(stream, head, (RECORD,)):
        record = _record(element)
        if record is not None:
            yield record


def birth_dates(text: str) -> list[str]:
    """ISO dates, whole or partial, of OFAC's free-text date of birth."""
    dates = _ISO_DATE.findall(text)
    dates += [
        partial_date(year, _MONTHS.get(month.lower(), 0), day) for day, month, year in _DAY_MONTH_YEAR.findall(text)
    ]
    if dates:
        return [date for date in dates if date]
    ranges = _YEAR_RANGE.findall(text)
    if ranges:
        return [year for start, end in ranges for year in year_range(start, end)]
    months = [
        partial_date(year, _MONTHS[month.lower()])
        for month, year in _MONTH_YEAR.findall(text)
        if month.lower() in _MONTHS
    ]
    if months:
        return [date for date in months if date]
    return [year for year in (partial_date(year) for year in _YEAR.findall(text)) if year]


def _record(entry: Any) -> ListedRecord | None:
    source_id = child_text(entry, "uid")
    if not source_id:
        raise MalformedList(f"{describe(entry)} has no uid.")
    sdn_type = child_text(entry, "sdnType")
    if sdn_type in SKIPPED_KINDS:
        return None
    if sdn_type not in KINDS:
        what = f"an unknown sdnType “{sdn_type}”" if sdn_type else "no sdnType"
        raise MalformedList(f"{describe(entry, source_id)} has {what}.")
    record = ListedRecord(source_id=source_id, kind=KINDS[sdn_type])

    add_name(record.names, joined((child_text(entry, "firstName"), child_text(entry, "lastName"))))
    for aka in (aka for akas in children(entry, "akaList") for aka in children(akas, "aka")):
        weak = child_text(aka, "category").lower() == "weak"
        add_name(record.names, joined((child_text(aka, "firstName"), child_text(aka, "lastName"))), weak=weak)
    if not record.names:
        raise MalformedList(f"{describe(entry, source_id)} has no name.")

    for items in children(entry, "dateOfBirthList"):
        for item in children(items, "dateOfBirthItem"):
            add_unique(record.birth_dates, birth_dates(child_text(item, "dateOfBirth")))

    for list_name, item_name in (("nationalityList", "nationality"), ("citizenshipList", "citizenship")):
        for items in children(entry, list_name):
            add_countries(record.nationalities, (child_text(item, "country") for item in children(items, item_name)))
    for items in children(entry, "addressList"):
        add_countries(record.countries, (child_text(item, "country") for item in children(items, "address")))
    if record.kind == VESSEL:
        add_countries(record.countries, (child_text(info, "vesselFlag") for info in children(entry, "vesselInfo")))

    for programmes in children(entry, "programList"):
        add_unique(record.programmes, (clean(programme.text) for programme in children(programmes, "program")))
    record.reason = child_text(entry, "remarks")
    return record
