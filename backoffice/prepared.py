"""Queries of a fixed shape, compiled by the ORM once per process and run again with new ids.

A profile reads a dozen small things about one customer, each a query whose SQL never changes
but for the customer's id. The ORM builds and compiles each again on every request: some 1,000
Python calls a query, half of what the profile page cost (issue 17). ``Prepared`` lets the ORM
write the SQL once, from a builder called with placeholder ids, and then runs that SQL with the
real ids and turns the rows into what the queryset would have returned (model instances with
their ``select_related`` objects, dicts, tuples or flat values) with the ORM's own converters and
populators.

The builder must depend on its arguments alone: positional ones are the ids (integers) put in
the SQL as parameters (a builder taking ``*ids`` is compiled once per number of ids); keyword
ones choose a variant compiled of its own (a limit, a flag) and must be hashable: whatever else
the SQL would depend on (a setting, the day, the request) must come in as a variant. The first
compilation is made twice and compared, which catches a builder reading the clock to the
microsecond, not one reading a setting or the date: that is for the builder's author to avoid.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from inspect import Parameter
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    NamedValuesListIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)

# Ids no row can have: each positional argument of a builder is one of these at compile time.
_PLACEHOLDERS = tuple(-7_654_321_000 - index for index in range(100))  # a page of rows by id
# The ids a query is run with as they are: integers a 64-bit column can hold.
_ID_MIN, _ID_MAX = -(2**63), 2**63 - 1


def unfiltered(queryset: QuerySet) -> bool:
    """Whether ``queryset`` is its model's every row (no condition, not ``none()``): then a
    prepared query over the model may stand for a scope such as ``customers_visible_to``, and
    the ORM serves any narrower one."""
    query = queryset.query
    return not query.where and not query.is_sliced and not query.combinator


class PreparingError(ValueError):
    """A builder whose query cannot be prepared (say why, at the first use)."""


@dataclass
class _Plan:
    alias: str
    sql: str
    params: list  # with an argument's index where a placeholder stood (see ``slots``)
    slots: list[tuple[int, int]]  # (position in params, argument index)
    col_count: int
    converters: list[tuple[int, list, Any]]
    shape: str  # "models", "dicts", "tuples", "named", "flat"
    names: list[str] = field(default_factory=list)
    model: Any = None
    init_list: list[str] = field(default_factory=list)
    model_slice: tuple[int, int] = (0, 0)
    populators: list = field(default_factory=list)
    annotations: dict[str, int] = field(default_factory=dict)
    row_class: Any = None


class Prepared:
    """A queryset built by ``build(*ids, **variant)``, compiled once per database and variant."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        kinds = [parameter.kind for parameter in inspect.signature(build).parameters.values()]
        # None: as many ids as a call gives (``*ids``).
        self.arity: int | None = (
            None
            if Parameter.VAR_POSITIONAL in kinds
            else sum(
                kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD) for kind in kinds
            )
        )
        self._plans: dict[tuple, _Plan] = {}

    def all(self, *ids: int, **variant) -> list:
        """Every row, as the queryset would have returned them."""
        self._check(ids)
        if len(ids) > len(_PLACEHOLDERS):
            raise PreparingError(f"At most {len(_PLACEHOLDERS)} ids a query.")
        for id_ in ids:
            if not sendable(id_):
                # An id the SQL cannot take as it is (a text, a number beyond 64 bits: a URL's
                # ``<int:pk>`` takes any digits, and SQLite raises OverflowError on it) goes to the
                # ORM, which refuses it or finds no row for it, as the queryset always did.
                return list(self.build(*ids, **variant))
        return rows_of(self._plan(len(ids), variant), ids)

    def bound(self, *ids: int, **variant) -> Bound:
        """This query with its ids, to run with others (``together``)."""
        self._check(ids)
        return Bound(self, ids, variant)

    def _check(self, ids: tuple) -> None:
        if self.arity is not None and len(ids) != self.arity:
            raise TypeError(f"{self.arity} ids expected, {len(ids)} given.")

    def first(self, *ids: int, **variant):
        """The first row, or None. Unlike ``QuerySet.first()`` it adds no ordering: for a query
        of one row at most, or ordered by its builder."""
        rows = self.all(*ids, **variant)
        return rows[0] if rows else None

    # --- compiling ---------------------------------------------------------------------------

    def _plan(self, count: int, variant: dict) -> _Plan:
        key = (count, *sorted(variant.items()))
        plan = self._plans.get(key)
        if plan is None:
            first, second = self._compile(count, variant), self._compile(count, variant)
            if (first.sql, first.params) != (second.sql, second.params):
                raise PreparingError(
                    f"{self.build.__qualname__} builds a different query each time: it depends on "
                    "something besides its arguments (the clock, a setting), which a prepared "
                    "query would freeze."
                )
            plan = self._plans[key] = first
        return plan

    def _compile(self, count: int, variant: dict) -> _Plan:
        placeholders = _PLACEHOLDERS[:count]
        plan = plan_of(self.build(*placeholders, **variant), placeholders)
        if set(range(count)) - {argument for _, argument in plan.slots}:
            raise PreparingError(f"{self.build.__qualname__}: an id does not reach the SQL as a parameter.")
        return plan


