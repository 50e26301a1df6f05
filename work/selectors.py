"""Reads of the work queues (issue 19): what a staff member sees on ``/work/``."""

from __future__ import annotations

from django.db.models import QuerySet

from backoffice.models import StaffUser

from .choices import PENDING_STATUSES
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
