"""Each kind's service-level target, as administrators set it (issue 19): the deadline in
working hours or days ahead, the team's calendar, the grace before escalating and to whom, the
risk review intervals; checked field by field, audited, compared with the row the form saw.
The items themselves are ``work.services``'."""

from __future__ import annotations

from datetime import time

from django.db import IntegrityError, transaction

from backoffice import audit
from backoffice.errors import ConcurrentEditError, DomainError
from backoffice.models import StaffUser
from backoffice.roles import ROLES

from .calendar import holiday_countries
from .choices import WorkKind
from .kinds import DEFAULT_TARGETS
from .models import WorkTarget

TARGET_FIELDS = (
    "working_hours",
    "days_ahead",
    "grace_hours",
    "escalation_role",
    "months_high",
    "months_medium",
    "months_low",
    "holidays_country",
    "opens_at",
    "closes_at",
)
CALENDAR_FIELDS = ("holidays_country", "opens_at", "closes_at")
MONTH_FIELDS = ("months_high", "months_medium", "months_low")
LIMITS = {"working_hours": (1, 500), "days_ahead": (1, 365), "grace_hours": (0, 500), "months": (1, 120)}


def _time(value) -> time | None:
    """A time from the form, or its ISO text from a request approved later."""
    if isinstance(value, str):
        return time.fromisoformat(value) if value else None
    return value


def target_version(target: WorkTarget) -> str:
    """What an edit form remembers of the row it was opened on ("" for a kind still on its
    default): another administrator's save meanwhile moves it."""
    return target.updated_at.isoformat() if target.updated_at else ""


def default_target(kind: str) -> WorkTarget:
    """The kind's defaults (``kinds.DEFAULT_TARGETS``) as an unsaved ``WorkTarget``."""
    default = DEFAULT_TARGETS[WorkKind(kind)]
    return WorkTarget(
        kind=kind,
        working_hours=default.working_hours,
        days_ahead=default.days_ahead,
        grace_hours=default.grace_hours,
        escalation_role=default.escalation_role,
        holidays_country=default.holidays_country,
        opens_at=default.opens,
        closes_at=default.closes,
        **{f"months_{level}": months for level, months in default.months_by_level},
    )


def is_default(target: WorkTarget) -> bool:
    """Whether ``target`` holds its kind's defaults (unsaved, or a row stored to ask a second
    person on, whose request was refused)."""
    default = default_target(target.kind)
    return all(getattr(target, name) == getattr(default, name) for name in TARGET_FIELDS)


def stored_or_default_target(kind: str, *, create: bool = False) -> WorkTarget:
    """The kind's ``WorkTarget`` row; missing, one holding the defaults (saved when ``create``:
    what a change or a four-eyes request is made on, never a page that only shows it)."""
    if create:
        values = {name: getattr(default_target(kind), name) for name in TARGET_FIELDS}
        return WorkTarget.objects.get_or_create(kind=kind, defaults=values)[0]
    return WorkTarget.objects.filter(kind=kind).first() or default_target(kind)


def _check_target(kind: str, values: dict) -> None:
    """The rules of a kind's target, each refusal next to its field."""
    default = DEFAULT_TARGETS[WorkKind(kind)]
    date_driven = default.days_ahead is not None
    counted, unused = ("days_ahead", "working_hours") if date_driven else ("working_hours", "days_ahead")
    low, high = LIMITS[counted]
    value = values[counted]
    if value is None or not low <= value <= high:
        what = "days ahead" if date_driven else "working hours"
        raise DomainError(f"Give a whole number of {what} from {low} to {high}.", field=counted)
    if values[unused] is not None:
        raise DomainError(
            "This kind falls due on a date: it counts days ahead, not working hours."
            if date_driven
            else "This kind counts working hours from opening, not days ahead.",
            field=unused,
        )
    low, high = LIMITS["grace_hours"]
    if values["grace_hours"] is None or not low <= values["grace_hours"] <= high:
        raise DomainError(f"Give the grace in whole hours, from {low} to {high}.", field="grace_hours")
    if values["escalation_role"] not in ("", *ROLES):
        raise DomainError("Choose one of the roles, or nobody.", field="escalation_role")
    _check_calendar(date_driven, values)
    if not default.months_by_level:
        for name in MONTH_FIELDS:
            if values[name] is not None:
                raise DomainError("Review intervals apply to risk reviews only.", field=name)
        return
    # Said beside fields a third of the form wide: short.
    low, high = LIMITS["months"]
    for name in MONTH_FIELDS:
        if values[name] is None or not low <= values[name] <= high:
            raise DomainError(f"From {low} to {high} months.", field=name)
    if values["months_high"] > values["months_medium"]:
        raise DomainError(f"At most {values['months_medium']}: as often as medium risk.", field="months_high")
    if values["months_medium"] > values["months_low"]:
        raise DomainError(f"At most {values['months_low']}: as often as low risk.", field="months_medium")


