"""Reads of the compliance app: a customer's restrictions with their latest reasons, and the
restriction history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Q, Value, When

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
    "compliance.limit_pack.chosen",
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
    latest: dict[str, str] = {}  # action → the reason of its latest entry
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


CUSTOM = "Custom"


@dataclass
class EffectiveLimit:
    """One (operation, period) threshold that applies, each dimension with where it comes from:
    ``CUSTOM``, the pack's name, or "" when neither sets it."""

    operation: str
    operation_label: str
    period: str
    period_label: str
    max_amount: object
    amount_source: str
    max_count: object
    count_source: str

    @property
    def custom(self) -> bool:
        return CUSTOM in (self.amount_source, self.count_source)


def _dimension(custom, pack_line, pack, name: str) -> tuple[object, str]:
    """A custom threshold overrides only the dimensions it sets: the pack's value stays for the
    others (a custom amount does not lift the pack's count)."""
    if custom is not None and getattr(custom, name) is not None:
        return getattr(custom, name), CUSTOM
    if pack_line is not None and getattr(pack_line, name) is not None:
        return getattr(pack_line, name), pack.name
    return None, ""


# Why a customer has their pack (``pack_of``), as the Limits tab says it.
CHOSEN_BY_HAND, OF_THEIR_TYPE, OF_THEIR_LEVEL = (
    "chosen by hand",
    "of their type and verification level",
    ("of their verification level"),
)


def pack_of(customer):
    """The customer's limit pack and why, in one query: the pack chosen by hand if any (C "select
    a Limit manually"), else the pack of their type at their verification level, else the pack of
    that level without a type. ``(None, "")`` when none applies."""
    from .models import LimitPack

    type_id = customer.person_type_id if customer.is_person else customer.company_type_id
    at_level = Q(verification_level=customer.verification_level) & (
        Q(customer_type__isnull=True) | (Q(customer_type_id=type_id) if type_id else Q(pk__in=[]))
    )
    pack = (
        LimitPack.objects.filter(Q(chosen_for__customer_id=customer.pk) | at_level)
        .annotate(
            rank=Case(
                When(chosen_for__customer_id=customer.pk, then=Value(0)),
                When(customer_type__isnull=False, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank")
        .first()
    )
    if pack is None:
        return None, ""
    why = (CHOSEN_BY_HAND, OF_THEIR_TYPE, OF_THEIR_LEVEL)[pack.rank]
    pack.why = why  # type: ignore[attr-defined]  # the Limits tab says it beside the pack's name
    return pack, why


def effective_limits(customer) -> tuple[object, list[EffectiveLimit]]:
    """The customer's pack (``pack_of``), and each (operation, period) threshold that applies,
    dimension by dimension: the customer's own amount or count where they set one, else the
    pack's. Two queries."""
    from .models import Threshold

    pack, _ = pack_of(customer)
    rows = Threshold.objects.filter(Q(customer=customer) | Q(pack=pack) if pack else Q(customer=customer))
    custom: dict[tuple[str, str], Threshold] = {}
    packed: dict[tuple[str, str], Threshold] = {}
    for threshold in rows:
        key = (threshold.operation, threshold.period)
        (custom if threshold.customer_id is not None else packed)[key] = threshold
    limits = []
    for key in sorted(custom.keys() | packed.keys()):
        any_line = custom.get(key) or packed[key]
        max_amount, amount_source = _dimension(custom.get(key), packed.get(key), pack, "max_amount")
        max_count, count_source = _dimension(custom.get(key), packed.get(key), pack, "max_count")
        limits.append(
            EffectiveLimit(
                operation=any_line.operation,
                operation_label=any_line.get_operation_display(),
                period=any_line.period,
                period_label=any_line.get_period_display(),
                max_amount=max_amount,
                amount_source=amount_source,
                max_count=max_count,
                count_source=count_source,
            )
        )
    return pack, limits


def fees_of(customer) -> list:
    from .models import Fee

    if customer.price_list_id is None:
        return []
    return list(Fee.objects.filter(price_list_id=customer.price_list_id).order_by("operation"))


def accounts_of(customer) -> list:
    """The customer's accounts, blocked and closed first: the Operations tab decides on them
    (``policy.open_among``) and lists the ones nothing goes through, whatever its table allows."""
    from customers.models import Account

    return list(Account.objects.filter(customer=customer).order_by("status", "pk"))
