"""C "It is possible to select a Limit manually from the Limit drop-down list": a customer's limit
pack chosen by hand, whatever their verification level, or set back to automatic (the pack of
their type and level, ``selectors.pack_of``). Only the packs of the customer's type, or without a
type, are offered. Administrators; a second one approves by default, as every limit change."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from customers.models import Customer
from customers.services.common import require_open_customer

from ..models import ChosenLimitPack, LimitPack


def packs_offered_to(customer: Customer):
    """The packs a customer's own may be chosen among: of their type, or without a type."""
    type_id = customer.person_type_id if customer.is_person else customer.company_type_id
    return LimitPack.objects.filter(Q(customer_type__isnull=True) | Q(customer_type_id=type_id)).order_by(
        "verification_level", "customer_type_id", "name"
    )


def choice_refusal(customer: Customer) -> str | None:
    if customer.is_deactivated:
        return "This customer is deactivated: their limits no longer change."
    return None


@transaction.atomic
def choose_limit_pack(*, actor, customer: Customer, pack: LimitPack | int | None, reason: str) -> Customer:
    """``pack`` None: automatic again. The change and its reason are audited."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is required.", field="reason")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "choosing the limit pack")
    if isinstance(pack, int):  # a request approved later gives the pack's id
        pack = LimitPack.objects.filter(pk=pack).first()
        if pack is None:
            raise DomainError("This limit pack no longer exists: choose another.", field="pack")
    if pack is not None and not packs_offered_to(customer).filter(pk=pack.pk).exists():
        raise DomainError(
            f"“{pack}” is a pack of another type: choose one of the customer's type or one without a type.",
            field="pack",
        )
    current = ChosenLimitPack.objects.select_related("pack").filter(customer=customer).first()
    before = str(current.pack) if current else ""
    if (current.pack_id if current else None) == (pack.pk if pack else None):
        return customer
    if pack is None:
        ChosenLimitPack.objects.filter(customer=customer).delete()
    else:
        staff = actor if isinstance(actor, StaffUser) else None
        ChosenLimitPack.objects.update_or_create(customer=customer, defaults={"pack": pack, "chosen_by": staff})
    audit.record(
        action="compliance.limit_pack.chosen",
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={"limit_pack": [before or "automatic", str(pack) if pack else "automatic"]},
        reason=reason,
    )
    return customer


def release_pack_of_another_type(customer: Customer, actor) -> None:
    """The customer's type changed (``customers.events.on_type_changed``): a pack chosen by hand
    of their former type no longer applies to them, and goes, audited (outside attack 21c: a
    Retail customer kept a Premium pack and the Limits tab said nothing)."""
    chosen = ChosenLimitPack.objects.select_related("pack").filter(customer=customer).first()
    type_id = customer.person_type_id if customer.is_person else customer.company_type_id
    if chosen is None or chosen.pack.customer_type_id in (None, type_id):
        return
    chosen.delete()
    audit.record(
        action="compliance.limit_pack.chosen",
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={"limit_pack": [str(chosen.pack), "automatic"]},
        reason="The customer's type changed: the pack chosen by hand was of their former type.",
    )
