"""The form renderer of the panel: Django's, except that a ``<select>`` and an ``<input>`` are
written in Python.

Django renders a select through a template per option (``select_option.html``, and
``attrs.html`` for each): a country menu of 250 options is 500 template renders, and the
filter forms hold several menus on every list page (issue 17: half a list page's Python calls).
``render`` writes exactly the markup those templates write (``tests/backoffice/test_form_rendering.py``
compares them for every menu of the panel's forms); so is an input box (Django's ``text.html``,
``date.html``… each include ``input.html`` and ``attrs.html``: three templates a box, on every
form and filter); any other template goes to Django.
"""

import functools
from collections.abc import Iterable

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.choices import BaseChoiceIterator, CallableChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from django_filters.fields import ChoiceIterator

from . import markup

SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
# Django's input widgets whose template is ``input.html`` alone.
_INPUT_KINDS = ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time")
INPUTS = frozenset(f"django/forms/widgets/{name}.html" for name in (*_INPUT_KINDS, "search", "tel", "color"))


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the value as a string, escaped unless it was marked safe
    (the filter keeps safe text safe)."""
    return str(value) if isinstance(value, SafeData) else markup.escape(value)


def _attrs(attrs: dict) -> str:
    """``attrs.html``: each attribute that is not False; True ones without a value."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {markup.text(name)}" if value is True else f' {markup.text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _option(option: dict) -> str:
    return (
        f'<option value="{markup.escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{markup.text(option['label'])}</option>"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{markup.text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{markup.text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return ""  # an option of another shape: Django's templates write it
            parts.append("\n  " + _option(option) + "\n")  # the option template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget: dict) -> str:
    """``input.html``: the value as ``stringformat:'s'`` writes it (escaped even if marked safe)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    kind, name = markup.text(widget["type"]), markup.text(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return mark_safe(_input(context["widget"]))
        if template_name == SELECT and (html := _select(context["widget"])):
            return mark_safe(html)
        return super().render(template_name, context, request)


class Menu(forms.Select):
    """A single-choice ``<select>`` written straight from its choices, byte for byte what
    ``forms.Select`` writes (``tests/backoffice/test_form_rendering.py``): Django first makes a
    dict per option (``optgroups``), which for a menu of 250 countries is some 5,000 Python calls
    a page. A grouped menu goes to Django."""

    def use_required_attribute(self, initial):
        """``Select``'s rule (required only when the first choice is empty), reading the first
        choice from the list as given: Django normalises all 250 countries to read the first."""
        if self.allow_multiple_selected or not forms.Widget.use_required_attribute(self, initial):
            return super().use_required_attribute(initial)
        first_choice = next(iter(choice_list(self.choices)), None)
        return first_choice is not None and forms.Select._choice_has_empty_value(first_choice)  # type: ignore[attr-defined]

    def render(self, name, value, attrs=None, renderer=None):
        options = menu_options(choice_list(self.choices), self.format_value(value), multiple=False, spaced=True)
        if options is None:
            return super().render(name, value, attrs, renderer)
        opening = f'<select name="{conditional_escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>'
        return mark_safe(f"{opening}{options}\n</select>")


def choice_list(choices) -> Iterable:
    """A field's or widget's choices, a list given by a function or wrapped by django-filter (with
    its empty and null choices before it) taken as given: both normalise it pair by pair on every
    read (1,600 Python calls for the countries), and what the menus write from a list of pairs
    (``menu_options``) is the same; a group makes them go to Django."""
    if isinstance(choices, ChoiceIterator):
        inner = choices.choices  # a list, or the function given to the filter
        given = inner() if callable(inner) and not isinstance(inner, BaseChoiceIterator) else choice_list(inner)
        if not isinstance(given, list):
            return choices
        field, first = choices.field, []
        if field.empty_label is not None:
            first.append(("", field.empty_label))
        if field.null_label is not None:
            first.append((field.null_value, field.null_label))
        return first + given if first else given
    if isinstance(choices, CallableChoiceIterator) and isinstance(given := choices.func(), list):
        return given
    return choices


def menu_options(choices, chosen, *, multiple: bool, spaced: bool) -> str | None:
    """A menu's ``<option>`` tags: the ``chosen`` values selected (for a single choice only the
    first option of the value, as Django does), spaced as Django's templates write them or run
    together (the filter forms, as crispy writes them). None for grouped choices."""
    try:
        written = _option_parts(get_language(), tuple(choices), spaced)
    except TypeError:  # a group's choices are a list: not a key
        return None
    if written is None:
        return None
    values, heads, tails = written
    if multiple:
        selected = [value in chosen for value in values]
    else:
        first = next((index for index, value in enumerate(values) if value in chosen), -1)
        selected = [index == first for index in range(len(values))]
    return "".join(
        [head + (" selected" if on else "") + tail for head, on, tail in zip(heads, selected, tails, strict=True)]
    )


@functools.lru_cache(maxsize=128)
def _option_parts(
    language: str | None, choices: tuple, spaced: bool
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """A menu's options written once per list of choices and language (the country menu alone is
    250 options): (values, the start of each ``<option>``, the rest of it). None for groups."""
    before, after = ("\n  ", "\n") if spaced else ("", "")
    values, heads, tails = [], [], []
    for option_value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        option_value = "" if option_value is None else str(option_value)
        values.append(option_value)
        heads.append(f'{before}<option value="{markup.escape(option_value)}"')
        tails.append(f">{markup.text(label)}</option>{after}")
    return tuple(values), tuple(heads), tuple(tails)
