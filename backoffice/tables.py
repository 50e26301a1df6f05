"""Tables: django-tables2 declares the columns, their sorting and their export; rendering is ours.

A column declared ``visible=False`` is hidden by default and offered in the list's "Columns"
control; each staff member's choice (``TableConfiguration``) is applied by ``choose_columns``,
and the export writes the columns on screen, in their order. ``required_columns`` (the column
that links to the record) cannot be hidden.

django-tables2's own ``render_table`` inspects each render method's signature and renders a
template for every cell (~176 ms for 50 rows x 13 columns). ``BackofficeTable.rendered_body``
works out each column's renderer once per page and writes the rows in Python (see
``tests/perf/list_rendering.py`` for the figures).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any
from urllib.parse import quote_plus, urlencode

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_tables2.utils import A

from . import audit_labels
from .copying import shallow_copy
from .markup import ESCAPES, escape, text, url_maker

EMPTY = mark_safe('<span class="text-body-tertiary">—</span>')
_RENDER_ARGUMENTS = ("value", "record", "column", "bound_column", "table")


def format_value(value, zone=None) -> str:
    """Plain text for a cell or an export: dates in the local time zone (``zone`` when the caller
    looked it up once for many cells), booleans as Yes / No."""
    if value.__class__ is str:  # most cells: no isinstance checks
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(zone or timezone.get_current_timezone())
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _choice_labels(model: type, name: str) -> dict | None:
    """A model field's choices as {value: label}, or None for anything else."""
    if not (isinstance(model, type) and issubclass(model, models.Model)):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    choices = getattr(field, "flatchoices", None) if getattr(field, "choices", None) else None
    return {value: str(label) for value, label in choices} if choices else None


def _attribute(name: str) -> Callable[[object], object]:
    """Reads one attribute (or key) of a record: a field with choices gives its label (what
    ``get_FOO_display()`` gives) from a table built once per model, a method is called."""
    labels_of: dict[type, dict | None] = {}

    def resolve(record):
        model = record.__class__
        if model not in labels_of:
            labels_of[model] = _choice_labels(model, name)
        labels = labels_of[model]
        if labels is not None:
            value = getattr(record, name, None)
            return None if value is None else labels.get(value, value)
        value = record.get(name) if model is dict else getattr(record, name, None)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
        return value

    return resolve


def _resolver(accessor: A, model: type | None = None) -> Callable[[object], object]:
    """Reads a record's value along ``accessor`` ("customer.country"), one attribute at a time.
    A table of ``model`` rows reads a plain field of theirs with ``attrgetter`` (one C call) when
    the record is of that model, as the general reader would have read it."""
    bits = A(accessor).bits
    if model is not None and len(bits) == 1 and _plain_field(model, bits[0]):
        general, direct = _attribute(bits[0]), attrgetter(bits[0])
        return lambda record: direct(record) if record.__class__ is model else general(record)
    steps = [_attribute(bit) for bit in bits]
    if len(steps) == 1:
        return steps[0]

    def resolve(record):
        value = record
        for step in steps:
            if value is None:
                return None
            value = step(value)
        return value

    return resolve


@functools.cache
def _render_arguments(render: Callable) -> tuple[str, ...]:
    """The arguments a ``render_FOO`` method takes, of those django-tables2 offers."""
    return tuple(name for name in inspect.signature(render).parameters if name in _RENDER_ARGUMENTS)


def _plain_field(model: type, name: str) -> bool:
    """Whether ``name`` is a concrete field of ``model`` without choices (read as it is stored)
    whose attribute is the field's own value (no method, property or relation)."""
    if not (isinstance(model, type) and issubclass(model, models.Model)):
        return False
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return (
        isinstance(field, models.Field)
        and field.concrete
        and not field.is_relation
        and not field.choices
        and field.attname == name
        and _choice_labels(model, name) is None
    )


class Column(tables.Column):
    """A column of the panel's tables. django-tables2 deep-copies every column of a table for each
    table it makes (dicts of attributes, accessors, links: about 3,000 Python calls a list page);
    a column holds its declaration, and what a table changes on its own copy (shown or hidden)
    is an attribute set on that copy, so a shallow copy is enough (issue 17)."""

    def __deepcopy__(self, memo):
        return shallow_copy(self)


class BackofficeTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle mb-0 list-table"}
        order_by_field = "sort"

    # The columns a staff member cannot hide: the one that links to the record.
    required_columns: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_columns = tuple(column.name for column in self.columns.iterall() if column.visible)

    # --- the columns a staff member chooses -----------------------------------------------
    def column_names(self) -> list[str]:
        """Every column the list can show (those excluded by the view are not among them)."""
        return [column.name for column in self.columns.iterall()]

    def always_shown(self) -> tuple[str, ...]:
        names = set(self.column_names())
        return tuple(name for name in self.required_columns if name in names)

    def set_default_columns(self, names: Sequence[str]) -> None:
        """A list's own defaults (the customer lists share one table): shown in that order."""
        self.choose_columns(names)
        self.default_columns = tuple(column.name for column in self.columns.iterall() if column.visible)

    def choose_columns(self, names: Sequence[str] | None) -> None:
        """Show ``names`` in that order and hide the others; unknown names are ignored and the
        required columns stay. ``None`` or nothing usable keeps the defaults."""
        if not names:
            return
        available = set(self.column_names())
        chosen = list(dict.fromkeys(name for name in names if name in available))
        if not chosen:
            return
        chosen = [name for name in self.always_shown() if name not in chosen] + chosen
        for column in self.columns.iterall():
            column.column.visible = column.name in chosen
        rest: list[str] = [name for name in self._sequence if name not in chosen]
        self.sequence = chosen + rest

    def column_choices(self) -> list[dict]:
        """The "Columns" control: the shown columns in their order, then the hidden ones."""
        required = self.always_shown()
        choices = [
            {
                "name": column.name,
                "label": str(column.header),
                "shown": column.visible,
                "required": column.name in required,
            }
            for column in self.columns.iterall()
        ]
        return sorted(choices, key=lambda choice: not choice["shown"])

    # --- rendering ------------------------------------------------------------------------
    def _cell_renderer(self, bound_column) -> Callable[[object], str]:
        """A function writing one column's cell (escaped HTML) for a record, worked out once, and
        as few calls a cell as the column allows: a list page writes hundreds of cells."""
        column = bound_column.column
        render = bound_column.render
        resolve = _resolver(bound_column.accessor, getattr(self.data, "model", None))
        uses_default_render = getattr(render, "__func__", None) is tables.Column.render
        wanted = () if uses_default_render else _render_arguments(getattr(render, "__func__", render))
        # A column without its own render_FOO but with a value_FOO (a masked birth date or IBAN)
        # shows on screen what the export writes.
        value_of = getattr(self, f"value_{bound_column.name}", None) if uses_default_render else None
        link = bound_column.link
        empty_values = column.empty_values
        empty = str(EMPTY)
        zone = timezone.get_current_timezone()

        if link is None and value_of is None and uses_default_render:

            def plain_cell(record) -> str:
                value: Any = resolve(record)
                if value in empty_values:
                    return empty
                kind = value.__class__
                if kind is str:
                    return value.translate(ESCAPES)
                if kind is int:  # an id: digits, nothing to escape (a bool is not an int here)
                    return str(value)
                if kind is datetime and value.utcoffset() is not None:  # format_value's, in C calls
                    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                return escape(format_value(value, zone))

            return plain_cell

        if link is None and wanted == ("record",):

            def record_cell(record) -> str:
                if empty_values and resolve(record) in empty_values:
                    return empty
                return text(render(record=record))

            return record_cell

        def cell(record) -> str:
            value = resolve(record)
            if value in empty_values:
                return empty
            if value_of is not None:
                shown = value_of(record=record, value=value)
                html = text(format_value(shown, zone)) if shown not in ("", None) else empty
            elif uses_default_render:
                html = escape(format_value(value, zone))
            else:
                arguments = {
                    "value": value,
                    "record": record,
                    "column": column,
                    "bound_column": bound_column,
                    "table": self,
                }
                html = text(render(**{name: arguments[name] for name in wanted}))
            if link:
                html = str(link(mark_safe(html), record=record, value=value))
            return html

        return cell

    def rendered_body(self, records: Iterable, *, selectable: bool = False) -> SafeString:
        """The ``<tr>`` rows of ``records``, written at once (no template loop per row or cell);
        a cell's class comes from its column's ``attrs={"td": {"class": ...}}``. ``selectable``:
        each row starts with its tick box for the list's bulk actions (``backoffice.bulk``)."""
        columns = list(self.columns)
        cells = [
            (self._cell_renderer(bound_column), _opening_td(bound_column.column.attrs.get("td", {}).get("class", "")))
            for bound_column in columns
        ]
        if selectable:
            cells.insert(0, (_select_cell, '<td class="list-select">'))
        return mark_safe(
            "".join(
                [
                    "<tr>" + "".join([td + render(record) + "</td>" for render, td in cells]) + "</tr>"
                    for record in records
                ]
            )
        )

    def header_cells(self, query: dict) -> list[dict]:
        """Column headers with the link that sorts by them, keeping the filters in ``query``."""
        headers = []
        sort = self._meta.order_by_field
        # The filters are encoded once; each header adds its sort (what urlencode writes when the
        # sort is a new key, last).
        kept = urlencode(query, doseq=True) if sort not in query else None
        start = f"?{kept}&{sort}=" if kept else f"?{sort}="
        for bound_column in self.columns:
            header = {"label": bound_column.header, "name": bound_column.name, "url": None, "sorted": None}
            if bound_column.orderable:
                next_sort = bound_column.order_by_alias.next
                header["url"] = (
                    start + quote_plus(next_sort)
                    if kept is not None
                    else "?" + urlencode({**query, sort: next_sort}, doseq=True)
                )
                if bound_column.is_ordered:
                    header["sorted"] = "desc" if bound_column.order_by_alias.is_descending else "asc"
            headers.append(header)
        return headers

    # --- export ---------------------------------------------------------------------------
    def export_columns(self) -> list:
        """The columns of an export: those on screen, in their order (row actions excluded)."""
        return [column for column in self.columns if column.column.exclude_from_export is not True]

    def export_header(self) -> list[str]:
        return [str(column.header) for column in self.export_columns()]

    def export_rows(self, records: Iterable) -> Iterable[list[str]]:
        """Plain values (no HTML) for CSV / XLSX, through ``value_FOO`` methods where declared."""
        readers = []
        for bound_column in self.export_columns():
            custom = getattr(self, f"value_{bound_column.name}", None)
            resolve = _resolver(bound_column.accessor)
            readers.append((custom, resolve))
        for record in records:
            row = []
            for custom, resolve in readers:
                value = custom(record=record, value=resolve(record)) if custom else resolve(record)
                row.append("" if value is None else format_value(value))
            yield row


