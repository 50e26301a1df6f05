"""Employment records and metadata (issue 21, Synctera): added and removed by staff, each change
audited with what it was. Employment is part of who the customer is (compliance officers and
administrators); metadata is the integrator's free-form key and value (administrators)."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError

from ..models import Customer, CustomerMetadata, EmploymentRecord
from .common import locked

EARLIEST_YEAR = 1900
KEY = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


@transaction.atomic
def add_employment(
    *,
    actor,
    customer: Customer,
    employer: str,
    position: str = "",
    started_on: date | None = None,
    ended_on: date | None = None,
) -> EmploymentRecord:
    customer = locked(customer, doing="adding an employment record")
    employer, position = " ".join(employer.split()), " ".join(position.split())
    if not employer:
        raise DomainError("Name the employer.", field="employer")
    today = timezone.localdate()
    if started_on and started_on > today:
        raise DomainError("An employment starts today at the latest.", field="started_on")
    if started_on and started_on.year < EARLIEST_YEAR:
        raise DomainError(f"An employment starts in {EARLIEST_YEAR} or later.", field="started_on")
    if ended_on and (ended_on > today or ended_on.year < EARLIEST_YEAR):
        raise DomainError("An employment that ended did so by today (leave it empty while it lasts).", field="ended_on")
    if started_on and ended_on and ended_on < started_on:
        raise DomainError("It ends before it starts.", field="ended_on")
    record = EmploymentRecord.objects.create(
        customer=customer, employer=employer, position=position, started_on=started_on, ended_on=ended_on
    )
    audit.record(
        action="customers.employment.added",
        actor=actor,
        customer_id=customer.pk,
        target=record,
        changes={"employment": [None, _described(record)]},
    )
    return record


@transaction.atomic
def remove_employment(*, actor, record: EmploymentRecord, reason: str) -> None:
    locked(record.customer)
    record = EmploymentRecord.objects.select_for_update().get(pk=record.pk)
    audit.record(
        action="customers.employment.removed",
        actor=actor,
        customer_id=record.customer_id,
        target=record,
        changes={"employment": [_described(record), None]},
        reason=reason,
    )
    record.delete()


@transaction.atomic
def set_metadata(*, actor, customer: Customer, key: str, value: str) -> CustomerMetadata:
    """Add the key, or change its value."""
    customer = locked(customer, doing="setting metadata")
    key, value = key.strip().lower(), value.strip()
    if not KEY.fullmatch(key):
        raise DomainError(
            "Lower-case letters, digits, and . _ - (64 at most), starting with a letter or digit.", field="key"
        )
    if not value:
        raise DomainError("Give the value (remove the key to clear it).", field="value")
    entry = CustomerMetadata.objects.select_for_update().filter(customer=customer, key=key).first()
    before = entry.value if entry else None
    if entry is None:
        entry = CustomerMetadata.objects.create(customer=customer, key=key, value=value)
    elif entry.value == value:
        return entry
    else:
        entry.value, entry.updated_at = value, timezone.now()
        entry.save(update_fields=["value", "updated_at"])
    audit.record(
        action="customers.metadata.set",
        actor=actor,
        customer_id=customer.pk,
        target=entry,
        changes={f"metadata “{key}”": [before, value]},  # never read as a field of the customer
    )
    return entry


@transaction.atomic
def remove_metadata(*, actor, entry: CustomerMetadata, reason: str) -> None:
    locked(entry.customer)
    entry = CustomerMetadata.objects.select_for_update().get(pk=entry.pk)
    audit.record(
        action="customers.metadata.removed",
        actor=actor,
        customer_id=entry.customer_id,
        target=entry,
        changes={f"metadata “{entry.key}”": [entry.value, None]},
        reason=reason,
    )
    entry.delete()


def _described(record: EmploymentRecord) -> str:
    period = f"{record.started_on or '?'} – {record.ended_on or 'now'}"
    return f"{record}, {period}"
