"""Tax residences (T "Edit tax residences"), saved all at once as the dialog shows them, audited
with the list before and after (TINs are personal data: masked in the history for support
agents)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from customers.models import Customer
from customers.services.common import require_open_customer

from ..models import TaxResidence
from ..tin import InvalidTin, normalised_tin

UNITED_STATES = "US"


@dataclass(frozen=True)
class Residence:
    """One line of the dialog: an existing residence (``pk``) or a new one."""

    country: str
    tin: str = ""
    tin_waiver: bool = False
    pk: int | None = None


def checked_residences(customer: Customer, residences: list[Residence]) -> list[Residence]:
    """The lines with their TINs normalised, once the rules between them hold (T, DOMAIN.md): the
    TIN is optional except for US taxpayers; a waiver is kept only where there is no TIN."""
    seen: set[str] = set()
    checked = []
    for line in residences:
        country = line.country.upper()
        name = countries.name(country) or country
        if country in seen:
            raise DomainError(f"{name} is listed twice: a country is one tax residence.")
        seen.add(country)
        try:
            tin = normalised_tin(country, line.tin)
        except InvalidTin as error:
            raise DomainError(f"{name}: {error}") from error
        if not tin and country == UNITED_STATES:
            raise DomainError("A United States tax residence needs its TIN (SSN, ITIN or EIN).")
        if tin and line.tin_waiver:  # the form says it next to the box; a request approved later too
            raise DomainError(f"{name}: a waiver stands only for a missing TIN: untick it or empty the TIN.")
        checked.append(Residence(country=country, tin=tin, tin_waiver=line.tin_waiver, pk=line.pk))
    if customer.is_specified_us_person and not any(r.country == UNITED_STATES and r.tin for r in checked):
        raise DomainError("This customer is a specified US person: add a United States tax residence with its TIN.")
    return checked


def _summary(residences) -> list[str]:
    return [f"{r.country}: {r.tin or ('waiver' if r.tin_waiver else '—')}" for r in residences]


def residences_version(customer: Customer) -> str:
    """A fingerprint of the residences as they are now (no TIN in it): the dialog carries it, and
    a save over residences changed meanwhile is refused instead of overwriting them."""
    rows = TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True).order_by("pk")
    text = "|".join(f"{r.pk}:{r.country}:{r.tin}:{r.tin_waiver}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def update_tax_residences(
    *, actor, customer: Customer, residences: list[Residence], version: str | None = None
) -> list[TaxResidence]:
    """Save the dialog: lines kept are updated, lines removed are marked deleted, new lines added.
    ``version``: the ``residences_version`` the dialog was opened at."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "editing the tax residences")
    staff = actor if isinstance(actor, StaffUser) else None  # a system actor is named in the audit only
    wanted = checked_residences(customer, residences)
    current = {r.pk: r for r in TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True)}
    unknown = {line.pk for line in wanted if line.pk is not None} - set(current)
    if unknown or (version is not None and version != residences_version(customer)):
        raise DomainError("Someone else changed these tax residences meanwhile: reload the page and try again.")
    before = _summary(sorted(current.values(), key=lambda r: str(r.country)))
    now, kept = timezone.now(), {line.pk for line in wanted if line.pk is not None}
    for pk, residence in current.items():
        # A removed line, or one whose country changed, is closed; its replacement is a new line.
        changed_country = any(line.pk == pk and line.country != residence.country for line in wanted)
        if pk not in kept or changed_country:
            residence.deleted_at, residence.deleted_by = now, staff
            residence.save(update_fields=["deleted_at", "deleted_by"])
    for line in wanted:
        existing = current.get(line.pk) if line.pk is not None else None
        if existing is not None and existing.country == line.country:
            if (existing.tin, existing.tin_waiver) != (line.tin, line.tin_waiver):
                existing.tin, existing.tin_waiver = line.tin, line.tin_waiver
                existing.save(update_fields=["tin", "tin_waiver"])
            continue
        TaxResidence.objects.create(
            customer=customer,
            country=line.country,
            tin=line.tin,
            tin_waiver=line.tin_waiver,
            created_by=staff,
        )
    after_rows = list(TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True).order_by("country"))
    after = _summary(after_rows)
    if before != after:
        audit.record(
            action="kyc.tax_residences.updated",
            actor=actor,
            customer_id=customer.pk,
            target=customer,
            changes={"tax_residences": [before, after]},
            confidential_fields=["tax_residences"],
        )
    return after_rows
