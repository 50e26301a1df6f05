"""How the queues keep up (issue 19): per kind and per week, the items opened, the items closed,
the median and 90th percentile time to close, and the share closed within target (closed at or
before the deadline). Counted over the items the viewer may see (``work_visible_to``).

Bounded whatever the table holds: two grouped queries over the window (last ``weeks`` weeks),
aggregated in the database. The percentiles are PostgreSQL's ``percentile_cont`` in the same
query as the closed counts; other databases (SQLite, which the suite runs on by default) have
none, so there one more query reads the closed items' durations in the window and Python
interpolates the same way (``percentile``). ``percentiles_in_database`` decides; nothing else
knows. Figures: docs/performance.md, "Work metrics".

Time to close is elapsed time from opening to closing (calendar hours), not working hours:
"within target" already says how an item did against its working-hours deadline, and working
hours per item cannot be summed by the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils import timezone

from backoffice.models import StaffUser

from .choices import WorkKind, WorkStatus
from .selectors import work_visible_to

DEFAULT_WEEKS = 8
WEEK_CHOICES = (4, 8, 13, 26)
MEDIAN, NINETIETH = 0.5, 0.9


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``: the value at
    ``fraction`` of the ordered group, interpolated between the two nearest rows."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = DurationField()

    def __init__(self, fraction: float, expression, **extra):
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


class HoursToClose(Func):
    """From opening to closing, in hours, as a number the database computes: SQLite's own
    ``julianday`` (Django's subtraction of two times calls a Python function per row there, 0.8 s
    of the 0.9 s the fallback took at 200,000 items)."""

    output_field = FloatField()
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)"
    arg_joiner = " - "

    def __init__(self):
        super().__init__(F("closed_at"), F("created_at"))

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "((julianday(%(expressions)s)) * 24.0)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=") - julianday(", **extra_context)


def percentiles_in_database() -> bool:
    """Whether the database computes the percentiles (PostgreSQL), else Python does."""
    return connection.vendor == "postgresql"


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """``percentile_cont`` in Python: linear interpolation between the closest ranks."""
    if not sorted_values:
        return None
    position = fraction * (len(sorted_values) - 1)
    below = int(position)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (sorted_values[above] - sorted_values[below]) * (position - below)


@dataclass(frozen=True)
class WeekFigures:
    kind: str
    week: date  # its Monday
    opened: int = 0
    closed: int = 0
    within_target: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None

    @property
    def kind_label(self) -> str:
        return WorkKind(self.kind).label if self.kind in WorkKind.values else "All kinds"

    @property
    def share_within(self) -> float | None:
        """The share of the items closed that week that were closed by their deadline (0–1)."""
        return self.within_target / self.closed if self.closed else None

    @property
    def is_quiet(self) -> bool:
        return not (self.opened or self.closed)

    @property
    def share_text(self) -> str:
        share = self.share_within
        return "—" if share is None else f"{share * 100:.0f} %"

    @property
    def median_text(self) -> str:
        return duration_text(self.median_hours)

    @property
    def p90_text(self) -> str:
        return duration_text(self.p90_hours)


def duration_text(hours: float | None) -> str:
    """A time to close in hours (one unit down a column), with days beside it from two days."""
    if hours is None:
        return "—"
    return f"{hours:.1f} h" if hours < 48 else f"{hours:.1f} h ({hours / 24:.1f} days)"


@dataclass(frozen=True)
class Metrics:
    weeks: list[date]  # the Mondays of the window, oldest first
    by_kind: dict[str, list[WeekFigures]]  # kind → one row a week, for the kinds with any activity
    totals: list[WeekFigures]  # all the kinds shown, a week each (no percentiles)

    @property
    def quiet_kinds(self) -> list[str]:
        """The kinds with nothing opened or closed in the window (their labels)."""
        return [label for value, label in WorkKind.choices if value not in self.by_kind]


def window(weeks: int, today: date | None = None) -> list[date]:
    """The Mondays of the last ``weeks`` weeks, this one included, oldest first."""
    today = today or timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def _week_of(field: str, starts: list[datetime]) -> Case:
    """Which week of the window ``field`` falls in (0: the oldest), by comparing it with each
    week's start (local midnight on Monday, so a week of a clock change is one too): cheaper for
    the database than truncating every row's time in the time zone, and the same on every
    database."""
    latest_first = reversed(list(enumerate(starts)))
    return Case(
        *(When(**{f"{field}__gte": start}, then=Value(index)) for index, start in latest_first),
        output_field=IntegerField(),
    )


def weekly_metrics(user: StaffUser, *, weeks: int = DEFAULT_WEEKS, kind: str = "", today: date | None = None):
    """Per kind (or the one ``kind``) and per week of the last ``weeks``: what ``user`` may see
    opened and closed, how long closing took and how much of it by the deadline."""
    mondays = window(weeks, today)
    starts = [timezone.make_aware(datetime.combine(monday, time(0))) for monday in mondays]
    items = work_visible_to(user).order_by()
    if kind:
        items = items.filter(kind=kind)
    opened = (
        items.filter(created_at__gte=starts[0])
        .annotate(week=_week_of("created_at", starts))
        .values("kind", "week")
        .annotate(count=Count("pk"))
    )
    # Done items only: one no longer needed (its customer deactivated) was not worked on.
    closed_items = items.filter(closed_at__gte=starts[0], status=WorkStatus.DONE).annotate(
        week=_week_of("closed_at", starts)
    )
    took = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())
    in_database = percentiles_in_database()
    nothing = Value(None, output_field=DurationField())  # computed in Python below
    closed = closed_items.values("kind", "week").annotate(
        count=Count("pk"),
        within=Count("pk", filter=Q(closed_at__lte=F("due_at"))),
        median=PercentileCont(MEDIAN, took) if in_database else nothing,
        p90=PercentileCont(NINETIETH, took) if in_database else nothing,
    )
    figures: dict[tuple[str, date], dict] = defaultdict(dict)
    for row in opened:
        figures[row["kind"], mondays[row["week"]]]["opened"] = row["count"]
    for row in closed:
        entry = figures[row["kind"], mondays[row["week"]]]
        entry.update(closed=row["count"], within_target=row["within"])
        if in_database:
            entry.update(median_hours=_hours(row["median"]), p90_hours=_hours(row["p90"]))
    if not in_database:
        durations: dict[tuple[str, date], list[float]] = defaultdict(list)
        for item_kind, week, hours in closed_items.annotate(hours=HoursToClose()).values_list("kind", "week", "hours"):
            durations[item_kind, mondays[week]].append(hours)
        for key, values in durations.items():
            values.sort()
            figures[key].update(median_hours=percentile(values, MEDIAN), p90_hours=percentile(values, NINETIETH))
    shown = [value for value in WorkKind.values if (not kind or value == kind)]
    active = {item_kind for item_kind, _ in figures}
    by_kind = {
        value: [WeekFigures(value, monday, **figures.get((value, monday), {})) for monday in mondays]
        for value in shown
        if value in active or value == kind
    }
    totals = [
        WeekFigures(
            kind or "",
            monday,
            opened=sum(rows[index].opened for rows in by_kind.values()),
            closed=sum(rows[index].closed for rows in by_kind.values()),
            within_target=sum(rows[index].within_target for rows in by_kind.values()),
        )
        for index, monday in enumerate(mondays)
    ]
    return Metrics(weeks=mondays, by_kind=by_kind, totals=totals)


def _hours(duration: timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / 3600


CSV_HEADER = [
    "Kind",
    "Kind code",
    "Week starting",
    "Opened",
    "Closed",
    "Closed within target",
    "Share within target (%)",
    "Median time to close (hours)",
    "90th percentile time to close (hours)",
]


def csv_rows(metrics: Metrics):
    """The table's figures, a row per kind and week, for the CSV export."""
    for rows in metrics.by_kind.values():
        for row in rows:
            share = row.share_within
            yield [
                row.kind_label,
                row.kind,
                row.week.isoformat(),
                row.opened,
                row.closed,
                row.within_target,
                "" if share is None else f"{share * 100:.1f}",
                "" if row.median_hours is None else f"{row.median_hours:.2f}",
                "" if row.p90_hours is None else f"{row.p90_hours:.2f}",
            ]
