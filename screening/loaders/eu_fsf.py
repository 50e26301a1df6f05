"""The EU Financial Sanctions File, XML 1.1 (``xmlFullSanctionsList_1_1``): ``<export
generationDate>`` in the namespace ``http://eu.europa.ec/fpi/fsd/export`` (any namespace is
accepted), one ``<sanctionEntity>`` per subject, every value in attributes.

- ``source_id``: ``euReferenceNumber`` ("EU.1001.11"), else ``logicalId``.
- ``kind``: ``subjectType/@code`` person → PERSON, enterprise → ORGANISATION; a missing or
  other code raises MalformedList (a subject is never dropped silently).
- names: each ``nameAlias`` (``wholeName``, else first, middle and last names); weak when
  ``strong="false"`` or its remark says "low quality" (OpenSanctions' reading). The file has
  no primary name: the first strong one is the caption.
- ``birth_dates``: each ``birthdate``: its ``birthdate`` attribute, else ``year`` /
  ``monthOfYear`` (``month``) / ``dayOfMonth`` (``day``) as a partial date, and every year of
  ``yearRangeFrom``–``yearRangeTo``.
- ``nationalities``: ``citizenship``; ``countries``: ``address``. Each by its
  ``countryDescription`` (as OpenSanctions: the EU's "CS" code is ambiguous), else its
  ``countryIso2Code``; "00" / "UNKNOWN" are none.
- ``programmes``: each ``regulation/@programme`` ("UKR"); ``reason``: their ``numberTitle``
  (the legal acts, "2022/332 (OJ L53)"), joined by "; ".
- ``listed_on``: ``designationDate``, else the earliest regulation's ``publicationDate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from screening.records import ORGANISATION, PERSON, ListedName, ListedRecord, MalformedList

from ._common import (
    add_name,
    add_unique,
    children,
    clean,
    country_codes,
    describe,
    iso_prefix,
    joined,
    partial_date,
    read_head,
    stream_records,
    year_range,
)

ROOT, RECORD = "export", "sanctionEntity"
LABEL = "an EU Financial Sanctions File"
KINDS = {"person": PERSON, "enterprise": ORGANISATION}
HINTS = {
    "sdnList": " It looks like OFAC's SDN list.",
    "CONSOLIDATED_LIST": " It looks like the UN Security Council's list.",
}


def publication_date(stream: BinaryIO) -> str:
    """The date of ``generationDate`` ("2026-10-01T09:00:00.000+02:00" → "2026-10-01"), or ""."""
    return iso_prefix(read_head(stream, root=ROOT, label=LABEL, hint=HINTS).root_attributes.get("generationDate"))


def parse(stream: BinaryIO) -> Iterator[ListedRecord]:
    head = read_head(stream, root=ROOT, label=LABEL, hint=HINTS)
    for element in stream_records(stream, head, (RECORD,)):
        yield _record(element)


def _countries(nodes: Iterator[Any]) -> Iterator[str]:
    for node in nodes:
        yield from country_codes(node.get("countryDescription")) or country_codes(node.get("countryIso2Code"))


def _record(entity: Any) -> ListedRecord:
    source_id = clean(entity.get("euReferenceNumber")) or clean(entity.get("logicalId"))
    if not source_id:
        raise MalformedList(f"{describe(entity)} has no euReferenceNumber nor logicalId.")
    subject = next(children(entity, "subjectType"), None)
    code = clean(subject.get("code")) if subject is not None else ""
    if code not in KINDS:
        what = f"an unknown subjectType “{code}”" if code else "no subjectType"
        raise MalformedList(f"{describe(entity, source_id)} has {what}.")
    record = ListedRecord(source_id=source_id, kind=KINDS[code])

    names: list[ListedName] = record.names
    for alias in children(entity, "nameAlias"):
        remark = " ".join(clean(node.text) for node in children(alias, "remark")).lower()
        weak = clean(alias.get("strong")).lower() == "false" or "low quality" in remark or "lo quality" in remark
        whole = alias.get("wholeName") or joined(
            (alias.get("firstName"), alias.get("middleName"), alias.get("lastName"))
        )
        add_name(names, whole, weak=weak)
    if not names:
        raise MalformedList(f"{describe(entity, source_id)} has no name.")

    for birth in children(entity, "birthdate"):
        dates = [
            iso_prefix(birth.get("birthdate"))
            or partial_date(
                birth.get("year"),
                birth.get("monthOfYear") or birth.get("month"),
                birth.get("dayOfMonth") or birth.get("day"),
            )
        ]
        dates += year_range(birth.get("yearRangeFrom"), birth.get("yearRangeTo"))
        add_unique(record.birth_dates, dates)

    add_unique(record.nationalities, _countries(children(entity, "citizenship")))
    add_unique(record.countries, _countries(children(entity, "address")))

    reasons: list[str] = []
    published: list[str] = []
    for regulation in children(entity, "regulation"):
        add_unique(record.programmes, [clean(regulation.get("programme"))])
        add_unique(reasons, [clean(regulation.get("numberTitle"))])
        add_unique(published, [iso_prefix(regulation.get("publicationDate"))])
    record.reason = "; ".join(reasons)
    record.listed_on = iso_prefix(entity.get("designationDate")) or min(published, default="")
    return record
