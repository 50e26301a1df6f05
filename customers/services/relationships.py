"""Links between customers: a company's representatives, owners, directors and employees; a
person's custodian, beneficiary or partner. Nesting stops at two levels (T)."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import COMPANY_RELATIONSHIPS, RelationshipKind
from ..models import (
    Customer,
    Relationship,
)
from .common import MAX_DEPTH, locked


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
    customer = locked(customer, doing="linking a customer")
    if related.pk == customer.pk:
        raise DomainError("A customer cannot be linked to themselves.", field="related")
    if related.is_deactivated:  # they can be identified no more: a group could never be reviewed
        raise DomainError(f"{related} is deactivated: a deactivated customer cannot be linked.", field="related")
    if related.is_prospect and kind in COMPANY_RELATIONSHIPS:
        # A company's KYC rests on its people: one whose identity is not known yet stands for nothing.
        raise DomainError(
            f"{related} is a prospect: make them an active customer before linking them to a company.",
            field="related",
        )
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
    customer = locked(relationship.customer, doing="removing a relationship")
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
