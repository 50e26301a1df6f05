"""Creating persons and companies, and editing their identity, settings and tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Field

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from backoffice.roles import ADMINISTRATOR

from .. import events
from ..choices import Kind, RelationshipKind
from ..models import (
    AccessGroup,
    AccessRole,
    Customer,
    CustomerType,
    PriceList,
    Tag,
)
from .common import (
    COMPANY_IDENTITY_FIELDS,
    PERSON_IDENTITY_FIELDS,
    PII_FIELDS,
    SETTINGS_FIELDS,
    apply_values,
    check_public_id_free,
    locked,
    many_snapshot,
    new_public_id,
    record_update,
    refresh_derived_columns,
    set_many,
)
from .contacts import (
    Addresses,
    Contacts,
    address_snapshot,
    check_primary_email_free,
    contacts_snapshot,
    write_addresses,
    write_contacts,
)
from .relationships import add_relationship


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


def created(
    customer: Customer,
    *,
    actor: audit.Actor,
    contacts: Contacts,
    addresses: Addresses,
    tags: Iterable[Tag],
    customer_type: CustomerType | None,
    price_list: PriceList | None,
    action: str = "",
    access_roles: Iterable[AccessRole] = (),
    access_groups: Iterable[AccessGroup] = (),
) -> Customer:
    """Saves a new customer with its contacts, addresses and tags, and writes the audit entry
    (``action``, else "person created" or "company created")."""
    customer.public_id = customer.public_id or new_public_id()
    check_public_id_free(customer.public_id)
    if contacts.emails:
        check_primary_email_free(contacts.emails[0])
    _check_type_and_price_list(customer, customer_type, price_list)
    apply_values(customer, {"customer_type": customer_type, "price_list": price_list})
    if isinstance(actor, StaffUser):
        customer.created_by = actor
    try:
        with transaction.atomic():
            customer.save()
            write_contacts(customer, contacts)
    except IntegrityError:
        # Two staff members saving the same public id or login email at the same moment.
        raise DomainError("Another customer took this public id or email a moment ago.", field="public_id") from None
    write_addresses(customer, addresses)
    tag_names = set_many(customer, "tags", tags)
    role_names = set_many(customer, "access_roles", access_roles)
    group_names = set_many(customer, "access_groups", access_groups)
    refresh_derived_columns(customer)
    fields = PERSON_IDENTITY_FIELDS if customer.is_person else COMPANY_IDENTITY_FIELDS
    after = {
        "kind": customer.get_kind_display(),
        **audit.snapshot(customer, fields),
        **contacts_snapshot(customer),
        **{f"{kind} address": text for kind, text in address_snapshot(customer).items()},
        "customer_type": str(customer_type or ""),
        "price_list": str(price_list or ""),
        "default_currency": customer.default_currency,
        "tags": tag_names,
        "access_roles": role_names,
        "access_groups": group_names,
    }
    action = action or ("customers.person.created" if customer.is_person else "customers.company.created")
    audit.record(
        action=action,
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in ("", None, [], False)}),
        confidential_fields=[name for name in PII_FIELDS if name in after],
    )
    events.identity_changed(customer, ())
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
    access_roles: Iterable[AccessRole] = (),
    access_groups: Iterable[AccessGroup] = (),
) -> Customer:
    """A person created by hand in the panel (C "Add new"): passport details, public id (or a
    generated one), person type, contacts (required), legal address, settings, tags."""
    if not contacts.emails:
        raise DomainError("A person needs at least an email: it is their login.", field="primary_email")
    if not contacts.phones:
        raise DomainError("A person needs at least a phone number.", field="primary_phone")
    customer = Customer(kind=Kind.PERSON, default_currency=default_currency)
    apply_values(customer, {name: identity[name] for name in PERSON_IDENTITY_FIELDS if name in identity})
    return created(
        customer,
        actor=actor,
        contacts=contacts,
        addresses=addresses,
        tags=tags,
        customer_type=customer_type,
        price_list=price_list,
        access_roles=access_roles,
        access_groups=access_groups,
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
    access_roles: Iterable[AccessRole] = (),
    access_groups: Iterable[AccessGroup] = (),
) -> Customer:
    """A business, NGO or governmental organisation, with its legal representative or owner
    chosen from existing persons."""
    if kind not in (Kind.BUSINESS, Kind.NGO, Kind.GOVERNMENT):
        raise DomainError("Choose the kind of company.", field="kind")
    customer = Customer(kind=kind, default_currency=default_currency)
    apply_values(customer, {name: identity[name] for name in COMPANY_IDENTITY_FIELDS if name in identity})
    customer = created(
        customer,
        actor=actor,
        contacts=contacts,
        addresses=addresses,
        tags=tags,
        customer_type=customer_type,
        price_list=price_list,
        access_roles=access_roles,
        access_groups=access_groups,
    )
    add_relationship(
        actor=actor,
        customer=customer,
        related=representative,
        kind=representative_kind,
        ownership_percent=ownership_percent,
    )
    return customer


@transaction.atomic
def update_identity(*, actor: audit.Actor, customer: Customer, version: int | None = None, **values) -> Customer:
    """Passport details (persons) or legal data (companies), public id and user tag."""
    customer = locked(customer, doing="editing the identity")
    allowed = PERSON_IDENTITY_FIELDS if customer.is_person else COMPANY_IDENTITY_FIELDS
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Not identity fields of this customer: {sorted(unknown)}")
    # As the columns hold them: a request approved later gives them as JSON (a date as its text).
    values = {name: cast(Field, Customer._meta.get_field(name)).to_python(value) for name, value in values.items()}
    changes = audit.diff(audit.snapshot(customer, values), values)
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    if "public_id" in changes:
        check_public_id_free(values["public_id"], customer_pk=customer.pk)
    apply_values(customer, values)
    customer.save()
    refresh_derived_columns(customer)
    record_update(customer, actor=actor, action="customers.identity.updated", changes=changes)
    events.identity_changed(customer, tuple(changes))
    return customer


def _settings_view(values: Mapping[str, Any], access_roles: Iterable, access_groups: Iterable) -> dict[str, Any]:
    """Settings as the audit log records them: dictionary entries by name."""
    view = {
        name: str(value or "") if name in ("customer_type", "price_list") else value for name, value in values.items()
    }
    view["access_roles"] = sorted(str(role) for role in access_roles)
    view["access_groups"] = sorted(str(group) for group in access_groups)
    return view


@transaction.atomic
def update_settings(
    *,
    actor: audit.Actor,
    customer: Customer,
    version: int | None = None,
    access_roles: Iterable[AccessRole] = (),
    access_groups: Iterable[AccessGroup] = (),
    **values,
) -> Customer:
    """C "Settings": type, price list (of that type), currency, language, referral code, agent;
    and the access roles and groups. The transfer pre-approval is a command of its own
    (``services.pre_approval``): skipping it waits for a second person."""
    customer = locked(customer, doing="editing the settings")
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not settings fields: {sorted(unknown)}")
    values, access_roles, access_groups = _records_of(values, access_roles, access_groups)
    type_before = customer.person_type_id if customer.is_person else customer.company_type_id
    _check_type_and_price_list(customer, values.get("customer_type"), values.get("price_list"))
    current = {name: getattr(customer, name) for name in SETTINGS_FIELDS}  # customer_type is a property
    before = _settings_view(current, customer.access_roles.all(), customer.access_groups.all())
    after = _settings_view(values, access_roles, access_groups)
    changes = audit.diff({name: before[name] for name in after}, after)
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    apply_values(customer, values)
    customer.save()
    set_many(customer, "access_roles", access_roles)
    set_many(customer, "access_groups", access_groups)
    record_update(customer, actor=actor, action="customers.settings.updated", changes=changes)
    if (customer.person_type_id if customer.is_person else customer.company_type_id) != type_before:
        events.type_changed(customer, actor)
    return customer


def _records_of(values: dict, access_roles: Iterable, access_groups: Iterable) -> tuple[dict, list, list]:
    """The settings form gives ids (a request waiting for a second person keeps them as JSON): the
    records they name. Records given as such (the demo, the tests) are kept."""

    def record(model, value):
        return model.objects.filter(pk=value).first() if isinstance(value, int) else value

    def records(model, given) -> list:
        given = list(given)
        ids = [value for value in given if isinstance(value, int)]
        return [value for value in given if not isinstance(value, int)] + list(model.objects.filter(pk__in=ids))

    values = dict(values)
    if "customer_type" in values:
        values["customer_type"] = record(CustomerType, values["customer_type"])
    if "price_list" in values:
        values["price_list"] = record(PriceList, values["price_list"])
    return values, records(AccessRole, access_roles), records(AccessGroup, access_groups)


def settings_approver_role(customer: Customer, parameters: Mapping[str, Any]) -> str:
    """A new type or price list changes the customer's limits and fees at once: a second
    administrator approves it, as they approve a pack chosen by hand or a price list's fees
    (outside attack 21c: one administrator raised a card limit from 900 to 3,000 EUR a day by
    changing the type). Other settings follow the command's rule."""
    current_type = customer.person_type_id if customer.is_person else customer.company_type_id

    def pk(value):
        return getattr(value, "pk", value)

    if (
        pk(parameters.get("customer_type")) != current_type
        or pk(parameters.get("price_list")) != customer.price_list_id
    ):
        return ADMINISTRATOR
    return ""


@transaction.atomic
def update_tags(*, actor: audit.Actor, customer: Customer, version: int | None = None, tags: Iterable[Tag]) -> Customer:
    customer = locked(customer, doing="editing the tags")
    tags = list(tags)
    changes = audit.diff({"tags": many_snapshot(customer, "tags")}, {"tags": sorted(str(tag) for tag in tags)})
    if not changes:
        return customer
    customer.check_version(version, "this customer")
    customer.save(update_fields=["version", "updated_at"])
    set_many(customer, "tags", tags)
    record_update(customer, actor=actor, action="customers.tags.updated", changes=changes)
    return customer
