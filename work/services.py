"""Opening, taking and closing work items (DESIGN.md "Work items"). The service that creates
what must be done opens its item in the same transaction (``open_item``) and the one that
settles it closes it (``close_items``): the queues never drift from what they are about."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser

from . import kinds
from .calendar import add_working_hours
from .choices import PENDING_STATUSES, WorkStatus
from .kinds import target_of
from .models import WorkItem


def subject_key(subject: models.Model) -> tuple[str, str]:
    return subject._meta.label_lower, str(subject.pk)


def open_item(
    *,
    kind: str,
    subject: models.Model,
    title: str,
    permission: str,
    customer_id: int | None = None,
    confidential: bool = False,
    due_at: datetime | None = None,
    opened_at: datetime | None = None,
    opened_by=None,
) -> WorkItem:
    """The pending item of ``kind`` about ``subject``, opened now (or ``opened_at``: the demo's
    past) when it has none. Due ``due_at`` (a date-driven kind) or after the kind's target in
    working hours."""
    subject_model, subject_id = subject_key(subject)
    pending = WorkItem.objects.filter(
        kind=kind, subject_model=subject_model, subject_id=subject_id, status__in=PENDING_STATUSES
    ).first()
    if pending is not None:
        return pending
    now = opened_at or timezone.now()
    if due_at is None:
        due_at = add_working_hours(now, target_of(kind).working_hours or 0)
    item = WorkItem(
        kind=kind,
        subject_model=subject_model,
        subject_id=subject_id,
        customer_id=customer_id,
        title=title[:200],
        permission=permission,
        confidential=confidential,
        opened_by=opened_by if isinstance(opened_by, StaffUser) else None,
        created_at=now,
        due_at=due_at,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # opened by a concurrent transaction meanwhile: that one stands
        return WorkItem.objects.get(
            kind=kind, subject_model=subject_model, subject_id=subject_id, status__in=PENDING_STATUSES
        )
    return item


def close_items(*, kind: str, subject: models.Model, actor=None) -> int:
    """Close the pending item of ``kind`` about ``subject`` (done by ``actor``); how many."""
    subject_model, subject_id = subject_key(subject)
    return WorkItem.objects.filter(
        kind=kind, subject_model=subject_model, subject_id=subject_id, status__in=PENDING_STATUSES
    ).update(
        status=WorkStatus.DONE,
        closed_at=timezone.now(),
        closed_by=actor if isinstance(actor, StaffUser) else None,
        snoozed_until=None,
    )


def items_actor_may_do(actor: StaffUser):
    """The pending items whose page ``actor`` may open (confidential ones only for those who see
    confidential data)."""
    items = WorkItem.objects.filter(status__in=PENDING_STATUSES, permission__in=actor.get_all_permissions())
    if not actor.has_perm("backoffice.view_confidential"):
        items = items.filter(confidential=False)
    return items


@transaction.atomic
def take_next(*, actor: StaffUser, kind: str = "") -> WorkItem | None:
    """Assign ``actor`` the oldest-due unassigned open item they may do, of ``kind`` when given.
    Two people pressing it at once get two different items: the row is locked, and rows another
    transaction holds are skipped (``SKIP LOCKED`` on PostgreSQL)."""
    candidates = items_actor_may_do(actor).filter(status=WorkStatus.OPEN, assignee__isnull=True)
    candidates = candidates.exclude(opened_by=actor)  # never one's own document, review or request
    if kind:
        candidates = candidates.filter(kind=kind)
    item = candidates.select_for_update(skip_locked=True).order_by("due_at", "pk").first()
    if item is None:
        return None
    _assign(item, actor, actor)
    return item


def _locked(item: WorkItem) -> WorkItem:
    return WorkItem.objects.select_for_update().get(pk=item.pk)


def _assign(item: WorkItem, assignee: StaffUser | None, actor: StaffUser) -> None:
    before = item.assignee.get_username() if item.assignee else None
    item.assignee, item.assigned_at = assignee, timezone.now() if assignee else None
    item.save(update_fields=["assignee", "assigned_at"])
    kinds.assigned(item)  # the subject's own assignee follows (a KYC review's)
    audit.record(
        action="work.assigned",
        actor=actor,
        customer_id=item.customer_id,
        target=item,
        changes={"assignee": [before, assignee.get_username() if assignee else None]},
        confidential=item.confidential,
    )


def pending_refusal(item: WorkItem) -> str | None:
    return None if item.is_pending else "This item is done already."


def take_refusal(item: WorkItem, actor=None) -> str | None:
    if not item.is_pending:
        return "This item is done already."
    if actor is not None and item.assignee_id == actor.pk:
        return "This item is yours already."
    return None


def give_back_refusal(item: WorkItem) -> str | None:
    if not item.is_pending:
        return "This item is done already."
    return None if item.assignee_id else "This item is in the queue already: nobody has it."


@transaction.atomic
def take_item(*, actor: StaffUser, item: WorkItem) -> WorkItem:
    """ "Take it": the item becomes the staff member's, if they may do it and it is not theirs."""
    item = _locked(item)
    refusal = take_refusal(item, actor)
    if refusal:
        raise DomainError(refusal)
    if not actor.has_perm(item.permission) or item.opened_by_id == actor.pk:
        raise DomainError("You may not do this item (it needs another person's eyes or another role).")
    _assign(item, actor, actor)
    return item


