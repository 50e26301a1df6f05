"""Every change to a customer: one keyword-only function per change, in one transaction, that
locks the row, checks the rule and the version the form was opened at, saves only what changed
and writes the audit entry with the before/after of the changed fields."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Sum

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser

from . import search
from .choices import COMPANY_RELATIONSHIPS, AddressKind, Kind, RelationshipKind
from .models import (
    AccessGroup,
    AccessRole,
    Address,
    ContactEmail,
    ContactPhone,
    Customer,
    CustomerType,
    PriceList,
    Relationship,
    Tag,
)
from .selectors import dictionary_choices_key

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
    "skip_transfer_pre_approval",
    "referral_code",
    "agent_company",
    "created_by_agent",
)
# Shown in the history only to those who see personal data whole.
PII_FIELDS = ("birth_date", "national_id_last4")
ADDRESS_FIELDS = ("line1", "line2", "postcode", "city", "region", "country")


@dataclass
class Contacts:
    """A customer's emails and phones; the first of each is the primary one."""

    emails: Sequence[str] = ()
    phones: Sequence[str] = ()  # E.164

    def __post_init__(self):
        unique = {}
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


# --- helpers ---------------------------------------------------------------------------------


def new_public_id() -> str:
    """A short random alias (8 characters without look-alikes), unused so far."""
    while True:
        candidate = "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(8))
        if not Customer.objects.filter(public_id=candidate).exists():
            return candidate


def _locked(customer: Customer) -> Customer:
    return Customer.objects.select_for_update().get(pk=customer.pk)


def _check_public_id_free(public_id: str, *, customer_pk: int | None = None) -> None:
    taken = Customer.objects.filter(public_id=public_id).exclude(pk=customer_pk).exists()
    if taken:
        raise DomainError("Another customer already uses this public id.", field="public_id")


def _check_primary_email_free(email: str, *, customer_pk: int | None = None) -> None:
    taken = ContactEmail.objects.filter(email__iexact=email, is_primary=True).exclude(customer_id=customer_pk)
    if taken.exists():
        raise DomainError(
            "Another customer signs in with this email: the primary email must be unique.", field="primary_email"
        )


def refresh_derived_columns(customer: Customer) -> None:
    """Recompute the columns the lists and the omnibox read (see ``customers.models``)."""
    emails = list(customer.emails.order_by("-is_primary", "id").values_list("email", "is_primary"))
    phones = list(customer.phones.order_by("-is_primary", "id").values_list("number", "is_primary"))
    legal = customer.addresses.filter(kind=AddressKind.LEGAL).values_list("country", flat=True).first()
    customer.primary_email = next((email for email, primary in emails if primary), "")
    customer.primary_phone = next((str(number) for number, primary in phones if primary), "")
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
        emails=[email for email, _ in emails],
        phones=[str(number) for number, _ in phones],
    )
    Customer.objects.filter(pk=customer.pk).update(
        primary_email=customer.primary_email,
        primary_phone=customer.primary_phone,
        country=customer.country,
        name_key=customer.name_key,
        search_document=customer.search_document,
    )


def _contacts_snapshot(customer: Customer) -> dict[str, Any]:
    emails = list(customer.emails.order_by("-is_primary", "email").values_list("email", flat=True))
    phones = [str(n) for n in customer.phones.order_by("-is_primary", "number").values_list("number", flat=True)]
    return _contacts_view(Contacts(emails=emails, phones=phones))


def _contacts_view(contacts: Contacts) -> dict[str, Any]:
    return {
        "primary_email": contacts.emails[0] if contacts.emails else None,
        "other_emails": sorted(contacts.emails[1:]),
        "primary_phone": contacts.phones[0] if contacts.phones else None,
        "other_phones": sorted(contacts.phones[1:]),
    }


def _write_contacts(customer: Customer, contacts: Contacts) -> None:
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
        row = existing_phones.get(phone) or ContactPhone(customer=customer)
        row.number, row.is_primary = phone, index == 0
        row.save()


def _address_snapshot(customer: Customer) -> dict[str, str]:
    return {row.kind: str(row) for row in customer.addresses.all()}


def _write_addresses(customer: Customer, addresses: Addresses) -> None:
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


def _set_many(customer: Customer, name: str, values: Iterable) -> list[str]:
    values = sorted(set(values), key=lambda item: item.pk)
    getattr(customer, name).set(values)
    return sorted(str(value) for value in values)


def _many_snapshot(customer: Customer, name: str) -> list[str]:
    return sorted(str(value) for value in getattr(customer, name).all())


