"""What the pages of the KYC tab's commands say that depends on their target (a document, a
live verification, a vigilance refund, the customer asking for a review), and why a command is
not offered now, one function per verb. The commands are declared in ``kyc.commands``."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from backoffice.errors import DomainError
from backoffice.formatting import format_money
from customers.choices import KycLevel, KycReview
from customers.models import Customer

from . import requirements
from .models import Document, LivenessSession, VigilanceRefund
from .services import reviews
from .services.documents import document_refusal

# --- documents ---------------------------------------------------------------------------------


def document_of(customer: Customer, pk) -> Document:
    """One of the customer's documents (the customer's page checked who may see them)."""
    return get_object_or_404(Document.objects.select_related("customer"), customer=customer, pk=pk)


def prevalidate_refusal(document: Document) -> str | None:
    return document_refusal(document, "prevalidate")


def prerefuse_refusal(document: Document) -> str | None:
    return document_refusal(document, "prerefuse")


def cancel_refusal(document: Document) -> str | None:
    return document_refusal(document, "cancel")


def prereview_actor_refusal(document: Document, actor) -> str | None:
    """Segregation of duties: who uploaded the document does not pre-review it."""
    return document_refusal(document, "prevalidate", actor)


def optional_comment(customer: Customer, document: Document) -> dict[str, Any]:
    return {"required": False}


# --- reviews and live verifications ------------------------------------------------------------


def review_request_refusal(customer: Customer) -> str | None:
    """What blocks the review (documents, group), or the KYC state that allows no request (review
    18d: a Regular customer whose review is None was offered the page, which then failed)."""
    blockers = requirements.review_blockers(customer, requirements.checklist(customer))
    if blockers:
        return " ".join(blockers)
    try:
        reviews.kyc_transition(customer, "request")
    except DomainError as error:
        return error.message
    return None


def review_request_effect(customer: Customer) -> str:
    checklist = requirements.checklist(customer)
    level, _ = reviews.kyc_transition(customer, "request")
    group = f" with its group ({len(checklist.members)} persons)" if checklist.members else ""
    keeps = (
        f"The customer keeps the {KycLevel(level).label} level, and full service, until the decision."
        if level != KycLevel.NONE
        else "The KYC level becomes None until the decision."
    )
    return (
        f"The customer{group} goes to compliance with every pre-validated document; the KYC review "
        f"becomes {KycReview.PENDING.label}. {keeps}"
    )


def session_of(customer: Customer, pk) -> LivenessSession:
    return get_object_or_404(LivenessSession, pk=pk, customer=customer)


def ask_again_refusal(session: LivenessSession) -> str | None:
    from .liveness.services import documents_awaited

    if not documents_awaited(session):
        return "The provider's documents are not awaited for this live verification: nothing to ask."
    return None


# --- vigilance refunds -------------------------------------------------------------------------


def refund_of(customer: Customer, pk) -> VigilanceRefund:
    return get_object_or_404(VigilanceRefund, pk=pk, customer=customer)


def refunded_effect(refund: VigilanceRefund) -> str:
    amount = format_money(refund.amount, refund.currency)
    return (
        f"The {amount} the customer wired from their own bank account, booked "
        f"{refund.payin.booked_at:%Y-%m-%d}, went back to them: the task closes as Refunded, with its reference."
    )
