"""The form renderer of the panel: Django's, except that a ``<select>`` is written in Python.

Django renders a select through a template per option (``select_option.html``, and
``attrs.html`` for each): a country menu of 250 options is 500 template renders, and the
filter forms hold several menus on every list page (issue 17: half a list page's Python calls).
``render`` writes exactly the markup those templates write (``tests/backoffice/test_form_rendering.py``
compares them for every menu of the panel's forms); any other template goes to Django.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from . import markup

SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """``attrs.html``: each attribute that is not False; True ones without a value."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        # ``stringformat:'s'`` makes a plain string of the value: it is escaped even if marked safe.
        parts.append(f" {markup.text(name)}" if value is True else f' {markup.text(name)}="{markup.escape(value)}"')
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


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and (html := _select(context["widget"])):
            return mark_safe(html)
        return super().render(template_name, context, request)


class Menu(forms.Select):
    """A single-choice ``<select>`` written straight from its choices, byte for byte what
    ``forms.Select`` writes (``tests/backoffice/test_form_rendering.py``): Django first makes a
    dict per option (``optgroups``), which for a menu of 250 countries is some 5,000 Python calls
    a page. A grouped menu goes to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        options, selected_one = [], False
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            selected = not selected_one and option_value in chosen
            selected_one = selected_one or selected
            options.append(
                f'\n  <option value="{markup.escape(option_value)}"{" selected" if selected else ""}>'
                f"{markup.text(label)}</option>\n"
            )
        opening = f'<select name="{conditional_escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>'
        return mark_safe(f"{opening}{''.join(options)}\n</select>")
