"""Keyset cursors: where a page starts or ends, as the sort values of its first or last row, and
the condition that reads the rows beyond them from the index (``WHERE (sort, id) < (…)``)."""

import base64
import datetime
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q, QuerySet


def fields_of(model) -> dict[str, models.Field]:
    """The model's columns by name and by column name (``customer`` and ``customer_id``)."""
    fields = {}
    for column in model._meta.concrete_fields:
        fields[column.name] = fields[column.attname] = column
    return fields


def ordering_of(queryset: QuerySet) -> list[tuple[str, bool]] | None:
    """``[(field, descending)]`` when every ordering term is a plain column that cannot be
    NULL (a NULL would fall outside every "after" comparison); None otherwise."""
    terms = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    fields = fields_of(queryset.model)
    ordering = []
    for term in terms:
        if not isinstance(term, str):
            return None
        name = term.lstrip("-")
        if name != "pk" and (name not in fields or fields[name].null):
            return None
        ordering.append((name, term.startswith("-")))
    return ordering or None


class _CursorEncoder(DjangoJSONEncoder):
    """Dates and times whole (Django's encoder cuts microseconds, which would repeat or skip
    rows that share a millisecond); other values as their text."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def encode_cursor(values: list) -> str:
    raw = json.dumps(values, cls=_CursorEncoder, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


MAX_CURSOR = 4000  # a key of a few columns is far shorter; nested JSON no longer parses


def decode_cursor(token: str) -> list | None:
    """The key ``token`` holds; None if it is none of ours: too long, not base64 JSON, not a list
    of scalars, or with text no column holds (a NUL, which PostgreSQL refuses in a query)."""
    if len(token) > MAX_CURSOR:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, RecursionError):  # RecursionError: "[[[[…]]]]" nested deeper than Python parses
        return None
    if not isinstance(values, list) or any(isinstance(value, (list, dict)) for value in values):
        return None  # a key holds scalars only
    if any(isinstance(value, str) and "\x00" in value for value in values):
        return None
    return values


def key_of(row, ordering) -> list:
    """The row's values of the ``ordering``'s columns: where a cursor points."""
    return [row.pk if name == "pk" else row.serializable_value(name) for name, _ in ordering]


def cursor_for(row, ordering) -> str:
    values = key_of(row, ordering)
    return "" if any(value is None for value in values) else encode_cursor(values)


def beyond(ordering, values, *, forward: bool) -> Q:
    """Rows after ``values`` in ``ordering`` (before them when not ``forward``): an OR of
    "equal on the first k fields, beyond on the next", plus a bound on the first field so the
    index serves it."""
    condition = Q()
    for index, (name, descending) in enumerate(ordering):
        equal = {ordering[j][0]: values[j] for j in range(index)}
        operator = "lt" if descending == forward else "gt"
        condition |= Q(**equal, **{f"{name}__{operator}": values[index]})
    first, descending = ordering[0]
    return condition & Q(**{f"{first}__{'lte' if descending == forward else 'gte'}": values[0]})


def reversed_ordering(ordering) -> list[str]:
    return [name if descending else f"-{name}" for name, descending in ordering]


def usable_cursor(queryset: QuerySet, ordering, token: str) -> list | None:
    """The key ``token`` holds if the list can seek to it; None for a cursor it did not issue."""
    if not ordering:
        return None
    cursor = decode_cursor(token)
    if cursor is None or len(cursor) != len(ordering):
        return None
    try:  # a tampered cursor (a date that is not one, an infinite id) is not used
        queryset.filter(beyond(ordering, cursor, forward=True))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return None
    return cursor
