"""The UN Security Council consolidated list (``consolidated.xml``): ``<CONSOLIDATED_LIST
dateGenerated>``, no namespace, ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``, every value
in element text.

- ``source_id``: ``REFERENCE_NUMBER`` ("QDi.001"), else ``DATAID``.
- ``kind``: INDIVIDUAL → PERSON, ENTITY → ORGANISATION.
- names: ``FIRST_NAME`` … ``FOURTH_NAME`` joined (an entity's whole name is in ``FIRST_NAME``);
  ``NAME_ORIGINAL_SCRIPT`` as a strong name; each ``*_ALIAS/ALIAS_NAME`` split on ";" (empty
  alias nodes skipped), weak when its ``QUALITY`` is "Low". Names are kept as written ("Murad,
  Abdul Hakim Hasim").
- ``birth_dates``: each ``INDIVIDUAL_DATE_OF_BIRTH``: ``DATE`` (without a time zone suffix),
  ``YEAR``, and every year of ``FROM_YEAR``–``TO_YEAR``.
- ``nationalities``: ``NATIONALITY/VALUE``; ``countries``: ``*_ADDRESS/COUNTRY``; both English
  names turned into codes.
- ``programmes``: ``UN_LIST_TYPE`` ("Al-Qaida"); ``reason``: ``COMMENTS1``.
- ``listed_on``: ``LISTED_ON`` without its time zone suffix ("2015-07-01-04:00" → "2015-07-01").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from screening.records import ORGANISATION, PERSON, ListedRecord, MalformedList

from ._common import (
    add_countries,
    add_name,
    add_unique,
    child_text,
    children,
    describe,
    iso_prefix,
    joined,
    local_name,
    partial_date,
    read_head,
    stream_records,
    year_range,
)

ROOT = "CONSOLIDATED_LIST"
KINDS = {"INDIVIDUAL": PERSON, "ENTITY": ORGANISATION}
LABEL = "a UN Security Council consolidated list"
HINTS = {
    "export": " It looks like an EU Financial Sanctions File.",
    "sdnList": " It looks like OFAC's SDN list.",
}


def publication_date(stream: BinaryIO) -> str:
    """The date of ``dateGenerated`` ("2026-10-01T00:00:01.474Z" → "2026-10-01"), or ""."""
    return iso_prefix(read_head(stream, root=ROOT, label=LABEL, hint=HINTS).root_attributes.get("dateGenerated"))


def parse(stream: BinaryIO) -> Iterator[ListedRecord]:
    head = read_head(stream, root=ROOT, label=LABEL, hint=HINTS)
    for element in stream_records(stream, head, tuple(KINDS)):
        yield _record(element)


def _record(subject: Any) -> ListedRecord:
    tag = local_name(subject)
    source_id = child_text(subject, "REFERENCE_NUMBER") or child_text(subject, "DATAID")
    if not source_id:
        raise MalformedList(f"{describe(subject)} has no REFERENCE_NUMBER nor DATAID.")
    record = ListedRecord(source_id=source_id, kind=KINDS[tag])

    names = record.names
    add_name(
        names, joined(child_text(subject, part) for part in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
    )
    add_name(names, child_text(subject, "NAME_ORIGINAL_SCRIPT"))
    for alias in children(subject, f"{tag}_ALIAS"):
        weak = child_text(alias, "QUALITY").lower() == "low"
        for node in children(alias, "ALIAS_NAME"):
            for name in (node.text or "").split(";"):
                add_name(names, name, weak=weak)
    if not names:
        raise MalformedList(f"{describe(subject, source_id)} has no name.")

    for birth in children(subject, "INDIVIDUAL_DATE_OF_BIRTH"):
        dates = [iso_prefix(child_text(birth, "DATE")), partial_date(child_text(birth, "YEAR"))]
        dates += year_range(child_text(birth, "FROM_YEAR"), child_text(birth, "TO_YEAR"))
        add_unique(record.birth_dates, dates)

    add_countries(
        record.nationalities,
        (value.text for node in children(subject, "NATIONALITY") for value in children(node, "VALUE")),
    )
    add_countries(record.countries, (child_text(node, "COUNTRY") for node in children(subject, f"{tag}_ADDRESS")))
    add_unique(record.programmes, [child_text(subject, "UN_LIST_TYPE")])
    record.reason = child_text(subject, "COMMENTS1")
    record.listed_on = iso_prefix(child_text(subject, "LISTED_ON"))
    return record
