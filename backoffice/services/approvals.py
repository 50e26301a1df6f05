"""Four-eyes: a sensitive command asked by one staff member (the maker) runs only once another
(the checker) approves it (DESIGN.md "Commands and four-eyes").

The maker's request stores the command's exact parameters and a snapshot of the target; nothing
changes. A checker approves with a comment: the request row is locked (two checkers at once run
the command once), the checker is not the maker (also a CHECK constraint), the target is compared
with the snapshot (a changed target is refused, naming what changed) and the command's own
service runs, as the maker asked, in the checker's transaction. Or the checker rejects it, the
maker withdraws it, or it expires. One pending request per command and target (a partial unique
index). The request, its decision and the change are audit entries linked through the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .. import audit
from ..commands import Command, commands
from ..errors import DomainError
from ..models import ApprovalRequest, ApprovalStatus, CommandRule, StaffUser
from ..roles import ADMINISTRATOR, ROLES
from ..selectors import APPROVALS_GENERATION

logger = logging.getLogger(__name__)

# Fields whose change does not make a request stale: bookkeeping the services move on any save.
_NOT_COMPARED = {"updated_at", "version"}


RULE_CHANGE = "backoffice.four_eyes.configure"


def register_commands() -> None:
    commands.register(
        Command(
            name=RULE_CHANGE,
            label="Change a four-eyes rule",
            permission="backoffice.configure_four_eyes",
            service="backoffice.services.approvals.set_command_rule",
            form="backoffice.forms.CommandRuleForm",
            effect=(
                "The rule applies to every change asked after it; requests already waiting still need their "
                "second person, approved under the new approving role. Changing a rule needs a second "
                "administrator who may also make the change it is about."
            ),
            target_model="backoffice.commandrule",
            target_argument="rule",
            target_url="backoffice.services.approvals.rules_url",
            checker_refusal="backoffice.services.approvals.rule_checker_refusal",
            password=True,
            four_eyes=True,
            approver_role=ADMINISTRATOR,
            danger=False,
            success_message="The rule is changed.",
        )
    )


Rules = dict[str, tuple[bool, str]]


def rule_of(command: Command, rules: Rules | Callable[[], Rules] | None = None) -> tuple[bool, str]:
    """(whether the command needs a second person, the role that may approve or ""), from
    ``rules`` (``cached_rules()``, or a function giving them, called only if needed) when given,
    else read now."""
    if command.emergency:
        return False, ""
    if command.name == RULE_CHANGE:  # not itself configurable: a second administrator, always
        return True, ADMINISTRATOR
    if rules is None:
        stored = CommandRule.objects.filter(command=command.name).values_list("four_eyes", "approver_role").first()
        return stored if stored is not None else (command.four_eyes, command.approver_role)
    if callable(rules):
        rules = rules()
    return rules.get(command.name, (command.four_eyes, command.approver_role))


RULES_KEY = "approvals:rules"


def cached_rules() -> Rules:
    """Every configured rule, for what only shows (the top bar's count, lists): kept a minute in
    the cache, dropped when a rule changes. Whether a command runs now or waits for a second
    person is never decided from it (``needs_second_person`` reads the rule)."""
    rules = cache.get(RULES_KEY)
    if rules is None:
        rules = stored_rules()
        cache.set(RULES_KEY, rules, 60)
    return rules


def stored_rules() -> Rules:
    """Every configured rule as stored now (one query)."""
    return {
        name: (four_eyes, role)
        for name, four_eyes, role in CommandRule.objects.values_list("command", "four_eyes", "approver_role")
    }


def needs_second_person(command: Command) -> bool:
    """Whether ``command`` waits for a second person now: its rule as stored, never a cached copy
    that a rule change might not have reached."""
    return rule_of(command)[0]


def may_approve(user, command: Command, rules: Rules | Callable[[], Rules] | None = None) -> bool:
    """Whether ``user`` may decide requests of ``command``: the command's permission, or the
    role configured to approve it (``rules``: ``cached_rules()``, for what only shows)."""
    if not user.is_active:
        return False
    if user.has_perm(command.permission):
        return True
    role = rule_of(command, rules)[1]
    return bool(role) and role in user.role_names


def may_reject(user, approval: ApprovalRequest, command: Command | None) -> bool:
    """Whether ``user`` may reject ``approval``: who may approve its command, or, for a command
    no app declares any more, whoever reads every request."""
    if command is None:
        return user.has_perm("backoffice.view_audit_log")
    return may_approve(user, command)


def snapshot_of(target: models.Model, compared: tuple[str, ...] = ()) -> dict[str, Any]:
    """The target's fields the command was asked on (``Command.compared``; every stored field
    when it names none), as JSON, to tell later whether they changed."""
    fields = [field for field in target._meta.concrete_fields if not compared or field.attname in compared]
    return {
        field.attname: _as_json(getattr(target, field.attname))
        for field in fields
        if field.attname not in _NOT_COMPARED and not getattr(field, "auto_now", False)
    }


def _as_json(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def changes_since(approval: ApprovalRequest, target: models.Model) -> list[str]:
    """The labels of the target's fields that changed since the request was made."""
    now = snapshot_of(target, tuple(approval.snapshot))
    names = {field.attname: str(field.verbose_name).capitalize() for field in target._meta.concrete_fields}
    changed = [
        name for name in sorted(set(now) | set(approval.snapshot)) if now.get(name) != approval.snapshot.get(name)
    ]
    return [names.get(name, name) for name in changed]


