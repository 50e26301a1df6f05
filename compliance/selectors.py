"""Reads of the compliance app: a customer's restrictions with their latest reasons, and the
restriction history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from backoffice.models import AuditEntry
from backoffice.selectors import customer_history

# What the restriction history lists (not, say, the payment systems' queries).
RESTRICTION_ACTIONS = (
    "compliance.state.",
    "compliance.freeze.",
    "compliance.legal_freeze.",
    "compliance.risk.",
    "compliance.customer.deactivated",
    "compliance.custom_thresholds.",
)
HISTORY_LIMIT = 50


@dataclass
class Restrictions:
    state: str
    state_reason: str
    is_frozen: bool
    freeze_comment: str
    is_legal_frozen: bool
    legal_freeze_comment: str


def restrictions_of(customer) -> Restrictions:
    """The flags with the comment that set each (from the audit log: Treezor does not return the
    comment; the audit keeps it, confidential). Two queries at most."""
    latest = {}
    wanted = ("compliance.freeze.set", "compliance.legal_freeze.set")
    for entry in AuditEntry.objects.filter(customer_id=customer.pk, action__in=wanted).order_by("-occurred_at", "-pk")[
        :20
    ]:
        latest.setdefault(entry.action, entry.reason)
    return Restrictions(
        state=customer.state,
        state_reason=customer.state_reason,
        is_frozen=customer.is_frozen,
        freeze_comment=latest.get("compliance.freeze.set", "") if customer.is_frozen else "",
        is_legal_frozen=customer.is_legal_frozen,
        legal_freeze_comment=latest.get("compliance.legal_freeze.set", "") if customer.is_legal_frozen else "",
    )


def restriction_history(user, customer) -> list[tuple]:
    return customer_history(user, customer.pk, prefixes=RESTRICTION_ACTIONS, limit=HISTORY_LIMIT)


@dataclass
class EffectiveLimit:
    operation: str
    operation_label: str
    period: str
    period_label: str
    max_amount: object
    max_count: object
    source: str  # the pack's name, or "Custom"
    custom: bool


def effective_limits(customer) -> tuple[object, list[EffectiveLimit]]:
    """The pack of the customer's verification level, and each (operation, period) threshold that
    applies: the customer's own where there is one, else the pack's. Two queries."""
    from .models import LimitPack, Threshold

    pack = LimitPack.objects.filter(verification_level=customer.verification_level).first()
    rows = Threshold.objects.filter(Q(customer=customer) | Q(pack=pack) if pack else Q(customer=customer))
    chosen = {}
    for threshold in rows.order_by("operation", "period"):
        key = (threshold.operation, threshold.period)
        if threshold.customer_id is not None or key not in chosen:
            chosen[key] = threshold
    limits = [
        EffectiveLimit(
            operation=t.operation,
            operation_label=t.get_operation_display(),
            period=t.period,
            period_label=t.get_period_display(),
            max_amount=t.max_amount,
            max_count=t.max_count,
            source="Custom" if t.customer_id else pack.name,
            custom=t.customer_id is not None,
        )
        for _, t in sorted(chosen.items())
    ]
    return pack, limits


def fees_of(customer) -> list:
    from .models import Fee

    if customer.price_list_id is None:
        return []
    return list(Fee.objects.filter(price_list_id=customer.price_list_id).order_by("operation"))
