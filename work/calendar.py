"""Deadlines in working hours (DESIGN.md "Work items"): a service-level target counts only the
team's working hours (09:00–17:00, Monday to Friday, in ``TIME_ZONE``) and skips the public
holidays of ``WORK_HOLIDAYS_COUNTRY`` (python-holidays). One calendar for the whole team today;
the functions take the calendar so a team of its own can have another."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class WorkCalendar:
    country: str = "FR"
    opens: time = time(9)
    closes: time = time(17)
    working_days: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))  # Monday = 0

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days and day not in _holidays(self.country, day.year)

    @property
    def hours_a_day(self) -> float:
        return (datetime.combine(date.min, self.closes) - datetime.combine(date.min, self.opens)).seconds / 3600


@cache
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


@cache
def holiday_countries() -> dict[str, str]:
    """The countries whose public holidays python-holidays knows: code → name, by name."""
    from customers.countries import country_name

    known = [code for code in holidays.list_supported_countries() if len(code) == 2]
    return dict(sorted(((code, country_name(code) or code) for code in known), key=lambda pair: pair[1]))


def panel_country() -> str:
    """The name of the country whose holidays the panel's calendar skips (``WORK_HOLIDAYS_COUNTRY``)."""
    code = settings.WORK_HOLIDAYS_COUNTRY
    return holiday_countries().get(code, code)


def team_calendar() -> WorkCalendar:
    return WorkCalendar(country=settings.WORK_HOLIDAYS_COUNTRY)


def add_working_hours(start: datetime, hours: float, calendar: WorkCalendar | None = None) -> datetime:
    """When ``hours`` working hours after ``start`` have passed (an aware datetime, in the
    calendar's time zone): a start outside working hours counts from the next opening."""
    calendar = calendar or team_calendar()
    zone = timezone.get_default_timezone()
    moment = timezone.localtime(start, zone)
    left = timedelta(hours=hours)
    while True:
        day = moment.date()
        opens = datetime.combine(day, calendar.opens, tzinfo=zone)
        closes = datetime.combine(day, calendar.closes, tzinfo=zone)
        if calendar.is_working_day(day) and moment < closes:
            moment = max(moment, opens)
            if moment + left <= closes:
                return moment + left
            left -= closes - moment
        moment = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


def working_hours_between(start: datetime, end: datetime, calendar: WorkCalendar | None = None) -> float:
    """The working hours from ``start`` to ``end`` (0 when ``end`` is not after ``start``): how long
    an item took, on the clock its target is set on."""
    calendar = calendar or team_calendar()
    zone = timezone.get_default_timezone()
    start, end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    total = timedelta()
    day = start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            opens = max(start, datetime.combine(day, calendar.opens, tzinfo=zone))
            closes = min(end, datetime.combine(day, calendar.closes, tzinfo=zone))
            if closes > opens:
                total += closes - opens
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, on the month's last day when it is shorter
    (2024-02-29 plus 12 months is 2025-02-28)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
