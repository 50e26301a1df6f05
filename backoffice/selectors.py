"""Reads of ``backoffice``, scoped to what the staff member may see."""

from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AuditEntry, StaffUser

CONFIDENTIAL_MASK = "•••• confidential"


def _active_lockouts() -> QuerySet[AccessAttempt]:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)


def staff_members_visible_to(user: StaffUser) -> QuerySet[StaffUser]:
    """Staff accounts with their roles, second-factor and lockout state. Superusers (the
    command-line root accounts) are out of scope for everyone else."""
    queryset = StaffUser.objects.prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
    if not user.is_superuser:
        queryset = queryset.filter(is_superuser=False)
    return queryset.annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        is_locked_out=Exists(_active_lockouts().filter(username=OuterRef("username"))),
    )


def lockout_ends_at(username: str) -> datetime | None:
    """When a locked-out username may try again, or None if it is not locked out."""
    attempt = _active_lockouts().filter(username=username).order_by("-attempt_time").first()
    return attempt.attempt_time + settings.AXES_COOLOFF_TIME if attempt else None


def audit_entries_visible_to(user: StaffUser) -> QuerySet[AuditEntry]:
    """Entries about confidential matters (freezes, state reasons) only for staff who may see them."""
    queryset = AuditEntry.objects.all()
    if not user.has_perm("backoffice.view_confidential"):
        queryset = queryset.filter(confidential=False)
    return queryset


def readable_changes(entry: AuditEntry, user: StaffUser) -> list[tuple[str, object, object]]:
    """``(field, before, after)`` with confidential values masked for staff who may not see them."""
    may_see = user.has_perm("backoffice.view_confidential")
    rows = []
    for field, (before, after) in entry.changes.items():
        if field in entry.confidential_fields and not may_see:
            before = after = CONFIDENTIAL_MASK
        rows.append((field, before, after))
    return rows


def readable_reason(entry: AuditEntry, user: StaffUser) -> str:
    if entry.reason and "reason" in entry.confidential_fields and not user.has_perm("backoffice.view_confidential"):
        return CONFIDENTIAL_MASK
    return entry.reason