def ask_or_run(
    *, command: Command, actor: StaffUser, target: models.Model, parameters: dict[str, Any], customer_id=None
) -> ApprovalRequest | None:
    """The command done now as ``actor`` asks (None), or, when it needs a second person, its
    request stored, with nothing changed yet (the request)."""
    if needs_second_person(command):
        return request_approval(
            command=command, actor=actor, target=target, parameters=parameters, customer_id=customer_id
        )
    command.execute(actor=actor, target=target, params=parameters)
    return None


@transaction.atomic
def request_approval(
    *, command: Command, actor: StaffUser, target: models.Model, parameters: dict[str, Any], customer_id=None
) -> ApprovalRequest:
    """Store the maker's request; nothing changes until a checker approves it."""
    if not actor.has_perm(command.permission):
        raise DomainError("You may not ask for this change.")
    reason = str(parameters.get(command.reason_field, "")).strip()
    if not reason:
        raise DomainError("Say why: a second person reads it before approving.", field=command.reason_field)
    target = type(target)._default_manager.select_for_update().get(pk=target.pk)  # as stored, not as the form saw it
    refusal = command.refused(target)
    if refusal:
        raise DomainError(refusal)
    waiting = _pending_for(command, target)
    if waiting is not None and waiting.expires_at <= timezone.now():
        waiting = _locked(waiting)  # expired now, which frees the place for this request
        waiting = None
    if waiting is not None:
        raise DomainError(already_waits(waiting))
    now = timezone.now()
    approval = ApprovalRequest(
        command=command.name,
        target_model=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        customer_id=customer_id,
        parameters=audit.json_safe(parameters),
        snapshot=snapshot_of(target, command.compared),
        reason=reason,
        confidential=command.confidential,
        maker=actor,
        created_at=now,
        expires_at=now + settings.APPROVAL_REQUEST_TTL,
    )
    try:
        with transaction.atomic():
            approval.save()
    except IntegrityError:  # a colleague's request was stored between the check and this one
        raise DomainError(already_waits(_pending_for(command, target))) from None
    approval.request_entry = _record(approval, "approvals.requested", actor, reason=reason, parameters=True)
    approval.save(update_fields=["request_entry"])
    return approval


def _pending_for(command: Command, target: models.Model) -> ApprovalRequest | None:
    return (
        ApprovalRequest.objects.select_related("maker")
        .filter(
            command=command.name,
            target_model=target._meta.label_lower,
            target_id=str(target.pk),
            status=ApprovalStatus.PENDING,
        )
        .first()
    )


