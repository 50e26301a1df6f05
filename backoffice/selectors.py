"""Reads of ``backoffice``, scoped to what the staff member may see."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit_labels
from .models import ApprovalRequest, ApprovalStatus, AuditEntry, StaffUser
from .roles import PRIVILEGED_ROLES, ROLES, held_roles

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    type StaffMember = WithAnnotations[StaffUser, StaffState]

CONFIDENTIAL_MASK = "•••• confidential"


class StaffState(TypedDict):
    """What ``staff_members_visible_to`` adds to each staff member."""

    has_second_factor: bool
    is_locked_out: bool


def _recent_attempts() -> QuerySet[AccessAttempt]:
    """Failed sign-ins axes still counts: one row per username, address and browser, kept for
    the cool-off period after the last failure of that row."""
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def _locked_usernames() -> QuerySet:
    """Usernames whose recent failures add up to the limit, as axes counts them."""
    return (
        _recent_attempts()
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values("username")
    )


def staff_members_visible_to(user: StaffUser) -> QuerySet[StaffMember]:
    """Staff accounts with their roles, second-factor and lockout state. Superusers (the
    command-line root accounts) are out of scope for everyone else."""
    queryset = StaffUser.objects.prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
    if not user.is_superuser:
        queryset = queryset.filter(is_superuser=False)
    return queryset.annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        is_locked_out=Exists(_locked_usernames().filter(username=OuterRef("username"))),
    )


def staff_members_whose_credentials_user_may_reset(
    user: StaffUser,
) -> QuerySet[StaffMember]:
    """Accounts whose email, password link or second factor ``user`` may change: those holding
    only roles ``user`` holds too. Taking over an account is acquiring its roles, which only a
    holder of each may let happen (``roles.roles_beyond``)."""
    others = [role for role in ROLES if role not in held_roles(user)]
    return staff_members_visible_to(user).exclude(groups__name__in=others)


def staff_member_visible_to(user: StaffUser, pk) -> StaffMember:
    """One account in ``user``'s scope (404 otherwise)."""
    return get_object_or_404(staff_members_visible_to(user), pk=pk)


def staff_member_whose_credentials_user_may_reset(user: StaffUser, pk) -> StaffMember:
    """One account whose credentials ``user`` may change (404 otherwise)."""
    return get_object_or_404(staff_members_whose_credentials_user_may_reset(user), pk=pk)


def lockout_ends_at(username: str) -> datetime | None:
    """When a locked-out username may try again, or None if it is not locked out.

    Each row stops counting a cool-off period after its last failure; the lock ends when what
    still counts falls below the limit."""
    attempts = list(_recent_attempts().filter(username=username).order_by("attempt_time"))
    remaining = sum(attempt.failures_since_start for attempt in attempts)
    if remaining < settings.AXES_FAILURE_LIMIT:
        return None
    for attempt in attempts:  # oldest first: each stops counting at the end of its cool-off
        remaining -= attempt.failures_since_start
        if remaining < settings.AXES_FAILURE_LIMIT:
            return attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return None


def audit_entries_visible_to(user: StaffUser) -> QuerySet[AuditEntry]:
    """Entries about confidential matters (freezes, state reasons) only for staff who may see them."""
    queryset = AuditEntry.objects.all()
    if not user.has_perm("backoffice.view_confidential"):
        queryset = queryset.filter(confidential=False)
    return queryset


def readable_changes(entry: AuditEntry, user: StaffUser) -> list[tuple[str, object, object]]:
    """``(field, before, after)`` with confidential values masked for staff who may not see them;
    a field recorded unchanged is no change and is left out."""
    may_see = user.has_perm("backoffice.view_confidential")
    rows = []
    for field, (before, after) in entry.changes.items():
        if before == after:  # not a change (entries written before services left them out)
            continue
        if field in entry.confidential_fields and not may_see:
            before = after = CONFIDENTIAL_MASK
        rows.append((field, before, after))
    return rows


