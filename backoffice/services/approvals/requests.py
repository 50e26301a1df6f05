"""Asking: the maker's request stored with the command's exact parameters and the values of the
fields it was asked on; nothing changes until a checker approves it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ... import audit
from ...commands import APPROVAL_REASON, Command, commands
from ...errors import DomainError
from ...models import ApprovalRequest, ApprovalStatus, CommandRule, StaffUser
from . import listeners
from .records import locked, record
from .rules import RULE_CHANGE, RULES_KEY, is_fixed, needs_second_person, rule_of

# Fields whose change does not make a request stale: bookkeeping the services move on any save.
_NOT_COMPARED = {"updated_at", "version"}


def snapshot_of(target: models.Model | None, command: Command) -> dict[str, Any]:
    """What ``command`` was asked on, as JSON, to tell later whether it changed: the target's
    fields it names (``Command.compared``; every stored field when it names none) and its
    ``state`` beyond them (lines, roles). Nothing for a command that creates its target."""
    if target is None:
        return {}
    compared = command.compared
    hidden = () if command.confidential else getattr(target, "CONFIDENTIAL_COLUMNS", ())
    fields = [
        field
        for field in target._meta.concrete_fields
        if (field.attname in compared if compared else field.attname not in hidden)
    ]
    values = {
        field.attname: getattr(target, field.attname)
        for field in fields
        if field.attname not in _NOT_COMPARED and not getattr(field, "auto_now", False)
    }
    return audit.json_safe({**values, **command.state_of(target)})


def changes_since(approval: ApprovalRequest, target: models.Model | None, command: Command) -> list[str]:
    """The labels of what changed since the request was made (the target's fields, its state)."""
    if target is None:
        return []
    now = snapshot_of(target, command)
    names = {field.attname: str(field.verbose_name).capitalize() for field in target._meta.concrete_fields}
    changed = [
        name for name in sorted(set(now) | set(approval.snapshot)) if now.get(name) != approval.snapshot.get(name)
    ]
    personal = getattr(target, "PERSONAL_COLUMNS", ())
    return [
        f"{names[name]} (changed)"
        if name in personal
        else _what_changed(
            names.get(name, name.replace("_", " ").capitalize()), approval.snapshot.get(name), now.get(name)
        )
        for name in changed
    ]


def _what_changed(label: str, before, after) -> str:
    """``State (was active, now blocked)``; a list (lines, roles) by its label alone."""
    if isinstance(before, (list, dict)) or isinstance(after, (list, dict)):
        return label

    def shown(value) -> str:
        return "empty" if value in (None, "") else ("yes" if value is True else "no" if value is False else str(value))

    return f"{label} (was {shown(before)}, now {shown(after)})"


def ask_or_run(
    *,
    command: Command,
    actor: StaffUser,
    target: models.Model | None,
    parameters: dict[str, Any],
    customer_id=None,
    now_only: dict[str, Any] | None = None,
    target_repr: str = "",
    reason: str = "",
) -> tuple[ApprovalRequest | None, Any]:
    """``(None, what the service returned)`` when the command is done now as ``actor`` asks, or,
    when it needs a second person, ``(its request, None)``, with nothing changed yet.
    ``now_only``: parameters given to the service only when it runs now (the version of the page
    the form was filled on: a request is compared with its target by ``snapshot_of`` instead).
    ``reason``: why, for a command whose service is given none (``Command.reason_field`` empty)."""
    if needs_second_person(command) or command.approver_role_for(target, parameters):
        approval = request_approval(
            command=command,
            actor=actor,
            target=target,
            parameters=parameters,
            customer_id=customer_id,
            target_repr=target_repr,
            reason=reason,
        )
        return approval, None
    return None, command.execute(actor=actor, target=target, params={**parameters, **(now_only or {})})


@transaction.atomic
def request_approval(
    *,
    command: Command,
    actor: StaffUser,
    target: models.Model | None,
    parameters: dict[str, Any],
    customer_id=None,
    target_repr: str = "",
    reason: str = "",
) -> ApprovalRequest:
    """Store the maker's request; nothing changes until a checker approves it. ``target`` None:
    the command creates it (``target_repr`` names what it will be). The reason is the parameter
    ``Command.reason_field``, or ``reason`` for a command whose service is given none."""
    if not actor.has_perm(command.permission):
        raise DomainError("You may not ask for this change.")
    if target is not None:  # as stored, not as the form saw it
        target = type(target)._default_manager.select_for_update().get(pk=target.pk)
        refusal = command.refused(target, actor)
        if refusal:
            raise DomainError(refusal)
    _require_storable(command, parameters)
    rehearse(command, actor, target, parameters)  # what the change itself refuses comes first
    approver_role = command.approver_role_for(target, parameters)
    reason = str(parameters.get(command.reason_field, "") if command.reason_field else reason).strip()
    if not reason:
        field = command.reason_field or APPROVAL_REASON
        raise DomainError("Say why: a second person reads it before approving.", field=field)
    waiting = _pending_for(command, target)
    if waiting is not None and waiting.expires_at <= timezone.now():
        waiting = locked(waiting)  # expired now, which frees the place for this request
        waiting = None
    if waiting is not None:
        raise DomainError(already_waits(waiting))
    now = timezone.now()
    approval = ApprovalRequest(
        command=command.name,
        target_model=command.model._meta.label_lower,
        target_id=_key(target),
        target_repr=(str(target) if target is not None else target_repr)[:200],
        customer_id=customer_id,
        parameters=audit.json_safe(parameters),
        snapshot=snapshot_of(target, command),
        reason=reason,
        confidential=command.is_confidential(parameters),
        approver_role=approver_role,
        maker=actor,
        created_at=now,
        expires_at=now + settings.APPROVAL_REQUEST_TTL,
    )
    try:
        with transaction.atomic():
            approval.save()
    except IntegrityError:  # a colleague's request was stored between the check and this one
        raise DomainError(already_waits(_pending_for(command, target))) from None
    approval.request_entry = record(approval, "approvals.requested", actor, reason=reason, parameters=True)
    approval.save(update_fields=["request_entry"])
    listeners.asked(approval)
    return approval


def _require_storable(command: Command, value: Any, where: str = "parameters") -> None:
    """A waiting request keeps its parameters as JSON, where a record inside them would be kept as
    its name (``audit.json_safe``) and given back to the service as text: a command's form gives
    ids (a typed limit pack answered 500 that way, outside attack 21c). Refused here, for every
    command, rather than found when a checker approves."""
    if isinstance(value, models.Model | models.QuerySet):
        raise TypeError(f"{command.name}: {where} holds a record ({type(value).__name__}): give its id instead.")
    if isinstance(value, dict):
        for key, item in value.items():
            _require_storable(command, item, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple | set):
        for item in value:
            _require_storable(command, item, f"{where}[…]")


class _Rehearsed(Exception):
    """Rolls a rehearsal back."""


def rehearse(command: Command, actor: StaffUser, target: models.Model | None, parameters: dict[str, Any]) -> None:
    """Run the command's service as the maker asked, in a savepoint rolled back at once: what it
    would refuse (a line twice, a level another pack has, the last administrator) the maker hears
    now, next to its field, instead of the checker days later. Nothing stays: the service's
    every effect outside the database waits for the commit (``on_commit``), which a rolled-back
    savepoint drops."""
    try:
        with transaction.atomic():
            command.execute(actor=actor, target=target, params=audit.json_safe(parameters))
            raise _Rehearsed
    except _Rehearsed:
        pass


def _key(target: models.Model | None) -> str:
    """The request's target id: empty for a command that creates its target (one such request
    waits at a time)."""
    return "" if target is None else str(target.pk)


def _pending_for(command: Command, target: models.Model | None) -> ApprovalRequest | None:
    return (
        ApprovalRequest.objects.select_related("maker")
        .filter(
            command=command.name,
            target_model=command.model._meta.label_lower,
            target_id=_key(target),
            status=ApprovalStatus.PENDING,
        )
        .first()
    )


def waiting_request(command: Command, target: models.Model | None) -> ApprovalRequest | None:
    """The request for ``command`` on ``target`` that waits for a decision now, if any."""
    waiting = _pending_for(command, target)
    return waiting if waiting is not None and waiting.expires_at > timezone.now() else None


def waiting_message(approval: ApprovalRequest) -> str:
    """What the maker reads once their request is stored: who approves it, as the request's page
    says it ("Who approves", for a change of roles that needs two roles), else its fixed role;
    and, when nobody but the maker could approve it now, that it is to be withdrawn rather than
    left to block the next request until it expires (review 18f)."""
    command = commands.get(approval.command)
    described = dict(command.described(approval.parameters, approval.snapshot) or ())
    who = described.get("Who approves") or (
        f"A holder of the {approval.approver_role} role" if approval.approver_role else ""
    )
    message = (
        f"Your request #{approval.pk} waits for a second person's approval"
        f"{f' ({who[0].lower()}{who[1:]})' if who else ''}: nothing changes until then."
    )
    if approval.approver_role and not _someone_else_may_decide(approval, command):
        message += (
            " Nobody can approve it now: no active staff member but you is one. Withdraw it, or ask for the change "
            "in steps that each need one role."
        )
    return message


def _someone_else_may_decide(approval: ApprovalRequest, command: Command) -> bool:
    """Whether an active holder of the request's fixed role, other than its maker, may decide it (a
    change of roles may need a holder of two roles)."""
    holders = StaffUser.objects.filter(is_active=True, groups__name=approval.approver_role).exclude(
        pk=approval.maker_id
    )
    target = command.model.objects.filter(pk=approval.target_id).first() if approval.target_id else None
    return any(command.refused_to_checker(target, holder, approval.parameters) is None for holder in holders)


def already_waits(waiting: ApprovalRequest | None) -> str:
    if waiting is None:
        return "A request for this change already waits for approval."
    when = timezone.localtime(waiting.created_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"A request for this change already waits for approval (#{waiting.pk}, asked by "
        f"{waiting.maker} on {when}): approve, reject or withdraw it first."
    )


def rule_checkers_exist(command: Command, actor: StaffUser) -> bool:
    """Whether another active administrator holds ``command``'s permission: the only staff who
    may approve a change to its rule (``rules.rule_checker_refusal``)."""
    from ...roles import ADMINISTRATOR

    others = StaffUser.objects.filter(is_active=True, groups__name=ADMINISTRATOR).exclude(pk=actor.pk)
    return any(staff.has_perm(command.permission) for staff in others)


def request_rule_change(*, actor: StaffUser, command: Command, four_eyes: bool, approver_role: str, reason: str):
    """Ask for ``command``'s four-eyes rule to change; a second administrator approves it."""
    if is_fixed(command):
        raise DomainError(
            "This rule is fixed: an emergency stop and a change that cannot be kept for later never wait, and a "
            "rule change always does."
        )
    if not rule_checkers_exist(command, actor):
        raise DomainError(
            f"No other active administrator may “{command.label}” themselves, so nobody could approve a change "
            "to its rule."
        )
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
