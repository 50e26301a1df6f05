"""A list's filter form written in Python, as ``{{ form|crispy }}`` writes it (issue 17).

crispy-forms renders a template per field, a template per checkbox and Django builds a dict per
option of every menu: on the persons list that was 40 % of the page's Python calls for fourteen
fields whose markup never changes but for the values chosen. ``filter_fields`` writes the same
markup directly for the widgets the filter forms use (text, number and date inputs, menus,
multiple menus, checkbox lists): ``tests/backoffice/test_filter_form.py`` compares it with crispy's
for every list's filters, empty and filled. Anything else (a form with errors, which needs the
error summary and the messages next to the fields; a required field; a widget of another kind or
with classes of its own; grouped choices) goes to crispy, so the fallback is always right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .form_rendering import choice_list, menu_options
from .markup import escape, text


def _attributes(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _label(field_id: str, label: object) -> str:
    return f'<label for="{field_id}" class="form-label">{text(label)}</label>'


def _input(bound: forms.BoundField, widget: forms.widgets.Input) -> str:
    field_id = bound.auto_id
    value = bound.value()
    shown = widget.format_value(value)
    attrs = {"type": widget.input_type, "name": bound.html_name}
    if shown is not None:
        attrs["value"] = shown
    attrs |= widget.attrs
    attrs["class"] = f"{type(widget).__name__.lower()} form-control"
    help_text = bound.help_text
    if help_text:
        attrs["aria-describedby"] = f"{field_id}_helptext"
    attrs["id"] = field_id
    help_html = f'<div id="{field_id}_helptext" class="form-text">{text(help_text)}</div>' if help_text else ""
    return f"{_label(field_id, bound.label)} <input{_attributes(attrs)}>{help_html}"


def _chosen(bound: forms.BoundField, multiple: bool) -> set[str]:
    """The values shown as chosen, as the widgets' ``format_value`` gives them (a single menu with
    nothing chosen selects its empty choice)."""
    value = bound.value()
    if value is None:
        return set() if multiple else {""}
    values = value if isinstance(value, (list, tuple)) else [value]
    return {"" if item is None else str(item) for item in values}


def _choices(bound: forms.BoundField) -> list:
    field = bound.field
    assert isinstance(field, forms.ChoiceField)  # only menus and checkbox lists get here
    return list(choice_list(cast(Iterable, field.choices)))


def _select(bound: forms.BoundField, widget: forms.Select) -> str | None:
    field_id = bound.auto_id
    multiple = widget.allow_multiple_selected
    chosen = _chosen(bound, multiple)
    options = menu_options(_choices(bound), chosen, multiple=multiple, spaced=False)
    if options is None:
        return None  # grouped choices
    attrs = {"name": bound.html_name, **widget.attrs}
    attrs["class"] = f"{type(widget).__name__.lower()} form-select"
    attrs["id"] = field_id
    if multiple:
        attrs["multiple"] = True
    return f"{_label(field_id, bound.label)}<select{_attributes(attrs)}>{options}</select>"


def _checkboxes(bound: forms.BoundField, widget: forms.CheckboxSelectMultiple) -> str | None:
    field_id = bound.auto_id
    chosen = _chosen(bound, True)
    name = escape(bound.html_name)
    boxes = []
    for index, (value, label) in enumerate(_choices(bound)):
        if isinstance(label, (list, tuple)):
            return None  # grouped choices
        value = str(value)
        checked = " checked" if value in chosen else ""
        boxes.append(
            f'<div class="form-check"><input type="checkbox" class="form-check-input" name="{name}" '
            f'value="{escape(value)}" id="{field_id}_{index}"{checked}> '
            f'<label for="{field_id}_{index}" class="form-check-label">{text(label)}</label></div>'
        )
    return (
        f'<fieldset><legend class="form-label fs-6">{text(bound.label)}</legend><div>{"".join(boxes)}</div></fieldset>'
    )


_WRITERS: dict[type, Callable] = {
    forms.TextInput: _input,
    forms.NumberInput: _input,
    forms.DateInput: _input,
    forms.Select: _select,
    forms.SelectMultiple: _select,
    forms.CheckboxSelectMultiple: _checkboxes,
}


def _writer(field: forms.Field) -> Callable | None:
    """The function that writes ``field``, or None when crispy must (see the module's docstring)."""
    widget = field.widget
    writer = _WRITERS.get(type(widget))
    if writer is None or field.required or field.disabled or "class" in widget.attrs:
        return None
    if writer is not _input and field.help_text:
        return None
    return writer


def filter_fields(form: forms.Form) -> SafeString:
    """The form's fields as crispy's bootstrap5 pack writes them (``{{ form|crispy }}``)."""
    if getattr(form, "helper", None) is not None or (form.is_bound and form.errors):
        return as_crispy_form(form)
    key = _written_key(form)
    try:
        written = _WRITTEN.get(key)
    except TypeError:  # a value or choice that is not hashable (a list): written each time
        return _written(form)
    if written is None:
        written = _written(form)
        if len(_WRITTEN) >= _WRITTEN_KEPT:
            _WRITTEN.clear()
        _WRITTEN[key] = written
    return written


def _written(form: forms.Form) -> SafeString:
    parts = []
    for name, field in form.fields.items():
        writer = _writer(field)
        if writer is None:
            return as_crispy_form(form)
        bound = form[name]
        written = None if bound.is_hidden else writer(bound, field.widget)
        if written is None:
            return as_crispy_form(form)
        parts.append(f'<div id="div_{bound.auto_id}" class="mb-3">{written}</div>')
    return mark_safe("".join(parts))


# The markup of the filter forms last written, by everything it is written from (``_written_key``):
# most list pages show the same filters, empty or as last chosen; writing them was a tenth of a
# list page (issue 17). Emptied when full.
_WRITTEN: dict[tuple, SafeString] = {}
_WRITTEN_KEPT = 512


def _written_key(form: forms.Form) -> tuple:
    """Everything ``_written`` reads: the form's class, prefix and ids, the language, and for each
    field its kind, label, help, attributes, flags, choices and the values it was given."""
    data, initial = form.data if form.is_bound else None, form.initial
    fields = []
    for name, field in form.fields.items():
        widget = field.widget
        html_name = form.add_prefix(name)
        if data is None:
            given: object = (initial.get(name, field.initial),)
        elif hasattr(data, "getlist"):
            given = tuple(data.getlist(html_name))
        else:
            given = (data.get(html_name),)
        choices = tuple(choice_list(field.choices)) if isinstance(field, forms.ChoiceField) else ()
        fields.append(
            (
                name,
                type(field),
                type(widget),
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                repr(sorted(widget.attrs.items())),
                choices,
                repr(given),
            )
        )
    return (type(form), form.prefix, form.auto_id, form.is_bound, get_language(), tuple(fields))
