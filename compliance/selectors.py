"""Reads of the compliance app: a customer's restrictions with their latest reasons, and the
restriction history."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.models import AuditEntry
from backoffice.selectors import audit_entries_visible_to, readable_changes, readable_reason

RESTRICTION_ACTIONS = "compliance."
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
    entries = (
        audit_entries_visible_to(user)
        .filter(customer_id=customer.pk, action__startswith=RESTRICTION_ACTIONS)
        .order_by("-occurred_at", "-pk")[:HISTORY_LIMIT]
    )
    return [(entry, readable_changes(entry, user), readable_reason(entry, user)) for entry in entries]
