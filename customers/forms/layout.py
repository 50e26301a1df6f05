"""What the customer forms share: fieldset layouts (crispy-forms), empty-choice fields, the
version a form was opened at."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row
from django import forms
from django_countries import countries

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PHONE_HELP = "International format: + and the country code, e.g. +33 6 12 34 56 78."
PHONE_ERROR = "Enter the number in international format: + then the country code, e.g. +33 6 12 34 56 78."
COUNTRY_CHOICES = [("", "—"), *countries]
# Suggestions for a customer field: typing asks the lookup view for <option>s of a <datalist>.
LOOKUP = (
    '<div hx-get="{url}" hx-trigger="input changed delay:300ms from:#{field}" hx-include="#{field}" '
    'hx-target="#person-suggestions" hx-swap="innerHTML"></div><datalist id="person-suggestions"></datalist>'
)


def optional_choice(choices, label=None, **kwargs):
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False, **kwargs)


def country_field(label, *, required=False):
    return forms.ChoiceField(
        label=label,
        choices=COUNTRY_CHOICES,
        required=required,
        error_messages={
            "required": f"Choose the {label.lower()} from the list.",
            "invalid_choice": f"“%(value)s” is not a country of the list: choose the {label.lower()} from it.",
        },
    )


def columns(*names, sizes=None):
    return Row(
        *(
            Column(name, css_class=f"col-md-{size}")
            for name, size in zip(names, sizes or [12 // len(names)] * len(names), strict=True)
        )
    )


class FollowsTypeSelect(forms.Select):
    """A drop-down of records that each belong to a customer type: each option carries it
    (``data-type``, "*" for any type), and the page offers only those of the type chosen in the
    field ``data-follows`` names (``backoffice.js``). The services refuse the others."""

    def __init__(self, *args, type_of, **kwargs):
        self.type_of = type_of
        super().__init__(*args, **kwargs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-type"] = self.type_of(instance)
        return option


class SectionForm(forms.Form):
    """A form laid out in fieldsets by ``layout()``; rendered by ``{% crispy form %}`` inside the
    page's own ``<form>``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_fields()
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = self.layout()
        if layout is not None:
            self.helper.layout = layout

    def layout(self):
        return None

    def add_fields(self):
        """Fields known only once the form is made (another app's, or the staff member's)."""


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
