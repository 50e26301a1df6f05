"""What every customer service shares: the field lists, locking, the version check's companions,
the columns the services keep for the lists and the omnibox, and the audit entry of an edit."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from backoffice import audit
from backoffice.errors import DomainError

from .. import search
from ..choices import AddressKind, Status
from ..models import (
    Customer,
)
from ..selectors import contacts_of

PUBLIC_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MAX_DEPTH = 2  # Treezor: a parent, its children and their children, no deeper.

PERSON_IDENTITY_FIELDS = (
    "title",
    "first_name",
    "middle_names",
    "last_name",
    "birth_date",
    "birth_place",
    "birth_country",
    "nationality",
    "other_nationality",
    "gender",
    "occupation_category",
    "monthly_income_range",
    "source_of_funds",
    "is_specified_us_person",
    "national_id_last4",
    "legal_form",
    "public_id",
    "user_tag",
)
COMPANY_IDENTITY_FIELDS = (
    "legal_name",
    "registration_number",
    "vat_number",
    "registration_date",
    "legal_form",
    "share_capital",
    "sector",
    "annual_turnover_range",
    "net_income_range",
    "employee_count_range",
    "is_listed",
    "public_id",
    "user_tag",
)
SETTINGS_FIELDS = (
    "customer_type",
    "price_list",
    "default_currency",
    "language",
    "referral_code",
    "agent_company",
    "created_by_agent",
)
# Shown in the history only to those who see personal data whole.
PII_FIELDS = Customer.PERSONAL_COLUMNS
ADDRESS_FIELDS = ("line1", "line2", "postcode", "city", "region", "country")


def new_public_id() -> str:
    """A short random alias (8 characters without look-alikes), unused so far."""
    while True:
        candidate = "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(8))
        if not Customer.objects.filter(public_id=candidate).exists():
            return candidate


def locked(customer: Customer, *, doing: str = "") -> Customer:
    """The customer's row, locked. ``doing``: the change about to be made, refused for a
    deactivated customer."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if doing:
        require_open_customer(customer, doing)
    return customer


def check_public_id_free(public_id: str, *, customer_pk: int | None = None) -> None:
    taken = Customer.objects.filter(public_id=public_id)
    if customer_pk is not None:
        taken = taken.exclude(pk=customer_pk)
    if taken.exists():
        raise DomainError("Another customer already uses this public id.", field="public_id")


def refresh_derived_columns(customer: Customer) -> None:
    """Recompute the columns the lists and the omnibox read (see ``customers.models``)."""
    emails, phones = contacts_of(customer)
    legal = customer.addresses.filter(kind=AddressKind.LEGAL).values_list("country", flat=True).first()
    customer.primary_email = emails[0] if emails else ""
    customer.primary_phone = phones[0] if phones else ""
    customer.country = legal or ""
    customer.name_key = search.name_key(
        kind_is_person=customer.is_person,
        first_name=customer.first_name,
        last_name=customer.last_name,
        legal_name=customer.legal_name,
    )
    customer.search_document = search.document(
        public_id=customer.public_id,
        user_tag=customer.user_tag,
        names=(customer.first_name, customer.middle_names, customer.last_name, customer.legal_name),
        emails=emails,
        phones=phones,
    )
    Customer.objects.filter(pk=customer.pk).update(
        primary_email=customer.primary_email,
        primary_phone=customer.primary_phone,
        country=customer.country,
        name_key=customer.name_key,
        search_document=customer.search_document,
    )


def set_many(customer: Customer, name: str, values: Iterable) -> list[str]:
    values = sorted(set(values), key=lambda item: item.pk)
    getattr(customer, name).set(values)
    return sorted(str(value) for value in values)


def many_snapshot(customer: Customer, name: str) -> list[str]:
    return sorted(str(value) for value in getattr(customer, name).all())


def apply_values(customer: Customer, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name == "customer_type":
            name = "person_type" if customer.is_person else "company_type"
        setattr(customer, name, value)


def record_update(customer: Customer, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit.record(
        action=action,
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes=changes,
        reason=reason,
        confidential_fields=[name for name in PII_FIELDS if name in changes],
    )


def next_status(transitions: Mapping[str, Mapping[str, str | None]], command: str, status: str, *, refusal: str):
    """The status ``command`` leads to from ``status``, by the declared map; ``refusal`` (with
    ``{status}``) when the map does not allow it. A ``None`` target means "the one chosen"."""
    allowed = transitions[command]
    if status not in allowed:
        raise DomainError(refusal.format(status=status))
    return allowed[status]


CANCELED_REFUSAL = "This customer is deactivated: {what} is no longer possible."


def require_open_customer(customer: Customer, what: str) -> None:
    """A canceled customer holds nothing new (T: deactivation is irreversible)."""
    if customer.status == Status.CANCELED:
        raise DomainError(CANCELED_REFUSAL.format(what=what))
