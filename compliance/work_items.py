"""The compliance work that waits for a person (``work``): a customer's risk review coming due,
opened by the periodic sweep the kind's days ahead, due on the review date, closed when a new
assessment is saved. Confidential: the risk level is for compliance only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from customers.choices import Status
from work import services as work
from work.choices import PENDING_STATUSES, WorkKind
from work.kinds import register_link, target_of
from work.models import WorkItem

from .models import RiskProfile

PERMISSION = "compliance.set_risk_level"


def register_work_links() -> None:
    # From the item's customer: no query per row of ``/work/``.
    register_link(WorkKind.RISK_REVIEW, lambda item: reverse("compliance-risk", args=[item.customer_id]))


def open_risk_reviews_due(today: date | None = None) -> int:
    today = today or timezone.localdate()
    ahead = target_of(WorkKind.RISK_REVIEW).days_ahead or 30
    pending = WorkItem.objects.filter(
        kind=WorkKind.RISK_REVIEW,
        subject_model="compliance.riskprofile",
        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
        status__in=PENDING_STATUSES,
    )
    due = (
        RiskProfile.objects.filter(next_review_on__lte=today + timedelta(days=ahead))
        .exclude(customer__status=Status.CANCELED)
        .exclude(Exists(pending))
        .select_related("customer")
    )
    count = 0
    for profile in due:
        work.open_item(
            kind=WorkKind.RISK_REVIEW,
            subject=profile,
            title=f"Risk review of {profile.customer} due on {profile.next_review_on:%Y-%m-%d}",
            permission=PERMISSION,
            customer_id=profile.customer_id,
            confidential=True,
            due_at=timezone.make_aware(datetime.combine(profile.next_review_on, time(0))),
        )
        count += 1
    return count


def risk_reviewed(profile: RiskProfile, actor) -> None:
    """A new assessment is saved: the review that was due is done (the next one opens when its
    date comes near)."""
    work.close_items(kind=WorkKind.RISK_REVIEW, subject=profile, actor=actor)
