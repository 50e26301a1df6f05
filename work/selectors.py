"""Reads of the work queues (issue 19): what a staff member sees on ``/work/``."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
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


def item_visible_to(user: StaffUser, pk) -> WorkItem:
    """The item, if ``user`` sees it (404 otherwise)."""
    return get_object_or_404(work_visible_to(user), pk=pk)


def item_url(item: WorkItem) -> str:
    return reverse("work-item", args=[item.pk])


def reassign_form_kwargs(owner: StaffUser, item: WorkItem) -> dict:
    """The colleagues who may do the item (its permission, active, not whose action opened it)."""
    app_label, codename = item.permission.split(".", 1)
    holders = (
        StaffUser.objects.filter(
            is_active=True,
            groups__permissions__content_type__app_label=app_label,
            groups__permissions__codename=codename,
        )
        .exclude(pk=item.opened_by_id)
        .distinct()
    )
    return {"candidates": holders.order_by("first_name", "last_name")}