def waiting_request(command: Command, target: models.Model) -> ApprovalRequest | None:
    """The request for ``command`` on ``target`` that waits for a decision now, if any."""
    waiting = _pending_for(command, target)
    return waiting if waiting is not None and waiting.expires_at > timezone.now() else None


def already_waits(waiting: ApprovalRequest | None) -> str:
    if waiting is None:
        return "A request for this change already waits for approval."
    when = timezone.localtime(waiting.created_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"A request for this change already waits for approval (#{waiting.pk}, asked by "
        f"{waiting.maker} on {when}): approve, reject or withdraw it first."
    )


def _locked(approval: ApprovalRequest) -> ApprovalRequest:
    locked = ApprovalRequest.objects.select_for_update().select_related("maker").get(pk=approval.pk)
    if locked.status == ApprovalStatus.PENDING and locked.expires_at <= timezone.now():
        _expire(locked)  # kept: the caller returns it (raising would roll the expiry back)
        return locked
    if locked.status != ApprovalStatus.PENDING:
        raise DomainError(f"This request is {locked.get_status_display().lower()}: nothing more can be done with it.")
    return locked


def _expire(approval: ApprovalRequest) -> None:
    approval.status = ApprovalStatus.EXPIRED
    approval.decided_at = approval.expires_at
    approval.save(update_fields=["status", "decided_at"])
    approval.decision_entry = _record(approval, "approvals.expired", audit.SystemActor("approvals"))
    approval.save(update_fields=["decision_entry"])


def _declared(approval: ApprovalRequest) -> Command:
    try:
        return commands.get(approval.command)
    except KeyError:
        raise DomainError("This change is no longer offered by the panel: reject the request.") from None


def _checked_checker(approval: ApprovalRequest, checker: StaffUser, command: Command) -> None:
    if checker.pk == approval.maker_id:
        raise DomainError("You asked for this change: another person must approve or reject it.")
    if not may_approve(checker, command):
        raise DomainError("You may not decide this request: it needs the permission or the approving role.")


def approve(*, approval: ApprovalRequest, checker: StaffUser, comment: str) -> ApprovalRequest:
    """Run the command as the maker asked, once, and record who approved it. A refusal (the target
    changed, the command no longer applies) changes nothing and leaves the request pending."""
    with transaction.atomic():
        approval = _locked(approval)
        if approval.status == ApprovalStatus.EXPIRED:
            return approval
        command = _declared(approval)
        _checked_checker(approval, checker, command)
        maker = approval.maker
        if not (maker.is_active and maker.has_perm(command.permission)):
            raise DomainError(
                f"{maker} may no longer make this change (their account is deactivated or lost the permission): "
                "reject it."
            )
        target = command.model.objects.select_for_update().filter(pk=approval.target_id).first()
        if target is None:
            raise DomainError("What this request changes no longer exists.")
        refusal = command.refused_to_checker(target, checker)
        if refusal:
            raise DomainError(refusal)
        changed = changes_since(approval, target)
        if changed:
            raise DomainError(
                f"{approval.target_repr} changed since the request was made ({', '.join(changed)}): "
                "reject it, and ask again if the change still applies."
            )
        # The change's own entries carry the request they were approved under, sealed in the chain.
        with audit.capturing(changes={"approval_request": [None, approval.pk]}) as entries:
            command.execute(actor=approval.maker, target=target, params=approval.parameters)
        approval.status = ApprovalStatus.APPROVED
        approval.checker = checker
        approval.decided_at = timezone.now()
        approval.decision_comment = comment.strip()
        approval.change_entry = entries[0] if entries else None
        approval.save(update_fields=["status", "checker", "decided_at", "decision_comment", "change_entry"])
        approval.decision_entry = _record(approval, "approvals.approved", checker, reason=approval.decision_comment)
        approval.save(update_fields=["decision_entry"])
    return approval