def _check_calendar(date_driven: bool, values: dict) -> None:
    """The team's calendar: a country python-holidays knows, and a working day of at least an
    hour; a kind that falls due on a date counts no working hours."""
    if date_driven:
        for name in CALENDAR_FIELDS:
            if values[name] not in (None, ""):
                raise DomainError("This kind falls due on a date: it counts no working hours.", field=name)
        return
    if values["holidays_country"] not in ("", *holiday_countries()):
        raise DomainError("Choose a country whose public holidays the calendar knows.", field="holidays_country")
    opens, closes = values["opens_at"], values["closes_at"]
    if (opens is None) != (closes is None):
        field = "closes_at" if closes is None else "opens_at"
        raise DomainError("Give both the opening and the closing time, or neither (09:00–17:00).", field=field)
    if opens is not None and closes is not None:
        minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        if minutes < 60:
            raise DomainError("The team closes at least an hour after it opens.", field="closes_at")


@transaction.atomic
def set_target(
    *,
    actor: StaffUser,
    target: WorkTarget,
    working_hours: int | None,
    days_ahead: int | None,
    grace_hours: int,
    escalation_role: str,
    months_high: int | None = None,
    months_medium: int | None = None,
    months_low: int | None = None,
    reason: str,
    version: str | None = None,
    holidays_country: str = "",
    opens_at: time | str | None = None,
    closes_at: time | str | None = None,
) -> WorkTarget:
    """A kind's target as administrators set it: what counts (working hours from opening, or days
    ahead of a date), the grace after the deadline before escalating, and to which role; for risk
    reviews, how many months between two reviews per risk level. Applies to the items opened
    afterwards (an open item keeps its deadline). ``version``: the row as the form saw it
    (``target_version``); someone else's save meanwhile is refused, not overwritten."""
    reason = reason.strip()
    values = {
        "working_hours": working_hours,
        "days_ahead": days_ahead,
        "grace_hours": grace_hours,
        "escalation_role": (escalation_role or "").strip(),
        "months_high": months_high,
        "months_medium": months_medium,
        "months_low": months_low,
        "holidays_country": (holidays_country or "").strip().upper(),
        "opens_at": _time(opens_at),
        "closes_at": _time(closes_at),
    }
    _check_target(target.kind, values)
    if not reason:
        raise DomainError("Say why the target changes: it is kept in the audit log.", field="reason")
    stored = WorkTarget.objects.select_for_update().filter(pk=target.kind).first()
    if stored is not None and version is not None and version != target_version(stored):
        raise ConcurrentEditError(f"the target of {stored}")
    current = stored or default_target(target.kind)
    changes = audit.diff(audit.snapshot(current, TARGET_FIELDS), values)
    if not changes:  # the defaults saved unchanged store no row
        return current
    for name in changes:
        setattr(current, name, values[name])
    if stored is not None:
        current.save(update_fields=[*changes, "updated_at"])
    else:  # the kind's first change: its row, the defaults but for what changed
        try:
            with transaction.atomic():
                current.save(force_insert=True)
        except IntegrityError:  # another administrator's first change, at the same moment
            raise ConcurrentEditError(f"the target of {current}") from None
    audit.record(action="work.target.set", actor=actor, target=current, changes=changes, reason=reason)
    return current
