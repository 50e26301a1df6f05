"""Escalation (issue 19): an item still overdue ``grace_hours`` after its deadline is told, once,
to the active holders of its kind's escalation role, in one email per person and sweep."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice import audit
from backoffice.models import StaffUser

from .choices import PENDING_STATUSES, WorkKind
from .kinds import target_of
from .models import WorkItem

SWEEP = audit.SystemActor("celery:work-sweep")


def escalate_overdue(now: datetime | None = None) -> int:
    """Mark the items past their grace escalated, audit it, and email their escalation role; how
    many. The emails leave inside the transaction that marks the items: a mail server that fails
    undoes the marks, and the next sweep tries again (an escalation is never lost; a holder
    emailed before the failure may be told twice)."""
    now = now or timezone.now()
    told: dict[StaffUser, list[WorkItem]] = defaultdict(list)
    escalated = 0
    with transaction.atomic():
        for kind in WorkKind.values:
            target = target_of(kind)
            if not target.escalation_role:
                continue
            late = list(
                WorkItem.objects.select_for_update(skip_locked=True).filter(
                    kind=kind,
                    status__in=PENDING_STATUSES,
                    escalated_at__isnull=True,
                    due_at__lt=now - timedelta(hours=target.grace_hours),
                )
            )
            if not late:
                continue
            WorkItem.objects.filter(pk__in=[item.pk for item in late]).update(escalated_at=now)
            escalated += len(late)
            for item in late:
                audit.record(
                    action="work.escalated",
                    actor=SWEEP,
                    customer_id=item.customer_id,
                    target=item,
                    changes={"escalated_to": [None, target.escalation_role]},
                    confidential=item.confidential,
                )
            holders = StaffUser.objects.filter(is_active=True, groups__name=target.escalation_role).exclude(email="")
            for holder in holders:
                sees_confidential = holder.has_perm("backoffice.view_confidential")
                told[holder].extend(item for item in late if sees_confidential or not item.confidential)
        for holder, items in told.items():
            if items:
                _email(holder, items)
    return escalated


def _email(staff: StaffUser, items: list[WorkItem]) -> None:
    lines = [
        f"- {item.get_kind_display()}: {item.title} (due {timezone.localtime(item.due_at):%Y-%m-%d %H:%M})"
        for item in items
    ]
    count = len(items)
    send_mail(
        "A work item is overdue" if count == 1 else f"{count} work items are overdue",
        "These items are past their deadline and its grace period, and are still to do:\n\n"
        + "\n".join(lines)
        + f"\n\nOpen the work list to assign them: {settings.PANEL_BASE_URL.rstrip('/')}{reverse('work-list')}"
        + "?due=overdue\n",
        None,
        [staff.email],
    )
