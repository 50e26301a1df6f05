"""S "Prospect": a person created with no details at all, who becomes an active customer once
their first name, last name and date of birth are known (S: "For Active customers, first name,
last name, status, and date of birth are mandatory"), and what every person created by hand
has besides: a nationality, an email (their login) and a phone (``profile.create_person``).

A prospect is T's "onboarding not completed" (DOMAIN.md): ``Customer.onboarding_completed`` is
False, the lifecycle status stays PENDING, and the Onboarding list shows them. Until they become
active no card is issued and no KYC review is requested (``prospect_refusal``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import Kind
from ..models import Customer, CustomerType, Tag
from .common import CANCELED_REFUSAL, PERSON_IDENTITY_FIELDS, apply_values, locked
from .contacts import Addresses, Contacts

# What an active person must have, in the order the refusal names them: (column, what is asked).
MANDATORY_WHEN_ACTIVE = (
    ("first_name", "the first name"),
    ("last_name", "the last name"),
    ("birth_date", "the date of birth"),
    ("nationality", "the nationality"),
    ("primary_email", "an email (their login)"),
    ("primary_phone", "a phone number"),
)


def prospect_refusal(customer: Customer, *, doing: str) -> str | None:
    """Why ``doing`` waits until the prospect becomes an active customer (cards, KYC reviews)."""
    if customer.is_prospect:
        return f"{customer} is a prospect: make them an active customer before {doing}."
    return None


def missing_for_activation(customer: Customer) -> list[str]:
    """What a prospect still lacks to become an active customer (the profile says it). A company
    in onboarding has its legal data from its creation: nothing more is asked."""
    if not customer.is_person:
        return []
    return [label for column, label in MANDATORY_WHEN_ACTIVE if not getattr(customer, column)]


def missing_sentence(customer: Customer) -> str:
    """ "the last name and a phone number": what the profile says a prospect still needs."""
    missing = missing_for_activation(customer)
    return _sentence(missing) if missing else ""


def activation_refusal(customer: Customer) -> str | None:
    if customer.is_deactivated:
        return CANCELED_REFUSAL.format(what="making them an active customer")
    if not customer.is_prospect:
        return f"{customer} is already an active customer."
    if missing := missing_sentence(customer):
        return f"To become an active customer, {customer} needs {missing}: edit the profile first."
    return None


def _sentence(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@transaction.atomic
def create_prospect(
    *,
    actor: audit.Actor,
    identity: Mapping[str, Any],
    contacts: Contacts,
    customer_type: CustomerType | None = None,
    tags: Iterable[Tag] = (),
) -> Customer:
    """A person with whatever is known so far, possibly nothing: the names, birth date, email and
    phone given are checked as on any profile; nothing is required."""
    from .profile import created

    customer = Customer(kind=Kind.PERSON, onboarding_completed=False)
    apply_values(customer, {name: identity[name] for name in PERSON_IDENTITY_FIELDS if name in identity})
    return created(
        customer,
        actor=actor,
        contacts=contacts,
        addresses=Addresses(),
        tags=tags,
        customer_type=customer_type,
        price_list=None,
        action="customers.prospect.created",
    )


@transaction.atomic
def activate_prospect(*, actor: audit.Actor, customer: Customer) -> Customer:
    """The prospect becomes an active customer (onboarding completed; the lifecycle status stays
    Pending until KYC validates them)."""
    customer = locked(customer, doing="making the prospect an active customer")
    refusal = activation_refusal(customer)
    if refusal:
        raise DomainError(refusal)
    customer.onboarding_completed = True
    customer.version += 1
    customer.save(update_fields=["onboarding_completed", "version", "updated_at"])
    audit.record(
        action="customers.prospect.activated",
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={"onboarding_completed": [False, True]},
    )
    return customer
