"""The vigilance transfer's refund (seed 002: "Transfer must be refunded if the User is not
KYC-validated"; the payinrefund itself goes through Treezor's account manager, outside the back
office). Which refusals open it: those that leave the customer not KYC-validated, i.e. a refusal
at LIGHT and a permanent refusal (REFUSED). A refusal that keeps REGULAR or STRONG (a validated
customer's new documents refused) leaves them validated: nothing to refund. Only when the
customer's KYC form asks for the transfer and it was booked (``vigilance_payin_of``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.formatting import format_money
from backoffice.models import StaffUser
from customers.choices import KycLevel
from customers.selectors.holdings import vigilance_payin_of

from .. import work_items
from ..models import VigilanceRefund, VigilanceRefundStatus
from ..requirements import form_for

NOT_VALIDATED = (KycLevel.NONE, KycLevel.LIGHT, KycLevel.REFUSED)
REQUESTED_ACTION = "kyc.vigilance_refund.requested"
REFUNDED_ACTION = "kyc.vigilance_refund.refunded"


def open_refund_on_refusal(decided) -> VigilanceRefund | None:
    """Subscribed to ``kyc.events.review_decided``: in the decision's transaction, ask for the
    refund of a refused customer's booked vigilance transfer (once per transfer)."""
    customer = decided.customer
    if decided.decision == "validate" or customer.kyc_level not in NOT_VALIDATED:
        return None
    form = form_for(customer)
    if form is None or not form.vigilance_payin_required:
        return None
    payin = vigilance_payin_of(customer)
    if payin is None or VigilanceRefund.objects.filter(payin=payin).exists():
        return None
    refund = VigilanceRefund.objects.create(
        customer=customer,
        payin=payin,
        review=decided.review,
        amount=payin.amount,
        currency=payin.currency,
        requested_by=decided.actor if isinstance(decided.actor, StaffUser) else None,
    )
    audit.record(
        action=REQUESTED_ACTION,
        actor=decided.actor,
        customer_id=customer.pk,
        target=refund,
        changes={"status": [None, refund.status], "amount": [None, format_money(refund.amount, refund.currency)]},
        reason=f"KYC review #{decided.review.pk} refused: the customer is not KYC-validated",
    )
    work_items.refund_requested(refund)
    return refund


def refunded_refusal(refund: VigilanceRefund) -> str | None:
    """Why the refund can no longer be marked refunded (it was already), or None."""
    if refund.status != VigilanceRefundStatus.REQUESTED:
        return "This vigilance transfer was marked refunded already."
    return None


@transaction.atomic
def mark_refunded(*, actor, refund: VigilanceRefund, reference: str) -> VigilanceRefund:
    """requested → refunded, with the payinrefund's reference."""
    refund = VigilanceRefund.objects.select_for_update().get(pk=refund.pk)
    if refund.status != VigilanceRefundStatus.REQUESTED:
        raise DomainError(f"This transfer was marked refunded already ({refund.refunded_at:%Y-%m-%d %H:%M}).")
    reference = reference.strip()
    if not reference:
        raise DomainError("Give the refund's reference (the payinrefund or the bank transfer).", field="reference")
    refund.status, refund.reference = VigilanceRefundStatus.REFUNDED, reference
    refund.refunded_at, refund.refunded_by = timezone.now(), actor if isinstance(actor, StaffUser) else None
    refund.save(update_fields=["status", "reference", "refunded_at", "refunded_by"])
    audit.record(
        action=REFUNDED_ACTION,
        actor=actor,
        customer_id=refund.customer_id,
        target=refund,
        changes={"status": [VigilanceRefundStatus.REQUESTED, refund.status], "reference": [None, reference]},
    )
    work_items.refund_settled(refund, actor)
    return refund
