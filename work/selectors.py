"""Reads of the work queues (issue 19): what a staff member sees on ``/work/``."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from backoffice.models import StaffUser

from .choices import PENDING_STATUSES, WorkKind
from .models import WorkItem

VIEW_ALL = "work.view_all_work"
CONFIDENTIAL = "backoffice.view_confidential"


def work_visible_to(user: StaffUser) -> QuerySet[WorkItem]:
    """Every item for those who may see all work (compliance, administrators); else the items
    of the kinds they may do and their own. Confidential items only for those who see
    confidential data."""
    items = WorkItem.objects.select_related("customer", "assignee")
    if not user.has_perm(VIEW_ALL):
        items = items.filter(permission__in=user.get_all_permissions()) | items.filter(assignee=user)
    if not user.has_perm(CONFIDENTIAL):
        items = items.filter(confidential=False)
    return items


def pending_work_visible_to(user: StaffUser) -> QuerySet[WorkItem]:
    return work_visible_to(user).filter(status__in=PENDING_STATUSES)


def counts_by_kind(user: StaffUser) -> list[dict]:
    """Per kind of work the staff member sees: what is open, overdue, and due before tonight (one
    query, grouped)."""
    now = timezone.now()
    tonight = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(0)))
    rows = (
        pending_work_visible_to(user)
        .order_by()
        .values("kind")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=tonight)),
        )
    )
    labels = dict(WorkKind.choices)
    return sorted(({**row, "label": labels[row["kind"]]} for row in rows), key=lambda row: row["label"])
