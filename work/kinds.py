"""Each kind's service-level target by default (issue 19), which administrators may change
(``WorkTarget``): working hours from opening for what staff answer; for what falls due on a date
(a document's expiry, a risk review), how many days ahead the item opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER

from .choices import WorkKind


@dataclass(frozen=True)
class Target:
    working_hours: int | None = None
    days_ahead: int | None = None
    grace_hours: int = 8
    escalation_role: str = COMPLIANCE_OFFICER
    # A risk review: how many months between two reviews of a customer of each risk level.
    months_by_level: tuple[tuple[str, int], ...] = ()
    # The team's calendar: "" / None for the panel's (``calendar.team_calendar``).
    holidays_country: str = ""
    opens: time | None = None
    closes: time | None = None

    @property
    def calendar(self):
        """The working hours and public holidays this kind's deadlines count."""
        from .calendar import team_calendar

        default = team_calendar()
        return type(default)(
            country=self.holidays_country or default.country,
            opens=self.opens or default.opens,
            closes=self.closes or default.closes,
        )

    def months_for(self, level: str) -> int | None:
        return dict(self.months_by_level).get(level)


DEFAULT_TARGETS = {
    WorkKind.PRE_REVIEW: Target(working_hours=4),
    WorkKind.KYC_REVIEW: Target(working_hours=24, escalation_role=ADMINISTRATOR),
    WorkKind.APPROVAL: Target(working_hours=8, escalation_role=ADMINISTRATOR),
    WorkKind.DOCUMENT_EXPIRY: Target(days_ahead=30),
    WorkKind.RISK_REVIEW: Target(days_ahead=30, months_by_level=(("high", 12), ("medium", 24), ("low", 36))),
    WorkKind.VIGILANCE_REFUND: Target(working_hours=24),
    WorkKind.FAILED_EMAIL: Target(working_hours=4),
    WorkKind.SCREENING_HIT: Target(working_hours=24, escalation_role=ADMINISTRATOR),
}


def target_of(kind: str) -> Target:
    """The kind's target: the administrators' when they set one, else the default."""
    from .models import WorkTarget

    stored = WorkTarget.objects.filter(kind=kind).first()
    if stored is None:
        return DEFAULT_TARGETS[WorkKind(kind)]
    default = DEFAULT_TARGETS[WorkKind(kind)]
    months = tuple((level, getattr(stored, f"months_{level}") or months) for level, months in default.months_by_level)
    return Target(
        stored.working_hours,
        stored.days_ahead,
        stored.grace_hours,
        stored.escalation_role,
        months,
        stored.holidays_country,
        stored.opens_at,
        stored.closes_at,
    )


# Kind → ``link(item) -> url`` of the page where an item of that kind is done, from the item's own
# columns (no query per row of a list): registered by the app that owns the subject (``work``
# imports none of the apps above it).
_LINKS: dict[str, Callable] = {}
# Kind → ``on_assigned(subject_id, assignee)``: an app that keeps its own assignee (a KYC review's)
# follows "Take next" and reassignment here.
_ON_ASSIGNED: dict[str, Callable] = {}


def register_link(kind: str, link: Callable, on_assigned: Callable | None = None) -> None:
    _LINKS[kind] = link
    if on_assigned is not None:
        _ON_ASSIGNED[kind] = on_assigned


def link_of(item) -> str:
    link = _LINKS.get(item.kind)
    return link(item) if link else ""


def assigned(item) -> None:
    callback = _ON_ASSIGNED.get(item.kind)
    if callback is not None:
        callback(item.subject_id, item.assignee)
