"""Reads of the work queues (issue 19): what a staff member sees on ``/work/``."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import EmptyResultSet
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from backoffice.models import StaffUser
from backoffice.roles import held_roles

from .choices import CLOSED_STATUSES, PENDING_STATUSES, WorkKind
from .models import WorkItem

VIEW_ALL = "work.view_all_work"
CONFIDENTIAL = "backoffice.view_confidential"


def work_visible_to(user: StaffUser) -> QuerySet[WorkItem]:
    """Every item for those who may see all work (compliance, administrators); else the items
    of the kinds they may do and their own. Confidential items only for those who see
    confidential data."""
    items = WorkItem.objects.select_related("customer", "assignee")
    if not user.has_perm(VIEW_ALL):
        items = items.filter(kinds_theirs(user) | Q(assignee=user))
    if not user.has_perm(CONFIDENTIAL):
        items = items.filter(confidential=False)
    return items


def kinds_theirs(user: StaffUser) -> Q:
    """The items of the kinds ``user`` may do: their permissions' or their roles' (a personal
    item only its assignee's)."""
    may = Q(permission__in=user.get_all_permissions()) | Q(role__in=held_roles(user))
    return may & Q(personal=False)


def pending_work_visible_to(user: StaffUser) -> QuerySet[WorkItem]:
    return work_visible_to(user).filter(status__in=PENDING_STATUSES)


def pending_work_parts(user: StaffUser) -> list[QuerySet[WorkItem]]:
    """``pending_work_visible_to`` as disjoint parts whose union it is, each an index range
    (``OR`` in one query leaves the database a filter over every row of a kind): every pending
    item; or the items of the kinds the staff member may do, and their own others."""
    items = WorkItem.objects.filter(status__in=PENDING_STATUSES).order_by()
    if not user.has_perm(CONFIDENTIAL):
        items = items.filter(confidential=False)
    if user.has_perm(VIEW_ALL):
        return [items]
    by_permission = Q(permission__in=user.get_all_permissions(), personal=False)
    parts = [items.filter(by_permission)]
    roles = held_roles(user)
    if roles:
        parts.append(items.filter(Q(role__in=roles, personal=False) & ~by_permission))
    return [*parts, items.filter(assignee=user).exclude(kinds_theirs(user))]


def counts_by_kind(user: StaffUser) -> list[dict]:
    """Per kind of work the staff member sees: what is open, overdue, and due before tonight, each
    counted up to the bound every list keeps (``LIST_EXACT_COUNT_LIMIT``; more reads "1,000+").
    One query of bounded subqueries, each a range of the pending rows' index by kind and due
    date: 200,000 open items cost what 24,000 do (tests/perf/work_queues.py). Kinds with nothing
    open are left out."""
    from django.conf import settings
    from django.db import connection

    limit = settings.LIST_EXACT_COUNT_LIMIT
    now = timezone.now()
    tonight = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(0)))
    buckets = {"open": Q(), "overdue": Q(due_at__lt=now), "today": Q(due_at__gte=now, due_at__lt=tonight)}
    selects: list[str] = []
    params: list = []
    keys: list[tuple[str, str]] = []
    for kind in WorkKind.values:
        for bucket, condition in buckets.items():
            for visible in pending_work_parts(user):
                bounded = visible.filter(condition, kind=kind).values("pk")[: limit + 1]
                try:
                    sql, part = bounded.query.sql_with_params()
                except EmptyResultSet:  # no permission at all: nothing to count
                    continue
                selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS bounded)")  # noqa: S608 (the ORM's own SQL)
                params += part
                keys.append((kind, bucket))
    counts: dict[tuple[str, str], int] = {}
    if not selects:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        for key, count in zip(keys, cursor.fetchone(), strict=True):
            counts[key] = counts.get(key, 0) + count
    labels = dict(WorkKind.choices)
    rows = [
        {
            "kind": kind,
            "label": labels[kind],
            **{bucket: _bounded(counts.get((kind, bucket), 0), limit) for bucket in buckets},
        }
        for kind in WorkKind.values
        if counts.get((kind, "open"))
    ]
    return sorted(rows, key=lambda row: row["label"])


def dashboard_counts(user: StaffUser) -> list[dict]:
    """``counts_by_kind`` for the dashboard, kept in the cache under the generation every
    opening, assignment and closing moves on, for 30 seconds at most (an item falls due by the
    clock meanwhile): shared by everyone who sees every item alike, per person otherwise."""
    from django.core.cache import cache

    if user.has_perm(VIEW_ALL):
        whose = "all-confidential" if user.has_perm(CONFIDENTIAL) else "all"
    else:
        whose = f"{user.pk}:{user.access_stamp}"
    key = f"work:counts:{whose}:{cache.get(GENERATION, 0)}"
    rows = cache.get(key)
    if rows is None:
        rows = counts_by_kind(user)
        cache.set(key, rows, 30)
    return rows


def _bounded(count: int, limit: int) -> int | str:
    return f"{limit:,}+" if count > limit else count


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
        if not user.has_perm(CONFIDENTIAL):  # none should be theirs; never counted if one were
            mine = mine.filter(confidential=False)
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
    done = WorkItem.objects.filter(customer_id=customer_id, status__in=CLOSED_STATUSES).select_related("closed_by")
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
    """The colleagues who may do the item (``services.may_do``, in the database: its permission or
    role, active, confidential access for a confidential item, never whose action opened it)."""
    holders = StaffUser.objects.filter(is_active=True)
    may = Q(pk__in=[])
    if item.permission and "." in item.permission:
        app_label, codename = item.permission.split(".", 1)
        may |= Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename) | Q(
            is_superuser=True
        )
    if item.role:
        may |= Q(groups__name=item.role) | Q(is_superuser=True)
    holders = holders.filter(may)
    if item.confidential:
        holders = holders.filter(
            Q(
                groups__permissions__content_type__app_label="backoffice",
                groups__permissions__codename="view_confidential",
            )
            | Q(is_superuser=True)
        )
    if item.opened_by_id is not None:
        holders = holders.exclude(pk=item.opened_by_id)
    if item.personal:
        holders = holders.none()
    return {"candidates": holders.distinct().order_by("first_name", "last_name")}
