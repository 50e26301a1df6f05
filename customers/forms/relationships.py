"""Linking a customer to another."""

from __future__ import annotations

from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError

from ..choices import (
    RelationshipKind,
)
from .layout import (
    LOOKUP,
    SectionForm,
    columns,
)


class RelationshipForm(SectionForm):
    related = forms.CharField(
        label="Customer",
        help_text="Their customer id or public id: type a name to find them.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "person-suggestions"}),
    )
    kind = forms.ChoiceField(label="Link", choices=RelationshipKind.choices)
    ownership_percent = forms.DecimalField(
        label="Ownership %", max_digits=5, decimal_places=2, min_value=0.01, max_value=100, required=False
    )
    position = forms.CharField(max_length=80, required=False, help_text="e.g. CEO, managing director.")

    def __init__(self, *args, find_customer, kinds, **kwargs):
        self.find_customer = find_customer
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]

    def layout(self):
        return Layout(
            HTML(LOOKUP.format(url="{% url 'customer-person-lookup' %}?any=1", field="id_related")),
            columns("related", "kind", sizes=[6, 6]),
            columns("ownership_percent", "position", sizes=[4, 8]),
        )

    def clean_related(self):
        customer = self.find_customer(self.cleaned_data["related"])
        if customer is None:
            raise ValidationError("No customer has this customer id or public id.")
        return customer
