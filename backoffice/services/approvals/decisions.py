"""Deciding: a checker approves (the command runs, once, as the maker asked) or rejects; the
maker withdraws; the sweep expires what nobody answered."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ... import audit
from ...commands import Command, commands
from ...errors import DomainError
from ...models import ApprovalRequest, ApprovalStatus, StaffUser
from . import listeners
from .records import declared_command, expire, locked, record
from .requests import changes_since
from .rules import may_decide


def _checked_checker(approval: ApprovalRequest, checker: StaffUser, command: Command) -> None:
    if checker.pk == approval.maker_id:
        raise DomainError("You asked for this change: another person must approve or reject it.")
    if not may_decide(checker, approval, command):
        if approval.approver_role:
            raise DomainError(f"Only a holder of the {approval.approver_role} role may decide this request.")
        raise DomainError("You may not decide this request: it needs the permission or the approving role.")


def approve(*, approval: ApprovalRequest, checker: StaffUser, comment: str) -> ApprovalRequest:
    """Run the command as the maker asked, once, and record who approved it. A refusal (the target
    changed, the command no longer applies) changes nothing and leaves the request pending."""
    with transaction.atomic():
        approval = locked(approval)
        if approval.status == ApprovalStatus.EXPIRED:
            return approval
        command = declared_command(approval)
        _checked_checker(approval, checker, command)
        maker = approval.maker
        if not (maker.is_active and maker.has_perm(command.permission)):
            raise DomainError(
                f"{maker} may no longer make this change (their account is deactivated or lost the permission): "
                "reject it."
            )
        target = None
        if approval.target_id:  # else a command that creates its target
            target = command.model.objects.select_for_update().filter(pk=approval.target_id).first()
            if target is None:
                raise DomainError("What this request changes no longer exists.")
        refusal = command.refused_to_checker(target, checker, approval.parameters)
        if refusal:
            raise DomainError(refusal)
        changed = changes_since(approval, target, command)
        if changed:
            raise DomainError(
                f"{approval.target_repr} changed since the request was made: {'; '.join(changed)}. Nothing was "
                "applied: reject it, and ask again if the change still applies."
            )
        # The change's own entries carry the request they were approved under, sealed in the chain.
        with audit.capturing(changes={"approval_request": [None, approval.pk]}) as entries:
            command.execute(actor=approval.maker, target=target, params=approval.parameters)
        approval.change_entry = entries[0] if entries else None
        return _decide(approval, ApprovalStatus.APPROVED, checker, comment.strip(), "approvals.approved")


@transaction.atomic
def reject(*, approval: ApprovalRequest, checker: StaffUser, reason: str) -> ApprovalRequest:
    """Refuse the request, with the reason the maker reads; nothing changes."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the request is rejected: the maker reads it.", field="reason")
    approval = locked(approval)
    if approval.status == ApprovalStatus.EXPIRED:
        return approval
    try:
        command = commands.get(approval.command)
    except KeyError:  # no app declares it any more: whoever reads every request may reject it
        command = None
    if command is not None:
        _checked_checker(approval, checker, command)
        # Who may not approve it for segregation (their own roles, the review they asked for) may
        # not veto it either (review 18f).
        target = command.model.objects.filter(pk=approval.target_id).first() if approval.target_id else None
        refusal = command.refused_to_checker(target, checker, approval.parameters)
        if refusal:
            raise DomainError(refusal)
    elif checker.pk == approval.maker_id or not checker.has_perm("backoffice.view_audit_log"):
        raise DomainError("You may not decide this request.")
    return _decide(approval, ApprovalStatus.REJECTED, checker, reason, "approvals.rejected")


@transaction.atomic
def withdraw(*, approval: ApprovalRequest, actor: StaffUser, reason: str = "") -> ApprovalRequest:
    """The maker takes their request back; nothing changes."""
    approval = locked(approval)
    if approval.status == ApprovalStatus.EXPIRED:
        return approval
    if actor.pk != approval.maker_id:
        raise DomainError("Only the person who asked can withdraw this request.")
    return _decide(approval, ApprovalStatus.WITHDRAWN, None, reason.strip(), "approvals.withdrawn", actor=actor)


def _decide(approval, status, checker, comment, action, *, actor=None) -> ApprovalRequest:
    """Close the request (approved, rejected, withdrawn) and write its decision's entry, linked to
    the request's and, once approved, to the change's (``change_entry``, set by ``approve``)."""
    approval.status = status
    approval.checker = checker
    approval.decided_at = timezone.now()
    approval.decision_comment = comment
    approval.save(update_fields=["status", "checker", "decided_at", "decision_comment", "change_entry"])
    approval.decision_entry = record(approval, action, actor or checker, reason=comment)
    approval.save(update_fields=["decision_entry"])
    listeners.closed(approval, actor or checker)
    return approval


def expire_overdue(now: datetime | None = None) -> int:
    """Mark every pending request past its expiry as expired (the periodic sweep); how many."""
    now = now or timezone.now()
    count = 0
    for pk in ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING, expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            approval = ApprovalRequest.objects.select_for_update().get(pk=pk)
            if approval.status == ApprovalStatus.PENDING and approval.expires_at <= now:
                expire(approval)
                count += 1
    return count