@dataclass(frozen=True)
class Bound:
    prepared: Prepared
    ids: tuple
    variant: dict


@dataclass(frozen=True)
class Raw:
    """A statement of SQL with its parameters, to run with prepared queries (its rows as tuples)."""

    sql: str
    params: list
    alias: str = "default"


def together(*queries: Bound | Raw) -> list[list]:
    """The rows of each query, all sent in one round trip where the database takes several
    statements at once (PostgreSQL with client-side binding, Django's default), one after the
    other elsewhere. A profile's summary reads eight small things: eight round trips were most
    of its time in the database (issue 17)."""
    plans: list[tuple[_Plan | Raw, tuple]] = []
    for query in queries:
        if isinstance(query, Raw):
            plans.append((query, ()))
            continue
        if len(query.ids) > len(_PLACEHOLDERS) or not all(map(sendable, query.ids)):
            return [_alone(query) for query in queries]
        plans.append((query.prepared._plan(len(query.ids), query.variant), query.ids))
    prepared = [plan for plan, _ in plans if isinstance(plan, _Plan)]
    aliases = {plan.alias for plan in prepared} or {"default"}
    connection = connections[aliases.pop()] if len(aliases) == 1 else None
    if connection is None or connection.vendor != "postgresql" or len(plans) == 1:
        return [_alone(query) for query in queries]
    sql, params = [], []
    for plan, ids in plans:
        sql.append(plan.sql)
        params += plan.params if isinstance(plan, Raw) else _params(plan, ids)
    with connection.cursor() as cursor:
        if not _takes_several(cursor):
            return [_alone(query) for query in queries]
        cursor.execute(";\n".join(sql), params)
        results = []
        for number, (plan, _ids) in enumerate(plans):
            if number:
                cursor.nextset()
            rows = cursor.fetchall()
            results.append(rows if isinstance(plan, Raw) else _shaped(plan, rows, connection))
    return results


def runs_together(alias: str = "default") -> bool:
    """Whether ``together`` sends its statements in one round trip on this database."""
    connection = connections[alias]
    # Django's psycopg cursors bind client-side unless the database's OPTIONS ask otherwise.
    return (
        connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding") is not True
    )


def _alone(query: Bound | Raw) -> list:
    if isinstance(query, Raw):
        with connections[query.alias].cursor() as cursor:
            cursor.execute(query.sql, query.params)
            return cursor.fetchall()
    return query.prepared.all(*query.ids, **query.variant)


def _takes_several(cursor) -> bool:
    """Whether the cursor binds parameters itself (psycopg's ``ClientCursor``): only then may one
    execute hold several statements."""
    from psycopg import ClientCursor

    return isinstance(getattr(cursor, "cursor", cursor), ClientCursor)


