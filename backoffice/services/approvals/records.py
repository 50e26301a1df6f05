"""What every step of a request shares: its row locked (and expired when its time is up), its
declared command, and its audit entry, linked in the chain to the entries before it."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ... import audit
from ...commands import Command, commands
from ...errors import DomainError
from ...models import ApprovalRequest, ApprovalStatus
from ...selectors import APPROVALS_GENERATION
from . import listeners


def locked(approval: ApprovalRequest) -> ApprovalRequest:
    locked = ApprovalRequest.objects.select_for_update().select_related("maker").get(pk=approval.pk)
    if locked.status == ApprovalStatus.PENDING and locked.expires_at <= timezone.now():
        expire(locked)  # kept: the caller returns it (raising would roll the expiry back)
        return locked
    if locked.status != ApprovalStatus.PENDING:
        raise DomainError(f"This request is {locked.get_status_display().lower()}: nothing more can be done with it.")
    return locked


def expire(approval: ApprovalRequest) -> None:
    approval.status = ApprovalStatus.EXPIRED
    approval.decided_at = approval.expires_at
    approval.save(update_fields=["status", "decided_at"])
    approval.decision_entry = record(approval, "approvals.expired", audit.SystemActor("approvals"))
    approval.save(update_fields=["decision_entry"])
    listeners.closed(approval)


def declared_command(approval: ApprovalRequest) -> Command:
    try:
        return commands.get(approval.command)
    except KeyError:
        raise DomainError("This change is no longer offered by the panel: reject the request.") from None


def counts_move() -> None:
    """The top bar's counts of requests awaiting a decision are read again (after commit)."""

    def bump():
        try:
            cache.incr(APPROVALS_GENERATION)
        except ValueError:  # not set yet (or evicted)
            cache.set(APPROVALS_GENERATION, 1, None)

    transaction.on_commit(bump)


def record(approval: ApprovalRequest, action: str, actor, *, reason: str = "", parameters: bool = False):
    """The request's entry (its command, status and, when asked, parameters), linked in the
    chain to the entries before it: the request's own, and the change an approval made."""
    counts_move()
    what = commands.label_of(approval.command)
    changes: dict[str, list] = {"command": [None, what], "status": [None, approval.get_status_display()]}
    if parameters:
        changes["parameters"] = [None, approval.parameters]
    if approval.request_entry_id:
        changes["request_entry"] = [None, approval.request_entry_id]
    if approval.change_entry_id:
        changes["change_entry"] = [None, approval.change_entry_id]
    return audit.record(
        action=action,
        actor=actor,
        customer_id=approval.customer_id,
        target=approval,
        changes=changes,
        reason=reason,
        confidential=approval.confidential,
        confidential_fields=["parameters", "reason"],
    )