def _check_type_and_price_list(customer: Customer, customer_type: CustomerType | None, price_list: PriceList | None):
    applies_to = CustomerType.AppliesTo.PERSONS if customer.is_person else CustomerType.AppliesTo.COMPANIES
    if customer_type is not None and customer_type.applies_to != applies_to:
        raise DomainError(f"This type is for {customer_type.get_applies_to_display().lower()}.", field="customer_type")
    if price_list is not None and price_list.customer_type_id != (customer_type.pk if customer_type else None):
        raise DomainError(
            "This price list is not offered to this customer's type: choose one of the type's price lists "
            "(or one without a type when the customer has none).",
            field="price_list",
        )


def _apply(customer: Customer, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name == "customer_type":
            name = "person_type" if customer.is_person else "company_type"
        setattr(customer, name, value)


# --- creating --------------------------------------------------------------------------------


def _created(
    customer: Customer,
    *,
    actor: audit.Actor,
    contacts: Contacts,
    addresses: Addresses,
    tags: Iterable[Tag],
    customer_type: CustomerType | None,
    price_list: PriceList | None,
) -> Customer:
    customer.public_id = customer.public_id or new_public_id()
    _check_public_id_free(customer.public_id)
    if contacts.emails:
        _check_primary_email_free(contacts.emails[0])
    _check_type_and_price_list(customer, customer_type, price_list)
    _apply(customer, {"customer_type": customer_type, "price_list": price_list})
    if isinstance(actor, StaffUser):
        customer.created_by = actor
    try:
        with transaction.atomic():
            customer.save()
            _write_contacts(customer, contacts)
    except IntegrityError:
        # Two staff members saving the same public id or login email at the same moment.
        raise DomainError("Another customer took this public id or email a moment ago.", field="public_id") from None
    _write_addresses(customer, addresses)
    tag_names = _set_many(customer, "tags", tags)
    refresh_derived_columns(customer)
    fields = PERSON_IDENTITY_FIELDS if customer.is_person else COMPANY_IDENTITY_FIELDS
    after = {
        "kind": customer.get_kind_display(),
        **audit.snapshot(customer, fields),
        **_contacts_snapshot(customer),
        **{f"{kind} address": text for kind, text in _address_snapshot(customer).items()},
        "customer_type": str(customer_type or ""),
        "price_list": str(price_list or ""),
        "default_currency": customer.default_currency,
        "tags": tag_names,
    }
    action = "customers.person.created" if customer.is_person else "customers.company.created"
    audit.record(
        action=action,
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in ("", None, [], False)}),
        confidential_fields=[name for name in PII_FIELDS if name in after],
    )
    return customer


@transaction.atomic
def create_person(
    *,
    actor: audit.Actor,
    identity: Mapping[str, Any],
    contacts: Contacts,
    addresses: Addresses,
    customer_type: CustomerType | None = None,
    price_list: PriceList | None = None,
    default_currency: str = "EUR",
    tags: Iterable[Tag] = (),
) -> Customer:
    """A person created by hand in the panel (C "Add new"): passport details, public id (or a
    generated one), person type, contacts (required), legal address, settings, tags."""
    if not contacts.emails:
        raise DomainError("A person needs at least an email: it is their login.", field="primary_email")
    if not contacts.phones:
        raise DomainError("A person needs at least a phone number.", field="primary_phone")
    customer = Customer(kind=Kind.PERSON, default_currency=default_currency)
    _apply(customer, {name: identity[name] for name in PERSON_IDENTITY_FIELDS if name in identity})
    return _created(
        customer,
        actor=actor,
        contacts=contacts,
        addresses=addresses,
        tags=tags,
        customer_type=customer_type,
        price_list=price_list,
    )


@transaction.atomic
def create_company(
    *,
    actor: audit.Actor,
    kind: int,
    identity: Mapping[str, Any],
    contacts: Contacts,
    addresses: Addresses,
    representative: Customer,
    representative_kind: str = RelationshipKind.LEGAL_REPRESENTATIVE,
    ownership_percent: Decimal | None = None,
    customer_type: CustomerType | None = None,
    price_list: PriceList | None = None,
    default_currency: str = "EUR",
    tags: Iterable[Tag] = (),
) -> Customer:
    """A business, NGO or governmental organisation, with its legal representative or owner
    chosen from existing persons."""
    if kind not in (Kind.BUSINESS, Kind.NGO, Kind.GOVERNMENT):
        raise DomainError("Choose the kind of company.", field="kind")
    customer = Customer(kind=kind, default_currency=default_currency)
    _apply(customer, {name: identity[name] for name in COMPANY_IDENTITY_FIELDS if name in identity})
    customer = _created(
        customer,
        actor=actor,
        contacts=contacts,
        addresses=addresses,
        tags=tags,
        customer_type=customer_type,
        price_list=price_list,
    )
    add_relationship(
        actor=actor,
        customer=customer,
        related=representative,
        kind=representative_kind,
        ownership_percent=ownership_percent,
    )
    return customer


# --- editing, one section at a time ----------------------------------------------------------