@transaction.atomic
def reject(*, approval: ApprovalRequest, checker: StaffUser, reason: str) -> ApprovalRequest:
    """Refuse the request, with the reason the maker reads; nothing changes."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the request is rejected: the maker reads it.", field="reason")
    approval = _locked(approval)
    if approval.status == ApprovalStatus.EXPIRED:
        return approval
    try:
        command = commands.get(approval.command)
    except KeyError:  # no app declares it any more: whoever reads every request may reject it
        command = None
    if command is not None:
        _checked_checker(approval, checker, command)
    elif checker.pk == approval.maker_id or not checker.has_perm("backoffice.view_audit_log"):
        raise DomainError("You may not decide this request.")
    return _decide(approval, ApprovalStatus.REJECTED, checker, reason, "approvals.rejected")


@transaction.atomic
def withdraw(*, approval: ApprovalRequest, actor: StaffUser, reason: str = "") -> ApprovalRequest:
    """The maker takes their request back; nothing changes."""
    approval = _locked(approval)
    if approval.status == ApprovalStatus.EXPIRED:
        return approval
    if actor.pk != approval.maker_id:
        raise DomainError("Only the person who asked can withdraw this request.")
    return _decide(approval, ApprovalStatus.WITHDRAWN, None, reason.strip(), "approvals.withdrawn", actor=actor)


def _decide(approval, status, checker, comment, action, *, actor=None) -> ApprovalRequest:
    approval.status = status
    approval.checker = checker
    approval.decided_at = timezone.now()
    approval.decision_comment = comment
    approval.save(update_fields=["status", "checker", "decided_at", "decision_comment"])
    approval.decision_entry = _record(approval, action, actor or checker, reason=comment)
    approval.save(update_fields=["decision_entry"])
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
                _expire(approval)
                count += 1
    return count


def _counts_move() -> None:
    """The top bar's counts of requests awaiting a decision are read again (after commit)."""

    def bump():
        try:
            cache.incr(APPROVALS_GENERATION)
        except ValueError:  # not set yet (or evicted)
            cache.set(APPROVALS_GENERATION, 1, None)

    transaction.on_commit(bump)


def _record(approval: ApprovalRequest, action: str, actor, *, reason: str = "", parameters: bool = False):
    """The request's entry (its command, status and, when asked, parameters), linked in the
    chain to the entries before it: the request's own, and the change an approval made."""
    _counts_move()
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


def rules_url(rule: CommandRule) -> str:
    from django.urls import reverse

    return reverse("command-rules")


def rule_checker_refusal(rule: CommandRule, checker: StaffUser) -> str | None:
    """A rule is changed with a second administrator who may make the change it governs: two
    administrators alone cannot hand themselves a compliance officer's approval."""
    try:
        command = commands.get(rule.command)
    except KeyError:
        return None
    if checker.has_perm(command.permission):
        return None
    return f"Only someone who may “{command.label}” approves a change to its rule."


def request_rule_change(*, actor: StaffUser, command: Command, four_eyes: bool, approver_role: str, reason: str):
    """Ask for ``command``'s four-eyes rule to change; a second administrator approves it."""
    if command.emergency or command.name == RULE_CHANGE:
        raise DomainError("This rule is fixed: an emergency stop never waits, and a rule change always does.")
    current, role = rule_of(command)
    rule, created = CommandRule.objects.get_or_create(
        command=command.name, defaults={"four_eyes": current, "approver_role": role}
    )
    if created:  # the same rule as declared, stored to be the request's target
        transaction.on_commit(lambda: cache.delete(RULES_KEY))
    return request_approval(
        command=commands.get(RULE_CHANGE),
        actor=actor,
        target=rule,
        parameters={"four_eyes": four_eyes, "approver_role": approver_role if four_eyes else "", "reason": reason},
    )


