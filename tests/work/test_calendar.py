"""Deadlines count working hours (09:00–17:00, Monday to Friday, Europe/Paris) and skip the
team's public holidays (France in the demo)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from work.calendar import WorkCalendar, add_working_hours, working_hours_between

PARIS = ZoneInfo("Europe/Paris")
FRANCE = WorkCalendar(country="FR")


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at("2026-12-01", 10), 4, at("2026-12-01", 14)),  # within a Tuesday
        (at("2026-12-01", 15), 4, at("2026-12-02", 11)),  # over the night
        (at("2026-12-04", 16), 4, at("2026-12-07", 12)),  # Friday afternoon: over the weekend
        (at("2026-12-05", 11), 4, at("2026-12-07", 13)),  # asked on Saturday: from Monday's opening
        (at("2026-12-01", 7), 8, at("2026-12-01", 17)),  # before opening: a whole day
        (at("2026-12-24", 15), 4, at("2026-12-28", 11)),  # Christmas Day (a Friday) is no working day
        (at("2026-12-31", 12), 24, at("2027-01-06", 12)),  # New Year's Day, then a weekend
    ],
)
def test_a_target_in_working_hours_skips_nights_weekends_and_holidays(settings, start, hours, due):
    settings.TIME_ZONE = "Europe/Paris"
    assert add_working_hours(start, hours, FRANCE) == due


def test_the_time_an_item_took_counts_working_hours_only(settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert working_hours_between(at("2026-12-04", 16), at("2026-12-07", 10), FRANCE) == 2
    assert working_hours_between(at("2026-12-07", 10), at("2026-12-04", 16), FRANCE) == 0
    assert working_hours_between(at("2026-12-24", 9), at("2026-12-28", 9), FRANCE) == 8
