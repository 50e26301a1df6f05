"""Reads of the work queues (issue 19): what a staff member sees on ``/work/``."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from backoffice.models import StaffUser

from .choices import PENDING_STATUSES, WorkKind, WorkStatus
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


GENERATION = "work:generation"


def moved() -> None:
    """Items were opened, assigned or closed: every cached "my overdue" count is stale."""
    from django.core.cache import cache

    try:
        cache.incr(GENERATION)
    except ValueError:  # not in the cache yet (or evicted)
        cache.set(GENERATION, 1, None)


def my_overdue_count(user: StaffUser) -> int:
    """The top bar's count of ``user``'s overdue items: from the cache under the generation every
    opening, assignment and closing moves on, for a minute at most (an item falls due by the
    clock meanwhile). Bounded as every count a list shows."""
    from django.conf import settings
    from django.core.cache import cache

    key = f"work:overdue:{user.pk}:{cache.get(GENERATION, 0)}"
    count = cache.get(key)
    if count is None:
        mine = WorkItem.objects.filter(assignee=user, status__in=PENDING_STATUSES, due_at__lt=timezone.now())
        count = len(mine.values_list("pk", flat=True)[: settings.LIST_EXACT_COUNT_LIMIT + 1])
        cache.set(key, count, 60)
    return count


def item_visible_to(user: StaffUser, pk) -> WorkItem:
    """The item, if ``user`` sees it (404 otherwise)."""
    return get_object_or_404(work_visible_to(user), pk=pk)


def customer_work(user: StaffUser, customer_id: int, done_shown: int = 10) -> dict:
    """The profile's Work tab: what is pending about the customer (the toolbar counter counts the
    same items, ``tabs.pending_about_customers``), then the last items done. Each row says
    whether ``user`` may open the item's page (its kind is theirs, or it is assigned to them)."""
    from .tabs import pending_about_customers

    about = pending_about_customers(user).filter(customer_id=customer_id).select_related("assignee")
    done = WorkItem.objects.filter(customer_id=customer_id, status=WorkStatus.DONE).select_related("closed_by")
    if not user.has_perm(CONFIDENTIAL):
        done = done.filter(confidential=False)
    permissions = None if user.has_perm(VIEW_ALL) else user.get_all_permissions()

    def opens(item: WorkItem) -> bool:
        return permissions is None or item.permission in permissions or item.assignee_id == user.pk

    return {
        "pending": [(item, opens(item)) for item in about.order_by("due_at", "pk")],
        "done": [(item, opens(item)) for item in done.order_by("-closed_at", "-pk")[:done_shown]],
        "now": timezone.now(),
    }


def item_url(item: WorkItem) -> str:
    return reverse("work-item", args=[item.pk])


def reassign_form_kwargs(owner: StaffUser, item: WorkItem) -> dict:
    """The colleagues who may do the item (its permission, active, not whose action opened it)."""
    app_label, codename = item.permission.split(".", 1)
    holders = StaffUser.objects.filter(
        is_active=True,
        groups__permissions__content_type__app_label=app_label,
        groups__permissions__codename=codename,
    ).distinct()
    if item.opened_by_id is not None:
        holders = holders.exclude(pk=item.opened_by_id)
    return {"candidates": holders.order_by("first_name", "last_name")}