@transaction.atomic
def set_command_rule(*, actor, rule: CommandRule, four_eyes: bool, approver_role: str, reason: str) -> CommandRule:
    """Set one command's four-eyes rule (run when a second administrator approves the change)."""
    if approver_role and approver_role not in ROLES:
        raise DomainError("Choose one of the roles, or none.", field="approver_role")
    governed = commands.get(rule.command)
    if approver_role and governed.confidential and not _role_sees_confidential(approver_role):
        raise DomainError(
            f"{approver_role}s may not see requests of “{governed.label}”: they could never approve them.",
            field="approver_role",
        )
    rule = CommandRule.objects.select_for_update().get(pk=rule.pk)
    before = {"four_eyes": rule.four_eyes, "approver_role": rule.approver_role}
    rule.four_eyes, rule.approver_role = four_eyes, approver_role if four_eyes else ""
    rule.save(update_fields=["four_eyes", "approver_role", "updated_at"])
    transaction.on_commit(lambda: cache.delete(RULES_KEY))
    audit.record(
        action="backoffice.four_eyes.rule_changed",
        actor=actor,
        target=rule,
        changes=audit.diff(before, {"four_eyes": rule.four_eyes, "approver_role": rule.approver_role}),
        reason=reason,
    )
    return rule


def notify_checkers(now: datetime | None = None) -> int:
    """Email everyone who may decide the requests asked since the last run: one email per checker
    listing their requests of the batch (the periodic task runs every minute). Each (request,
    checker) pair is emailed once (a receipt each); a send that fails leaves the batch to the
    next run, which emails only the checkers still missing it. How many emails went."""
    from ..emails import send_approvals_waiting
    from ..models import TaskReceipt

    now = now or timezone.now()
    sent, failed = 0, False
    with transaction.atomic():  # two runs at once share no request (SKIP LOCKED)
        batch = list(
            ApprovalRequest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("maker")
            .filter(status=ApprovalStatus.PENDING, expires_at__gt=now, checkers_notified_at__isnull=True)
            .order_by("pk")
        )
        if not batch:
            return 0
        checkers = list(StaffUser.objects.filter(is_active=True).exclude(email="").order_by("pk"))
        keys = [_receipt(request, staff) for request in batch for staff in checkers]
        done = set(TaskReceipt.objects.filter(key__in=keys, done_at__isnull=False).values_list("key", flat=True))
        for staff in checkers:
            theirs = [r for r in batch if _may_decide(staff, r) and _receipt(r, staff) not in done]
            if not theirs:
                continue
            try:
                send_approvals_waiting(staff, [(r, commands.get(r.command).label, _link(r)) for r in theirs])
            except Exception:
                logger.warning("The approvals email to %s failed; the next run tries again.", staff, exc_info=True)
                failed = True
                continue
            TaskReceipt.objects.bulk_create(
                [TaskReceipt(key=_receipt(r, staff), claimed_at=now, done_at=now) for r in theirs],
                ignore_conflicts=True,
            )
            sent += 1
        if not failed:
            ApprovalRequest.objects.filter(pk__in=[r.pk for r in batch]).update(checkers_notified_at=now)
    return sent


def _receipt(request: ApprovalRequest, staff: StaffUser) -> str:
    return f"approval-notified:{request.pk}:{staff.pk}"


def _may_decide(staff: StaffUser, request: ApprovalRequest) -> bool:
    if staff.pk == request.maker_id:
        return False
    if request.confidential and not staff.has_perm("backoffice.view_confidential"):
        return False
    try:
        command = commands.get(request.command)
    except KeyError:
        return False
    if not may_approve(staff, command):
        return False
    if command.checker_refusal:
        target = command.model.objects.filter(pk=request.target_id).first()
        return target is not None and command.refused_to_checker(target, staff) is None
    return True


def _link(request: ApprovalRequest) -> str:
    from django.urls import reverse

    return settings.PANEL_BASE_URL.rstrip("/") + reverse("approval-detail", args=[request.pk])


def _role_sees_confidential(role: str) -> bool:
    from django.contrib.auth.models import Group

    return Group.objects.filter(
        name=role, permissions__codename="view_confidential", permissions__content_type__app_label="backoffice"
    ).exists()