def column_choice_items(choices: list[dict]) -> SafeString:
    """The rows of a list's "Columns" menu: a tick per column (the required one ticked and fixed),
    and for a shown column the arrows that move it (the first cannot move left)."""
    items = []
    for index, choice in enumerate(choices):
        name, label = escape(choice["name"]), text(choice["label"])
        required, shown = choice["required"], choice["shown"]
        fixed = f'<input type="hidden" name="columns" value="{name}">' if required else ""
        tick = "checked disabled" if required else f'name="columns" value="{name}"' + (" checked" if shown else "")
        always = ' <span class="text-body-secondary small">(always)</span>' if required else ""
        arrows = (
            f'<button type="submit" name="move" value="up:{name}" class="btn btn-link btn-sm p-0 px-1" '
            f'aria-label="Move {label} left"{" disabled" if index == 0 else ""}>'
            '<i class="bi bi-arrow-up" aria-hidden="true"></i></button>'
            f'<button type="submit" name="move" value="down:{name}" class="btn btn-link btn-sm p-0 px-1" '
            f'aria-label="Move {label} right"><i class="bi bi-arrow-down" aria-hidden="true"></i></button>'
            if shown
            else ""
        )
        items.append(
            f'<li class="d-flex align-items-center gap-1"><input type="hidden" name="order" value="{name}">{fixed}'
            f'<div class="form-check flex-grow-1 mb-0"><input class="form-check-input" type="checkbox" '
            f'id="column-{name}" {tick}> <label class="form-check-label" for="column-{name}">{label}{always}</label>'
            f"</div>{arrows}</li>"
        )
    return mark_safe("".join(items))


