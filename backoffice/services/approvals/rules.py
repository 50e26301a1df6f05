"""Four-eyes rules: which commands wait for a second person and who may approve them (the
declared defaults, over which administrators' ``CommandRule`` rows prevail), and the rule change
itself, a command of its own."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

from ... import audit
from ...commands import Command, commands
from ...errors import DomainError
from ...models import ApprovalRequest, CommandRule, StaffUser
from ...roles import ADMINISTRATOR, ROLES, held_roles

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


def is_fixed(command: Command) -> bool:
    """A rule administrators may not change: an emergency stop, or a command whose parameters cannot
    be kept (``Command.may_wait``), never waits; a rule change always does; a command may declare
    its rule fixed (``Command.rule_fixed``)."""
    return command.emergency or not command.may_wait or command.rule_fixed or command.name == RULE_CHANGE


def rule_of(command: Command, rules: Rules | Callable[[], Rules] | None = None) -> tuple[bool, str]:
    """(whether the command needs a second person, the role that may approve or ""), from
    ``rules`` (``cached_rules()``, or a function giving them, called only if needed) when given,
    else read now."""
    if command.emergency or not command.may_wait:
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


def may_decide(
    user, approval: ApprovalRequest, command: Command, rules: Rules | Callable[[], Rules] | None = None
) -> bool:
    """Whether ``user`` may decide ``approval`` (the maker aside): a holder of the role fixed on
    the request when it has one, else whoever may approve its command."""
    if approval.approver_role:
        return user.is_active and approval.approver_role in held_roles(user)
    return may_approve(user, command, rules)


def may_reject(user, approval: ApprovalRequest, command: Command | None) -> bool:
    """Whether ``user`` may reject ``approval``: who may approve it, or, for a command no app
    declares any more, whoever reads every request."""
    if command is None:
        return user.has_perm("backoffice.view_audit_log")
    return may_decide(user, approval, command)


def rules_url(rule: CommandRule) -> str:
    from django.urls import reverse

    return reverse("command-rules")


def rule_checker_refusal(rule: CommandRule, checker: StaffUser, parameters: dict | None = None) -> str | None:
    """A rule is changed with a second administrator who may make the change it governs: two
    administrators alone cannot hand themselves a compliance officer's approval."""
    try:
        command = commands.get(rule.command)
    except KeyError:
        return None
    if checker.has_perm(command.permission):
        return None
    return f"Only someone who may “{command.label}” approves a change to its rule."


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


def _role_sees_confidential(role: str) -> bool:
    from django.contrib.auth.models import Group

    return Group.objects.filter(
        name=role, permissions__codename="view_confidential", permissions__content_type__app_label="backoffice"
    ).exists()