def _record_update(customer: Customer, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit.record(
        action=action,
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes=changes,
        reason=reason,
        confidential_fields=[name for name in PII_FIELDS if name in changes],
    )


@transaction.atomic
def update_identity(*, actor: audit.Actor, customer: Customer, version: int | None, **values) -> Customer:
    """Passport details (persons) or legal data (companies), public id and user tag."""
    customer = _locked(customer)
    allowed = PERSON_IDENTITY_FIELDS if customer.is_person else COMPANY_IDENTITY_FIELDS
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Not identity fields of this customer: {sorted(unknown)}")
    changes = audit.diff(audit.snapshot(customer, values), values)
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    if "public_id" in changes:
        _check_public_id_free(values["public_id"], customer_pk=customer.pk)
    _apply(customer, values)
    customer.save()
    refresh_derived_columns(customer)
    _record_update(customer, actor=actor, action="customers.identity.updated", changes=changes)
    return customer


@transaction.atomic
def update_contacts(*, actor: audit.Actor, customer: Customer, version: int | None, contacts: Contacts) -> Customer:
    """Emails and phones (the first of each is primary). The primary email is the login."""
    customer = _locked(customer)
    if customer.is_person and not contacts.emails:
        raise DomainError("A person needs at least an email: it is their login.", field="primary_email")
    changes = audit.diff(_contacts_snapshot(customer), _contacts_view(contacts))
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    if contacts.emails:
        _check_primary_email_free(contacts.emails[0], customer_pk=customer.pk)
    try:
        with transaction.atomic():
            _write_contacts(customer, contacts)
    except IntegrityError:
        raise DomainError(
            "Another customer took this email as their login a moment ago.", field="primary_email"
        ) from None
    customer.save(update_fields=["version", "updated_at"])
    refresh_derived_columns(customer)
    _record_update(customer, actor=actor, action="customers.contacts.updated", changes=changes)
    return customer


@transaction.atomic
def update_addresses(*, actor: audit.Actor, customer: Customer, version: int | None, addresses: Addresses) -> Customer:
    customer = _locked(customer)
    if addresses.legal.is_empty and not addresses.shipping.is_empty and addresses.shipping.same_as_legal:
        raise DomainError("There is no legal address to ship to: fill it in first.", field="shipping_same_as_legal")
    customer.check_version(version, "this customer")  # before anything is written
    before = _address_snapshot(customer)
    _write_addresses(customer, addresses)
    after = _address_snapshot(customer)
    changes = {f"{kind} address": change for kind, change in audit.diff(before, after).items()}
    if not changes:
        return customer
    customer.save(update_fields=["version", "updated_at"])
    refresh_derived_columns(customer)
    _record_update(customer, actor=actor, action="customers.addresses.updated", changes=changes)
    return customer


@transaction.atomic
def update_settings(
    *,
    actor: audit.Actor,
    customer: Customer,
    version: int | None,
    access_roles: Iterable[AccessRole] = (),
    access_groups: Iterable[AccessGroup] = (),
    **values,
) -> Customer:
    """C "Settings": type, price list (of that type), currency, language, transfer pre-approval,
    referral code, agent; and the access roles and groups."""
    customer = _locked(customer)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not settings fields: {sorted(unknown)}")
    _check_type_and_price_list(customer, values.get("customer_type"), values.get("price_list"))
    before = {**audit.snapshot(customer, [n for n in SETTINGS_FIELDS if n != "customer_type"])}
    before["customer_type"] = customer.customer_type
    before = {
        name: str(value or "") if name in ("customer_type", "price_list") else value for name, value in before.items()
    }
    before["access_roles"] = _many_snapshot(customer, "access_roles")
    before["access_groups"] = _many_snapshot(customer, "access_groups")
    after = {
        name: str(value or "") if name in ("customer_type", "price_list") else value for name, value in values.items()
    }
    after["access_roles"] = sorted(str(role) for role in access_roles)
    after["access_groups"] = sorted(str(group) for group in access_groups)
    changes = audit.diff({name: before[name] for name in after}, after)
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    _apply(customer, values)
    customer.save()
    _set_many(customer, "access_roles", access_roles)
    _set_many(customer, "access_groups", access_groups)
    _record_update(customer, actor=actor, action="customers.settings.updated", changes=changes)
    return customer


@transaction.atomic
def update_tags(*, actor: audit.Actor, customer: Customer, version: int | None, tags: Iterable[Tag]) -> Customer:
    customer = _locked(customer)
    tags = list(tags)
    changes = audit.diff({"tags": _many_snapshot(customer, "tags")}, {"tags": sorted(str(tag) for tag in tags)})
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    customer.save(update_fields=["version", "updated_at"])
    _set_many(customer, "tags", tags)
    _record_update(customer, actor=actor, action="customers.tags.updated", changes=changes)
    return customer


# --- relationships ---------------------------------------------------------------------------


def _levels_above(customer: Customer) -> int:
    parents = set(Relationship.objects.filter(related=customer).values_list("customer_id", flat=True))
    if not parents:
        return 0
    grandparents = Relationship.objects.filter(related_id__in=parents).exists()
    return 2 if grandparents else 1


def _levels_below(customer: Customer) -> int:
    children = set(Relationship.objects.filter(customer=customer).values_list("related_id", flat=True))
    if not children:
        return 0
    grandchildren = Relationship.objects.filter(customer_id__in=children).exists()
    return 2 if grandchildren else 1


@transaction.atomic
def add_relationship(
    *,
    actor: audit.Actor,
    customer: Customer,
    related: Customer,
    kind: str,
    ownership_percent: Decimal | None = None,
    position: str = "",
) -> Relationship:
    """Link ``related`` to ``customer`` as ``kind``. A company's representatives, directors and
    employees are persons; owners may be persons or companies, with their share; nesting stops
    at two levels (T)."""
    customer = _locked(customer)
    if related.pk == customer.pk:
        raise DomainError("A customer cannot be linked to themselves.", field="related")
    if kind in COMPANY_RELATIONSHIPS and not customer.is_company:
        raise DomainError("Only a company has representatives, owners, directors and employees.", field="kind")
    if kind in COMPANY_RELATIONSHIPS and kind != RelationshipKind.SHAREHOLDER and not related.is_person:
        raise DomainError("A legal representative, director or employee is a person.", field="related")
    if kind == RelationshipKind.SHAREHOLDER:
        if ownership_percent is None:
            raise DomainError("Give the share this owner holds, in %.", field="ownership_percent")
        held = Relationship.objects.filter(customer=customer, kind=RelationshipKind.SHAREHOLDER).aggregate(
            total=Sum("ownership_percent")
        )["total"] or Decimal(0)
        if held + ownership_percent > 100:
            raise DomainError(
                f"The owners would hold more than 100 %: {held} % is already declared.", field="ownership_percent"
            )
    elif ownership_percent is not None:
        raise DomainError("Only a shareholder / beneficial owner has a share.", field="ownership_percent")
    if _levels_above(customer) + 1 + _levels_below(related) > MAX_DEPTH:
        raise DomainError(
            "This link would nest customers more than two levels deep, which is not allowed.", field="related"
        )
    if Relationship.objects.filter(customer=customer, related=related, kind=kind).exists():
        raise DomainError("This link already exists.", field="related")
    try:
        with transaction.atomic():
            relationship = Relationship.objects.create(
                customer=customer, related=related, kind=kind, ownership_percent=ownership_percent, position=position
            )
    except IntegrityError:
        raise DomainError("This link already exists.", field="related") from None
    customer.version += 1
    customer.save(update_fields=["version", "updated_at"])
    audit.record(
        action="customers.relationship.added",
        actor=actor,
        customer_id=customer.pk,
        target=relationship,
        changes=audit.diff(
            {},
            {
                "kind": relationship.get_kind_display(),
                "related": f"{related} (#{related.pk})",
                "ownership_percent": ownership_percent,
                "position": position,
            },
        ),
    )
    return relationship


@transaction.atomic
def remove_relationship(*, actor: audit.Actor, relationship: Relationship, reason: str) -> None:
    customer = _locked(relationship.customer)
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    before = {
        "kind": relationship.get_kind_display(),
        "related": f"{relationship.related} (#{relationship.related_id})",
        "ownership_percent": relationship.ownership_percent,
    }
    audit.record(
        action="customers.relationship.removed",
        actor=actor,
        customer_id=customer.pk,
        target=relationship,
        changes=audit.diff(before, {}),
        reason=reason,
    )
    relationship.delete()
    customer.version += 1
    customer.save(update_fields=["version", "updated_at"])


# --- dictionaries ----------------------------------------------------------------------------


@transaction.atomic
def save_dictionary_entry(*, actor: audit.Actor, entry, values: Mapping[str, Any]):
    """Create (``entry`` unsaved) or edit an entry of a dictionary (types, price lists, tags,
    access roles and groups)."""
    creating = entry.pk is None
    before = {} if creating else {name: str(getattr(entry, name)) for name in values}
    for name, value in values.items():
        setattr(entry, name, value)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise DomainError("An entry with this name already exists.", field="name") from None
    changes = audit.diff(before, {name: str(getattr(entry, name)) for name in values})
    key = dictionary_choices_key(type(entry))
    transaction.on_commit(lambda: cache.delete(key))
    if changes:
        label = entry._meta.model_name
        audit.record(
            action=f"customers.{label}.{'created' if creating else 'updated'}",
            actor=actor,
            target=entry,
            changes=changes,
        )
    return entry
