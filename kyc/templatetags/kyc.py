"""Badges of the KYC level and review, the same wherever they appear."""

from django import template

from backoffice.tables import badge
from customers.choices import KycLevel, KycReview
from customers.masking import masked_last4, sees_full_pii

from .. import queue_rows

register = template.Library()

LEVEL_COLOURS = {
    KycLevel.NONE: "secondary",
    KycLevel.LIGHT: "warning",
    KycLevel.REGULAR: "success",
    KycLevel.STRONG: "success",
    KycLevel.REFUSED: "danger",
}
REVIEW_COLOURS = {
    KycReview.NONE: "light",
    KycReview.PENDING: "warning",
    KycReview.VALIDATED: "success",
    KycReview.REFUSED: "danger",
}


@register.simple_tag
def kyc_level_badge(level: int):
    return badge(KycLevel(level).label, LEVEL_COLOURS.get(level, "info"))


@register.simple_tag
def kyc_review_badge(review: int):
    return badge(KycReview(review).label, REVIEW_COLOURS.get(review, "info"))


@register.simple_tag(takes_context=True)
def document_number(context, document) -> str:
    """An identity document's number is personal data: its last four for support agents."""
    number = document.number
    if not number or sees_full_pii(context["request"].user):
        return number
    return masked_last4(number[-4:])


# The queues' rows, written in Python (kyc.queue_rows, issue 17).
@register.simple_tag
def identification_request_rows(rows, user):
    return queue_rows.identification_request_rows(rows, user)


@register.simple_tag(takes_context=True)
def review_queue_rows(context, reviews):
    return queue_rows.review_queue_rows(reviews, context["request"])


@register.simple_tag
def prereview_queue_rows(documents):
    return queue_rows.prereview_queue_rows(documents)