@transaction.atomic
def give_back(*, actor: StaffUser, item: WorkItem) -> WorkItem:
    item = _locked(item)
    refusal = give_back_refusal(item)
    if refusal:
        raise DomainError(refusal)
    _assign(item, None, actor)
    return item


@transaction.atomic
def reassign(*, actor: StaffUser, item: WorkItem, assignee: StaffUser | None) -> WorkItem:
    """Give the item to ``assignee`` (None: back to the queue). The assignee must be able to do it."""
    item = _locked(item)
    if not item.is_pending:
        raise DomainError("This item is done already.")
    if assignee is not None and not (
        assignee.is_active and assignee.has_perm(item.permission) and assignee.pk != item.opened_by_id
    ):
        raise DomainError(f"{assignee} may not do this kind of work.", field="assignee")
    _assign(item, assignee, actor)
    return item


@transaction.atomic
def snooze(*, actor: StaffUser, item: WorkItem, until: datetime, reason: str) -> WorkItem:
    """Put the item aside until ``until`` with the reason (it comes back by itself then)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why it waits.", field="reason")
    if until <= timezone.now():
        raise DomainError("Snooze it until a moment in the future.", field="until")
    item = _locked(item)
    if not item.is_pending:
        raise DomainError("This item is done already.")
    item.status, item.snoozed_until, item.snooze_reason = WorkStatus.SNOOZED, until, reason
    item.save(update_fields=["status", "snoozed_until", "snooze_reason"])
    audit.record(
        action="work.snoozed",
        actor=actor,
        customer_id=item.customer_id,
        target=item,
        changes={"snoozed_until": [None, until]},
        reason=reason,
        confidential=item.confidential,
    )
    return item


def wake_snoozed(now: datetime | None = None) -> int:
    """Snoozed items whose moment has come are open again (the periodic sweep); how many."""
    now = now or timezone.now()
    return WorkItem.objects.filter(status=WorkStatus.SNOOZED, snoozed_until__lte=now).update(
        status=WorkStatus.OPEN, snoozed_until=None
    )


def follow_assignee(*, kind: str, subject: models.Model, assignee: StaffUser | None) -> None:
    """The subject's app assigned it (a KYC review taken from its own queue): its item follows."""
    subject_model, subject_id = subject_key(subject)
    WorkItem.objects.filter(
        kind=kind, subject_model=subject_model, subject_id=subject_id, status__in=PENDING_STATUSES
    ).update(assignee=assignee, assigned_at=timezone.now() if assignee else None)
