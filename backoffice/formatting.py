"""How the panel writes a value for a person: money, dates and times, yes/no. One function per
kind of value, used by the template filters, the tables and the audit log's change lists, so a
value reads the same wherever it appears. Exports (CSV, XLSX) keep raw numbers and codes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format

EMPTY = "—"
DATE_FORMAT = "j M Y"  # 6 Dec 2026
DATETIME_FORMAT = "j M Y H:i T"  # 6 Dec 2026 14:05 CET: the zone named


MINUS = "\u2212"  # −, the minus sign (the panel's transactions show it too)


def format_amount(amount: Decimal | float | int | str, *, signed: bool = False) -> str:
    """``-19805.172`` → ``−19,805.17``: two decimals, thousands grouped by commas, a minus when
    negative (and, ``signed``, a plus when positive)."""
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    text = f"{abs(number):,.2f}"
    if not text.strip("0.,"):  # zero, or rounds to it: no sign
        return text
    if number < 0:
        return MINUS + text
    return f"+{text}" if signed else text


def format_money(amount: Decimal | float | int | str | None, currency: str = "", *, signed: bool = False) -> str:
    """The panel's one money format: ``19,805.17 EUR``, ``−250.00 EUR`` (the currency code after;
    a dash when there is no amount). Exports keep raw numbers instead."""
    if amount is None or amount == "":
        return EMPTY
    return f"{format_amount(amount, signed=signed)} {currency or ''}".strip()


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def as_datetime(value: datetime | str | None) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError:
            return None
    return None


def as_date(value: date | str | None) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            return None
    return None


def format_datetime(value: datetime | str | None, *, seconds: bool = False) -> str:
    """In the staff member's time zone (the active one, else ``settings.TIME_ZONE``) with the zone
    named: ``6 Dec 2026 14:05 CET``."""
    moment = as_datetime(value)
    if moment is None:
        return EMPTY if value in (None, "") else str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return date_format(timezone.localtime(moment), "j M Y H:i:s T" if seconds else DATETIME_FORMAT)


def format_date(value: date | str | None) -> str:
    """``6 Dec 2026``."""
    day = as_date(value)
    if day is None:
        return EMPTY if value in (None, "") else str(value)
    return date_format(day, DATE_FORMAT)