def plan_of(given: QuerySet, placeholders: tuple = ()) -> _Plan:
    """How to run ``queryset``'s SQL again and shape its rows as the queryset would (the ids of
    ``placeholders`` found among its parameters)."""
    queryset: Any = given  # its private attributes, which the type stubs do not name
    if queryset._prefetch_related_lookups:
        raise PreparingError("A prepared query cannot prefetch: prepare each part.")
    if queryset._known_related_objects:
        raise PreparingError("A prepared query cannot carry known related objects.")
    alias = queryset.db or router.db_for_read(queryset.model)
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    params = list(params)
    index = {placeholder: number for number, placeholder in enumerate(placeholders)}
    slots = [(at, index[value]) for at, value in enumerate(params) if value.__class__ is int and value in index]
    fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(fields):
        raise PreparingError("A prepared query cannot select composite fields.")
    converters = [
        (position, converters, expression)
        for position, (converters, expression) in compiler.get_converters(fields).items()
    ]
    plan = _Plan(
        alias=alias,
        sql=sql,
        params=params,
        slots=slots,
        col_count=compiler.col_count,
        converters=converters,
        shape="",
    )
    iterable = queryset._iterable_class
    query = queryset.query
    if iterable is ModelIterable:
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        plan.shape = "models"
        plan.model = klass_info["model"]
        plan.init_list = [selected[0].target.attname for selected in compiler.select[start:end]]
        plan.model_slice = (start, end)
        plan.populators = get_related_populators(klass_info, compiler.select, alias, queryset._fetch_mode)
        plan.annotations = dict(compiler.annotation_col_map or {})
        if queryset._fetch_mode.track_peers:
            raise PreparingError("A prepared query keeps no peers: use the default fetch mode.")
    elif iterable is ValuesIterable:
        plan.shape = "dicts"
        plan.names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
    elif iterable is NamedValuesListIterable:
        from django.db.models.utils import create_namedtuple_class

        names = queryset._fields or [*query.extra_select, *query.values_select, *query.annotation_select]
        plan.shape = "named"
        plan.row_class = create_namedtuple_class(*names)
    elif iterable is ValuesListIterable:
        plan.shape = "tuples"
    elif iterable is FlatValuesListIterable:
        plan.shape = "flat"
    else:
        raise PreparingError(f"A prepared query cannot return {iterable.__name__} rows.")
    return plan


def sendable(id_) -> bool:
    """Whether ``id_`` goes to the SQL as it is: an ``int`` a 64-bit column can hold (a raw
    statement run with ``together`` must not be handed any other: SQLite raises OverflowError)."""
    return id_.__class__ is int and _ID_MIN <= id_ <= _ID_MAX


def _params(plan: _Plan, ids: tuple) -> list:
    params = list(plan.params)
    for position, argument in plan.slots:
        params[position] = ids[argument]
    return params


def rows_of(plan: _Plan, ids: tuple = ()) -> list:
    """The plan's query run with ``ids`` in its placeholders' places, its rows shaped."""
    connection = connections[plan.alias]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, _params(plan, ids))
        rows = cursor.fetchall()
    return _shaped(plan, rows, connection)


def _shaped(plan: _Plan, rows: list, connection) -> list:
    """The rows as the queryset's iterable would have made them."""
    count = plan.col_count
    if plan.converters:
        converted = []
        for row in rows:
            row = list(row[:count])
            for position, converters, expression in plan.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            converted.append(row)
        rows = converted
    shape = plan.shape
    if shape == "models":
        start, end = plan.model_slice
        from_db, init_list = plan.model.from_db, plan.init_list
        populators, annotations = plan.populators, plan.annotations
        made = []
        for row in rows:
            instance = from_db(plan.alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations.items():
                setattr(instance, name, row[position])
            made.append(instance)
        return made
    if shape == "dicts":
        names = plan.names
        return [dict(zip(names, row, strict=False)) for row in rows]
    if shape == "flat":
        return [row[0] for row in rows]
    if shape == "named":
        new, row_class = tuple.__new__, plan.row_class
        return [new(row_class, tuple(row[:count])) for row in rows]
    return [tuple(row[:count]) for row in rows]
