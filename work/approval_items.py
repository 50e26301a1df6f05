"""Four-eyes requests as work (issue 19): each request waiting for a second person is an item,
opened when it is asked and closed when it is approved, rejected, withdrawn or expired. Who may
do it: the holders of the command's permission (a request with a fixed approving role, a change
of roles, is listed to those who may see every item and in the approvals' own list)."""

from __future__ import annotations

from django.urls import reverse

from backoffice.commands import commands
from backoffice.models import ApprovalRequest
from backoffice.services import approvals

from . import services
from .choices import WorkKind
from .kinds import register_link


def subscribe() -> None:
    register_link(WorkKind.APPROVAL, lambda item: reverse("approval-detail", args=[item.subject_id]))
    approvals.on_asked(_asked)
    approvals.on_closed(_closed)


def _asked(approval: ApprovalRequest) -> None:
    permission, role = _who_may_decide(approval)
    services.open_item(
        kind=WorkKind.APPROVAL,
        subject=approval,
        title=f"Request #{approval.pk}: {commands.label_of(approval.command)} — {approval.target_repr}",
        permission=permission,
        role=role,
        customer_id=approval.customer_id,
        confidential=approval.confidential,
        opened_by=approval.maker,
    )


def _closed(approval: ApprovalRequest, actor) -> None:
    services.close_items(kind=WorkKind.APPROVAL, subject=approval, actor=actor)


def _who_may_decide(approval: ApprovalRequest) -> tuple[str, str]:
    """(permission, role) of the item: who may decide the request (``approvals.may_decide``). A
    request whose approving role is fixed (a change of roles: a holder of the role it grants)
    is that role's only; else the command's permission, and the role the rules page names."""
    if approval.approver_role:
        return "", approval.approver_role
    try:
        command = commands.get(approval.command)
    except KeyError:  # no app declares it any more: for those who read every request
        return "backoffice.view_audit_log", ""
    return command.permission, approvals.rule_of(command)[1]