def changes_in_words(entry: AuditEntry, user: StaffUser) -> list[audit_labels.Change]:
    """The entry's changes as a history shows them: field labels, and values as their fields show
    them (yes/no, a choice's label, money with its currency, times in the staff member's zone);
    confidential values masked exactly as ``readable_changes`` masks them."""
    raw = {field: (before, after) for field, before, after in readable_changes(entry, user)}
    return audit_labels.changes_in_words(entry, raw, masked=CONFIDENTIAL_MASK)


def readable_reason(entry: AuditEntry, user: StaffUser) -> str:
    if entry.reason and "reason" in entry.confidential_fields and not user.has_perm("backoffice.view_confidential"):
        return CONFIDENTIAL_MASK
    return entry.reason


def customer_history(user, customer_id: int, *, prefixes: tuple[str, ...] = (), limit: int = 100) -> list[tuple]:
    """A customer's audit trail as a history table shows it, newest first: ``(entry, changes,
    reason)`` with the changes in words (``changes_in_words``) and confidential values masked for
    the viewer; only the actions starting with one of ``prefixes`` when given."""
    actions = Q()
    for prefix in prefixes:
        actions |= Q(action__startswith=prefix)
    # A change a second person approved names them beside who asked for it (four-eyes).
    approved_by = ApprovalRequest.objects.filter(change_entry=OuterRef("pk")).values("checker__username")[:1]
    entries = (
        audit_entries_visible_to(user)
        .filter(actions, customer_id=customer_id)
        .annotate(approved_by=Subquery(approved_by))
        .order_by("-occurred_at", "-pk")[:limit]
    )
    return [(entry, changes_in_words(entry, user), readable_reason(entry, user)) for entry in entries]


def approvals_visible_to(user: StaffUser) -> QuerySet[ApprovalRequest]:
    """The four-eyes requests ``user`` may see: their own, those they may decide, and every one
    for those who read the audit log; a confidential one (a freeze) only for those who see
    confidential data."""
    queryset = ApprovalRequest.objects.select_related("maker", "checker")
    if not user.has_perm("backoffice.view_confidential"):
        queryset = queryset.filter(confidential=False)
    if user.has_perm("backoffice.view_audit_log"):
        return queryset
    return queryset.filter(Q(maker=user) | _decidable_requests(user))


def _decidable(user: StaffUser) -> list[str]:
    """The commands that wait for a second person and whose requests ``user`` may decide (the
    rules read once, from the cache). A command whose rule was turned off while requests of it
    waited leaves them to the audit log's readers (they see every request), their makers (who may
    withdraw) and the expiry: a staff member who may only make immediate commands pays no count."""
    from .commands import commands
    from .services.approvals import cached_rules, may_approve, rule_of

    rules = functools.cache(cached_rules)
    return [
        command.name for command in commands.all() if rule_of(command, rules)[0] and may_approve(user, command, rules)
    ]


def _decidable_requests(user: StaffUser) -> Q:
    """The requests ``user`` may decide (``services.approvals.may_decide``): those of a command
    they may approve, or, on a request that fixes its approving role, those of that role."""
    return Q(approver_role="", command__in=_decidable(user)) | Q(approver_role__in=held_roles(user))


def _pending_for_decision(user: StaffUser) -> QuerySet[ApprovalRequest]:
    return (
        approvals_visible_to(user)
        .filter(_decidable_requests(user), status=ApprovalStatus.PENDING, expires_at__gt=timezone.now())
        .exclude(maker=user)
    )


def approvals_awaiting(user: StaffUser) -> QuerySet[ApprovalRequest]:
    """Pending requests ``user`` may decide (not their own, nor those their command refuses them:
    a review they requested, roles they do not hold, their own account)."""
    pending = _pending_for_decision(user)
    rows = pending.order_by().values_list("pk", "command", "target_id", "parameters")
    return pending.exclude(pk__in=_refused_to(user, list(rows[: settings.LIST_EXACT_COUNT_LIMIT + 1])))