def _select_cell(record) -> str:
    """A row's tick box: its id, sent with the bulk actions' form (``form="bulk-form"``)."""
    pk = record.pk
    return (
        f'<input type="checkbox" class="form-check-input" name="ids" value="{pk}" form="bulk-form" '
        f'aria-label="Select row {pk}">'
    )


def _opening_td(css: str) -> str:
    return f'<td class="{escape(css)}">' if css else "<td>"


def badge(label: str, colour: str) -> SafeString:
    return SafeString(f'<span class="badge text-bg-{escape(colour)}">{text(label)}</span>')


class StaffTable(BackofficeTable):
    required_columns = ("username",)

    username = Column(linkify=("staff-detail", [A("pk")]))
    name = Column(accessor="get_full_name", order_by=("last_name", "first_name"), verbose_name="Name")
    email = Column(visible=False, attrs={"td": {"class": "cell-wrap"}})
    roles = Column(accessor="role_names", orderable=False, empty_values=())
    is_active = Column(verbose_name="Status")
    has_second_factor = Column(verbose_name="Second factor")
    is_locked_out = Column(verbose_name="Locked out", orderable=False)
    last_login = Column(verbose_name="Last sign-in", attrs={"td": {"class": "text-nowrap"}})

    class Meta(BackofficeTable.Meta):
        order_by = ("username",)

    def render_roles(self, value):
        return format_html_join_badges(value, "secondary") if value else EMPTY

    def render_is_active(self, value):
        return badge("Active", "success") if value else badge("Deactivated", "secondary")

    def render_has_second_factor(self, value):
        return badge("Enrolled", "success") if value else badge("Not enrolled", "warning")

    def render_is_locked_out(self, value):
        return badge("Locked out", "danger") if value else ""

    def value_roles(self, record, value):
        return ", ".join(value)

    def value_is_active(self, record, value):
        return "Active" if value else "Deactivated"


class AuditTable(BackofficeTable):
    required_columns = ("occurred_at",)

    occurred_at = Column(verbose_name="When", attrs={"td": {"class": "text-nowrap"}})
    actor_label = Column(verbose_name="Who", attrs={"td": {"class": "cell-wrap"}})
    action = Column(attrs={"td": {"class": "cell-wrap"}})
    customer_id = Column(verbose_name="Customer")
    target_repr = Column(verbose_name="Object", orderable=False, visible=False)
    changes = Column(verbose_name="Changed", orderable=False, empty_values=())
    reason = Column(orderable=False)
    ip_address = Column(verbose_name="IP address", orderable=False, visible=False)

    class Meta(BackofficeTable.Meta):
        order_by = ("-occurred_at",)

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.entry_url = url_maker("audit-detail")

    def render_occurred_at(self, record, value):
        return SafeString(f'<a href="{self.entry_url(record.pk)}">{escape(format_value(value))}</a>')

    def render_action(self, value):
        """The action in words; its code (what the Action filter also takes) on hover."""
        return SafeString(f'<span title="{escape(value)}">{escape(audit_labels.action_label(value))}</span>')

    def render_changes(self, record, value):
        return ", ".join(audit_labels.field_label(name, record) for name in value) if value else ""

    def render_reason(self, record):
        from .selectors import readable_reason

        reason = readable_reason(record, self.viewer)
        return reason if len(reason) <= 80 else reason[:79] + "…"

    def value_changes(self, record, value):
        from .selectors import readable_changes

        return "; ".join(
            f"{field}: {before} → {after}" for field, before, after in readable_changes(record, self.viewer)
        )

    def value_reason(self, record, value):
        from .selectors import readable_reason

        return readable_reason(record, self.viewer)


def format_html_join_badges(labels, colour: str) -> SafeString:
    return mark_safe(" ".join(badge(label, colour) for label in labels))
