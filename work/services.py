"""Opening, taking and closing work items (DESIGN.md "Work items"). The service that creates
what must be done opens its item in the same transaction (``open_item``) and the one that
settles it closes it (``close_items``): the queues never drift from what they are about."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from backoffice.roles import held_roles

from . import kinds
from .calendar import add_working_hours
from .choices import PENDING_STATUSES, WorkStatus
from .kinds import target_of
from .models import WorkItem
from .selectors import kinds_theirs, moved


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
    role: str = "",
    assignee: StaffUser | None = None,
    personal: bool = False,
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
    item = _new_item(
        kind,
        subject_model,
        subject_id,
        customer_id=customer_id,
        title=title,
        permission=permission,
        confidential=confidential,
        created_at=now,
        due_at=due_at or _due(kind, now),
        role=role,
        personal=personal,
        assignee=assignee,
        assigned_at=now if assignee else None,
        opened_by=opened_by if isinstance(opened_by, StaffUser) else None,
    )
    try:
        with transaction.atomic():
            item.save()
        transaction.on_commit(moved)
    except IntegrityError:  # opened by a concurrent transaction meanwhile: that one stands
        return WorkItem.objects.get(
            kind=kind, subject_model=subject_model, subject_id=subject_id, status__in=PENDING_STATUSES
        )
    return item


def _due(kind: str, opened_at: datetime) -> datetime:
    """When an item of ``kind`` opened then is due: after the kind's target in working hours."""
    target = target_of(kind)
    return add_working_hours(opened_at, target.working_hours or 0, target.calendar)


def _new_item(kind: str, subject_model: str, subject_id: str, *, title: str, **fields) -> WorkItem:
    return WorkItem(kind=kind, subject_model=subject_model, subject_id=subject_id, title=title[:200], **fields)


def open_items(
    *, kind: str, subjects: list[tuple[models.Model, str, int | None]], permission: str, confidential: bool = False
) -> list[WorkItem]:
    """``open_item`` for many new subjects of one model at once, each ``(subject, title,
    customer_id)``: a screening's hits. The pending ones read in one query, the others inserted
    in one, all due after the kind's target (one at a time when a concurrent opening collides)."""
    if not subjects:
        return []
    subject_model = subject_key(subjects[0][0])[0]
    ids = [subject_key(subject)[1] for subject, _title, _customer in subjects]
    pending = {
        item.subject_id: item
        for item in WorkItem.objects.filter(
            kind=kind, subject_model=subject_model, subject_id__in=ids, status__in=PENDING_STATUSES
        )
    }
    now = timezone.now()
    due_at = _due(kind, now)
    new = [
        _new_item(
            kind,
            subject_model,
            subject_id,
            customer_id=customer_id,
            title=title,
            permission=permission,
            confidential=confidential,
            created_at=now,
            due_at=due_at,
        )
        for subject_id, (_subject, title, customer_id) in zip(ids, subjects, strict=True)
        if subject_id not in pending
    ]
    try:
        with transaction.atomic():
            WorkItem.objects.bulk_create(new)
    except IntegrityError:
        return [
            open_item(
                kind=kind,
                subject=subject,
                title=title,
                permission=permission,
                customer_id=customer_id,
                confidential=confidential,
            )
            for subject, title, customer_id in subjects
        ]
    transaction.on_commit(moved)
    return [*pending.values(), *new]


def close_items(*, kind: str, subject: models.Model, actor=None, closed_at: datetime | None = None) -> int:
    """Close the pending item of ``kind`` about ``subject`` (done by ``actor``, now or at
    ``closed_at``: the demo's past); how many."""
    subject_model, subject_id = subject_key(subject)
    closed = WorkItem.objects.filter(
        kind=kind, subject_model=subject_model, subject_id=subject_id, status__in=PENDING_STATUSES
    ).update(
        status=WorkStatus.DONE,
        closed_at=closed_at or timezone.now(),
        closed_by=actor if isinstance(actor, StaffUser) else None,
        snoozed_until=None,
    )
    if closed:
        transaction.on_commit(moved)
    return closed


VIEW_ALL = "work.view_all_work"
CONFIDENTIAL = "backoffice.view_confidential"


def may_do(user: StaffUser, item: WorkItem) -> bool:
    """Whether ``user`` may do ``item``: hold its permission or its role; never the item their own
    action opened (their document, review or request); a confidential one only with confidential
    access; a personal one (a statement of theirs that failed) only its assignee."""
    if not user.is_active:
        return False
    if item.personal:
        return item.assignee_id == user.pk
    if item.opened_by_id == user.pk or (item.confidential and not user.has_perm(CONFIDENTIAL)):
        return False
    by_permission = bool(item.permission) and user.has_perm(item.permission)
    return by_permission or (bool(item.role) and item.role in held_roles(user))


def leads_the_work(user: StaffUser) -> bool:
    """Compliance officers and administrators see every item and move anyone's."""
    return user.has_perm(VIEW_ALL)


