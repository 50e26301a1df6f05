"""Setting a customer's risk assessment: compliance officers, with a reason; the level is copied
onto the customer for the lists' filter. Confidential in the audit log."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from customers.choices import RiskLevel
from customers.models import Customer
from customers.services.common import require_open_customer
from work.calendar import add_months
from work.choices import WorkKind
from work.kinds import target_of

from ..models import RiskProfile
from ..work_items import risk_reviewed


@transaction.atomic
def set_risk(
    *,
    actor,
    customer: Customer,
    level: str,
    score: int,
    last_review_on: date | str,
    next_review_on: date | str | None,
    reason: str,
) -> RiskProfile:
    """The assessment, due again by the level's interval at the latest (``latest_review_on``);
    no next review given: on that date."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is required.", field="reason")
    # A request approved later gives the dates as JSON, their ISO text.
    last_day, next_day = _day(last_review_on), _day(next_review_on)
    if level not in RiskLevel.values:
        raise DomainError("Choose low, medium or high.", field="level")
    if not 0 <= score <= 100:
        raise DomainError("The score is between 0 and 100.", field="score")
    if last_day is None:
        raise DomainError("Give the date of the last review.", field="last_review_on")
    months, latest = latest_review_on(level, last_day)
    next_day = next_day or latest
    if next_day < last_day:
        raise DomainError("The next review comes after the last one.", field="next_review_on")
    if next_day > latest:
        raise DomainError(
            f"A {RiskLevel(level).label.lower()}-risk customer is reviewed at least every {months} months: "
            f"the next review is due by {latest:%Y-%m-%d} at the latest.",
            field="next_review_on",
        )
    if last_day > timezone.localdate():
        raise DomainError("The last review cannot be in the future.", field="last_review_on")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "assessing the risk")
    profile = RiskProfile.objects.filter(customer=customer).first()
    before = _view(profile)
    values = {"level": level, "score": score, "last_review_on": last_day, "next_review_on": next_day}
    staff = actor if isinstance(actor, StaffUser) else None
    profile, _ = RiskProfile.objects.update_or_create(
        customer=customer, defaults={**values, "updated_at": timezone.now(), "updated_by": staff}
    )
    if customer.risk_level != level:
        customer.risk_level = level
        customer.save(update_fields=["risk_level", "updated_at"])
    after = _view(profile)
    audit.record(
        action="compliance.risk.set",
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]},
        reason=reason,
        confidential=True,
    )
    risk_reviewed(profile, actor)
    return profile


def _day(value) -> date | None:
    """A date from the form, or its ISO text from a request approved later; blank: None."""
    if isinstance(value, str):
        return date.fromisoformat(value) if value else None
    return value or None


def latest_review_on(level: str, last_review_on: date) -> tuple[int, date]:
    """How many months a customer of ``level`` may go between two reviews (the risk review's
    target, ``work.kinds``: high 12, medium 24, low 36 unless administrators set others), and
    the latest date the next review may be set to."""
    months = target_of(WorkKind.RISK_REVIEW).months_for(level) or 12
    return months, add_months(last_review_on, months)


def _view(profile: RiskProfile | None) -> dict:
    if profile is None:
        return {}
    return {
        "risk_level": profile.level,
        "risk_score": profile.score,
        "last_review_on": profile.last_review_on.isoformat(),
        "next_review_on": profile.next_review_on.isoformat(),
    }