def _refused_to(user: StaffUser, rows: list[tuple]) -> list[int]:
    """The requests among ``rows`` (pk, command, target id, parameters) whose command refuses
    ``user`` as their checker (one query per such command, for its targets)."""
    from .commands import commands

    refusing = {command.name: command for command in commands.all() if command.checker_refusal}
    rows = [row for row in rows if row[1] in refusing]
    refused = []
    for name in {row[1] for row in rows}:
        command = refusing[name]
        asked = [row for row in rows if row[1] == name]
        targets = command.model.objects.in_bulk([row[2] for row in asked if row[2]])
        for pk, _, target_id, parameters in asked:
            target = targets.get(command.model._meta.pk.to_python(target_id)) if target_id else None
            if target is not None and command.refused_to_checker(target, user, parameters):
                refused.append(pk)
    return refused


def pending_approvals_about(user: StaffUser, customer_id: int, tab: str) -> list[tuple[ApprovalRequest, str]]:
    """The pending requests about a customer that belong to its tab ``tab``, as ``user`` may see
    them: ``(request, command label)``, for the banner on that tab."""
    from .commands import commands
    from .services.approvals import cached_rules, rule_of

    rules = functools.cache(cached_rules)  # only the tab's commands that wait for a second person
    tab_commands = [c for c in commands.all() if c.tab == tab and (c.approver_role_of or rule_of(c, rules)[0])]
    if not tab_commands:
        return []
    if not user.has_perm("backoffice.view_audit_log"):  # no query for whoever could see none of them
        decidable = set(_decidable(user))
        if not any(user.has_perm(c.permission) or c.name in decidable for c in tab_commands):
            return []
    here = {command.name: command.label for command in tab_commands}
    rows = approvals_visible_to(user).filter(
        customer_id=customer_id, status=ApprovalStatus.PENDING, expires_at__gt=timezone.now(), command__in=here
    )
    return [(row, here[row.command]) for row in rows.order_by("created_at")]


def pending_approvals_about_staff(user: StaffUser, staff_id: int) -> list[tuple[ApprovalRequest, str]]:
    """The pending requests about one staff account, as ``user`` may see them: ``(request, label)``."""
    from .commands import commands

    rows = approvals_visible_to(user).filter(
        target_model="backoffice.staffuser",
        target_id=str(staff_id),
        status=ApprovalStatus.PENDING,
        expires_at__gt=timezone.now(),
    )
    return [(row, commands.label_of(row.command)) for row in rows.order_by("created_at")]


APPROVALS_GENERATION = "approvals:generation"


def awaiting_count(user: StaffUser) -> int:
    """How many requests await ``user``'s decision, for the top bar: kept in the cache under the
    generation every request and decision moves on (``services.approvals``), for a minute at most
    (a request that expires meanwhile leaves the count then). No query for staff who may decide
    nothing."""
    from django.core.cache import cache

    generation = cache.get(APPROVALS_GENERATION, 0)
    key = f"approvals:awaiting:{user.pk}:{user.access_stamp}:{generation}"
    count = cache.get(key)
    if count is not None:
        return count
    if not _decidable(user) and not set(user.role_names) & set(PRIVILEGED_ROLES):
        count = 0  # may decide nothing: no query
    else:  # bounded, as every count a list or queue shows; what the viewer is refused left out
        pending = _pending_for_decision(user).order_by().values_list("pk", "command", "target_id", "parameters")
        rows = list(pending[: settings.LIST_EXACT_COUNT_LIMIT + 1])
        count = len(rows) - len(_refused_to(user, rows))
    cache.set(key, count, 60)
    return count


def saved_views_visible_to(user) -> QuerySet:
    """The saved views one may open: one's own and those shared with a role one holds."""
    from .models import SavedView
    from .roles import held_roles

    return SavedView.objects.filter(Q(owner=user) | Q(shared_role__in=held_roles(user))).select_related("owner")