def cancel_customer_items(*, customer_id: int, actor, keep: tuple[str, ...] = ()) -> int:
    """The customer's pending items, but the kinds in ``keep``, are no longer needed (the
    customer was deactivated): closed as such, out of the metrics; how many."""
    pending = WorkItem.objects.filter(customer_id=customer_id, status__in=PENDING_STATUSES).exclude(kind__in=keep)
    canceled = pending.update(
        status=WorkStatus.CANCELED,
        closed_at=timezone.now(),
        closed_by=actor if isinstance(actor, StaffUser) else None,
        snoozed_until=None,
    )
    if canceled:
        transaction.on_commit(moved)
    return canceled


def items_actor_may_do(actor: StaffUser):
    """The pending items ``actor`` may do (``may_do``, in the database): their permissions' or
    roles', not personal, confidential ones only for those who see confidential data."""
    items = WorkItem.objects.filter(kinds_theirs(actor), status__in=PENDING_STATUSES)
    if not actor.has_perm(CONFIDENTIAL):
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
    transaction.on_commit(moved)
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


def _holder(item: WorkItem) -> str:
    assignee = item.assignee
    return (assignee.get_full_name() or assignee.get_username()) if assignee else "Nobody"


def take_refusal(item: WorkItem, actor=None) -> str | None:
    """Why ``actor`` may not take the item (``take_actor_refusal`` with an actor), or None."""
    refusal = pending_refusal(item)
    if refusal is None and actor is not None:
        refusal = take_actor_refusal(item, actor)
    return refusal


def take_actor_refusal(item: WorkItem, actor: StaffUser) -> str | None:
    if item.assignee_id == actor.pk:
        return "This item is yours already."
    if not may_do(actor, item):
        return "You may not do this item (it is another role's, or needs another person's eyes)."
    if item.assignee_id and not leads_the_work(actor):
        return f"{_holder(item)} has it: ask them, or a compliance officer, to give it to you."
    return None


def give_back_refusal(item: WorkItem) -> str | None:
    if not item.is_pending:
        return "This item is done already."
    if item.personal:
        return "Only its requester can see their statement: the item stays theirs."
    return None if item.assignee_id else "This item is in the queue already: nobody has it."


def give_back_actor_refusal(item: WorkItem, actor: StaffUser) -> str | None:
    if item.assignee_id != actor.pk and not leads_the_work(actor):
        return f"{_holder(item)} has it: only they, or a compliance officer, give it back."
    return None


def move_actor_refusal(item: WorkItem, actor: StaffUser) -> str | None:
    """Snoozing or giving an item to a colleague: whoever has it, whoever may do an unassigned
    one, or a compliance officer or administrator."""
    if item.assignee_id == actor.pk or leads_the_work(actor):
        return None
    if item.assignee_id is None and may_do(actor, item):
        return None
    if item.assignee_id:
        return f"{_holder(item)} has it: only they, or a compliance officer, move it."
    return "You may not do this item, nor move it."


def reassign_refusal(item: WorkItem) -> str | None:
    refusal = pending_refusal(item)
    if refusal is None and item.personal:
        refusal = "Only its requester can see their statement: the item stays theirs."
    return refusal


@transaction.atomic
def take_item(*, actor: StaffUser, item: WorkItem) -> WorkItem:
    """ "Take it": the item becomes the staff member's, if they may do it and it is not theirs."""
    item = _locked(item)
    refusal = take_refusal(item, actor)
    if refusal:
        raise DomainError(refusal)
    _assign(item, actor, actor)
    return item


@transaction.atomic
def give_back(*, actor: StaffUser, item: WorkItem) -> WorkItem:
    item = _locked(item)
    refusal = give_back_refusal(item) or give_back_actor_refusal(item, actor)
    if refusal:
        raise DomainError(refusal)
    _assign(item, None, actor)
    return item


@transaction.atomic
def reassign(*, actor: StaffUser, item: WorkItem, assignee: StaffUser | None) -> WorkItem:
    """Give the item to ``assignee`` (None: back to the queue). The assignee must be able to do it."""
    item = _locked(item)
    refusal = reassign_refusal(item) or move_actor_refusal(item, actor)
    if refusal:
        raise DomainError(refusal)
    if assignee is not None and not may_do(assignee, item):
        raise DomainError(f"{assignee} may not do this item.", field="assignee")
    if (assignee.pk if assignee else None) == item.assignee_id:
        raise DomainError(f"{_holder(item)} has it already.", field="assignee")
    _assign(item, assignee, actor)
    return item


MAX_SNOOZE = timedelta(days=90)


@transaction.atomic
def snooze(*, actor: StaffUser, item: WorkItem, until: datetime, reason: str) -> WorkItem:
    """Put the item aside until ``until`` with the reason (it comes back by itself then)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why it waits.", field="reason")
    if until <= timezone.now():
        raise DomainError("Snooze it until a moment in the future.", field="until")
    if until > timezone.now() + MAX_SNOOZE:
        raise DomainError(f"Snooze it for {MAX_SNOOZE.days} days at most: its deadline stays.", field="until")
    item = _locked(item)
    refusal = pending_refusal(item) or move_actor_refusal(item, actor)
    if refusal:
        raise DomainError(refusal)
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
    transaction.on_commit(moved)
