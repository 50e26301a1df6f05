"""The email to the staff who may decide the requests asked since the last run (every minute)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ...commands import commands
from ...models import ApprovalRequest, ApprovalStatus, StaffUser, TaskReceipt
from .rules import Rules, may_decide, stored_rules

logger = logging.getLogger(__name__)


def notify_checkers(now: datetime | None = None) -> int:
    """Email everyone who may decide the requests asked since the last run: one email per checker
    listing their requests of the batch (the periodic task runs every minute). Each (request,
    checker) pair is emailed once (a receipt each); a send that fails leaves the batch to the
    next run, which emails only the checkers still missing it. How many emails went."""
    from ...emails import send_approvals_waiting

    now = now or timezone.now()
    sent, failed = 0, False
    with transaction.atomic():  # two runs at once share no request (SKIP LOCKED)
        batch = list(
            ApprovalRequest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("maker")
            .filter(status=ApprovalStatus.PENDING, expires_at__gt=now, checkers_notified_at__isnull=True)
            .order_by("pk")
        )
        if not batch:
            return 0
        checkers = list(
            StaffUser.objects.filter(is_active=True).exclude(email="").order_by("pk").prefetch_related("groups")
        )
        keys = [_receipt(request, staff) for request in batch for staff in checkers]
        done = set(TaskReceipt.objects.filter(key__in=keys, done_at__isnull=False).values_list("key", flat=True))
        rules, targets = stored_rules(), _targets(batch)  # read once for the whole batch
        for staff in checkers:
            theirs = [
                r for r in batch if _receipt(r, staff) not in done and _may_decide(staff, r, rules, targets.get(r.pk))
            ]
            if not theirs:
                continue
            try:
                send_approvals_waiting(staff, [(r, commands.label_of(r.command), _link(r)) for r in theirs])
            except Exception:
                logger.warning("The approvals email to %s failed; the next run tries again.", staff, exc_info=True)
                failed = True
                continue
            TaskReceipt.objects.bulk_create(
                [TaskReceipt(key=_receipt(r, staff), claimed_at=now, done_at=now) for r in theirs],
                ignore_conflicts=True,
            )
            sent += 1
        if not failed:
            ApprovalRequest.objects.filter(pk__in=[r.pk for r in batch]).update(checkers_notified_at=now)
    return sent


def _receipt(request: ApprovalRequest, staff: StaffUser) -> str:
    return f"approval-notified:{request.pk}:{staff.pk}"


def _targets(batch: list[ApprovalRequest]) -> dict[int, object]:
    """The targets of the requests whose command refuses some checkers (one query per command)."""
    found: dict[int, object] = {}
    for name in {request.command for request in batch}:
        try:
            command = commands.get(name)
        except KeyError:  # no app declares it any more: nobody is emailed about it
            continue
        if not command.checker_refusal:
            continue
        asked = [request for request in batch if request.command == name and request.target_id]
        by_pk = command.model.objects.in_bulk([request.target_id for request in asked])
        for request in asked:
            found[request.pk] = by_pk.get(command.model._meta.pk.to_python(request.target_id))
    return found


def _may_decide(staff: StaffUser, request: ApprovalRequest, rules: Rules, target) -> bool:
    if staff.pk == request.maker_id:
        return False
    if request.confidential and not staff.has_perm("backoffice.view_confidential"):
        return False
    try:
        command = commands.get(request.command)
    except KeyError:
        return False
    if not may_decide(staff, request, command, rules):
        return False
    if command.checker_refusal:
        return target is not None and command.refused_to_checker(target, staff, request.parameters) is None
    return True


def _link(request: ApprovalRequest) -> str:
    from django.urls import reverse

    return settings.PANEL_BASE_URL.rstrip("/") + reverse("approval-detail", args=[request.pk])
