"""Emails, phones and addresses: the primary email is the customer's login."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from backoffice import audit
from backoffice.errors import DomainError

from .. import events
from ..choices import AddressKind, State
from ..models import (
    Address,
    ContactEmail,
    ContactPhone,
    Customer,
)
from ..selectors import contacts_of
from .common import ADDRESS_FIELDS, locked, record_update, refresh_derived_columns
from .verification import refresh_verification


@dataclass
class Contacts:
    """A customer's emails and phones; the first of each is the primary one."""

    emails: Sequence[str] = ()
    phones: Sequence[str] = ()  # E.164

    def __post_init__(self):
        unique: dict[str, str] = {}  # lower-cased → as typed
        for email in (email.strip() for email in self.emails):
            if email:
                unique.setdefault(email.lower(), email)  # the first spelling wins: the primary
        self.emails = list(unique.values())
        self.phones = list(dict.fromkeys(str(phone) for phone in self.phones if phone))


@dataclass
class AddressData:
    line1: str = ""
    line2: str = ""
    postcode: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    same_as_legal: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.same_as_legal and not any(getattr(self, name) for name in ADDRESS_FIELDS)


@dataclass
class Addresses:
    legal: AddressData = field(default_factory=AddressData)
    shipping: AddressData = field(default_factory=AddressData)
    secondary: AddressData = field(default_factory=AddressData)


def check_primary_email_free(email: str, *, customer_pk: int | None = None) -> None:
    taken = ContactEmail.objects.filter(email__iexact=email, is_primary=True)
    if customer_pk is not None:
        taken = taken.exclude(customer_id=customer_pk)
    if taken.exists():
        raise DomainError(
            "Another customer signs in with this email: the primary email must be unique.", field="primary_email"
        )


def contacts_snapshot(customer: Customer) -> dict[str, Any]:
    emails, phones = contacts_of(customer)
    return _contacts_view(Contacts(emails=emails, phones=phones))


def _contacts_view(contacts: Contacts) -> dict[str, Any]:
    return {
        "primary_email": contacts.emails[0] if contacts.emails else None,
        "other_emails": sorted(contacts.emails[1:]),
        "primary_phone": contacts.phones[0] if contacts.phones else None,
        "other_phones": sorted(contacts.phones[1:]),
    }


def write_contacts(customer: Customer, contacts: Contacts) -> None:
    """Replace the emails and phones, keeping the rows (and their verification) that remain."""
    wanted_emails = {email.lower(): (index, email) for index, email in enumerate(contacts.emails)}
    existing = {row.email.lower(): row for row in customer.emails.all()}
    customer.emails.filter(pk__in=[row.pk for key, row in existing.items() if key not in wanted_emails]).delete()
    customer.emails.filter(is_primary=True).update(is_primary=False)
    for key, (index, email) in wanted_emails.items():
        row = existing.get(key) or ContactEmail(customer=customer)
        row.email, row.is_primary = email, index == 0
        row.save()

    wanted_phones = {phone: index for index, phone in enumerate(contacts.phones)}
    existing_phones = {str(row.number): row for row in customer.phones.all()}
    customer.phones.filter(pk__in=[row.pk for key, row in existing_phones.items() if key not in wanted_phones]).delete()
    customer.phones.filter(is_primary=True).update(is_primary=False)
    for phone, index in wanted_phones.items():
        phone_row = existing_phones.get(phone) or ContactPhone(customer=customer)
        phone_row.number, phone_row.is_primary = phone, index == 0
        phone_row.save()


def address_snapshot(customer: Customer) -> dict[str, str]:
    return {row.kind: str(row) for row in customer.addresses.all()}


def write_addresses(customer: Customer, addresses: Addresses) -> None:
    current = {row.kind: row for row in customer.addresses.all()}
    for kind, data in (
        (AddressKind.LEGAL, addresses.legal),
        (AddressKind.SHIPPING, addresses.shipping),
        (AddressKind.SECONDARY, addresses.secondary),
    ):
        row = current.get(kind)
        if data.is_empty:
            if row is not None:
                row.delete()
            continue
        row = row or Address(customer=customer, kind=kind)
        row.same_as_legal = kind == AddressKind.SHIPPING and data.same_as_legal
        for name in ADDRESS_FIELDS:
            setattr(row, name, "" if row.same_as_legal else getattr(data, name))
        row.save()


@transaction.atomic
def update_contacts(
    *, actor: audit.Actor, customer: Customer, version: int | None = None, contacts: Contacts
) -> Customer:
    """Emails and phones (the first of each is primary). The primary email is the login."""
    customer = locked(customer, doing="editing the contacts")
    if customer.is_person and not customer.is_prospect and not contacts.emails:
        raise DomainError("A person needs at least an email: it is their login.", field="primary_email")
    changes = audit.diff(contacts_snapshot(customer), _contacts_view(contacts))
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    if "primary_phone" in changes and customer.state == State.SUSPENDED:
        # C: while suspended, the phone of the second factor stays as it is.
        raise DomainError(
            "The customer is suspended: their primary phone, used for the second factor, cannot change until "
            "they are reactivated.",
            field="primary_phone",
        )
    if contacts.emails:
        check_primary_email_free(contacts.emails[0], customer_pk=customer.pk)
    try:
        with transaction.atomic():
            write_contacts(customer, contacts)
    except IntegrityError:
        raise DomainError(
            "Another customer took this email as their login a moment ago.", field="primary_email"
        ) from None
    customer.save(update_fields=["version", "updated_at"])
    refresh_derived_columns(customer)
    record_update(customer, actor=actor, action="customers.contacts.updated", changes=changes)
    # A new primary email or phone is not verified yet: the verification status follows.
    refresh_verification(actor=actor, customer=customer, reason="Contacts changed")
    return customer


@transaction.atomic
def update_addresses(
    *, actor: audit.Actor, customer: Customer, version: int | None = None, addresses: Addresses
) -> Customer:
    customer = locked(customer, doing="editing the addresses")
    if addresses.legal.is_empty and not addresses.shipping.is_empty and addresses.shipping.same_as_legal:
        raise DomainError("There is no legal address to ship to: fill it in first.", field="shipping_same_as_legal")
    customer.check_version(version, "this customer")  # before anything is written
    before = address_snapshot(customer)
    write_addresses(customer, addresses)
    after = address_snapshot(customer)
    changes = {f"{kind} address": change for kind, change in audit.diff(before, after).items()}
    if not changes:
        return customer
    country = customer.country
    customer.save(update_fields=["version", "updated_at"])
    refresh_derived_columns(customer)
    record_update(customer, actor=actor, action="customers.addresses.updated", changes=changes)
    if customer.country != country:  # the legal address's country: what a company is screened on
        events.identity_changed(customer, ("country",))
    return customer
