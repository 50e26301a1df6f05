"""The filters of the hits list: status (to review by default), list, customer."""

from __future__ import annotations

import django_filters
from django import forms

from backoffice.filtersets import IdFilter, ListFilterSet

from .models import HitStatus, ListSource, ScreeningHit

# Empty: to review (the default, named by the empty choice, not listed twice).
STATUS = (*((value, label) for value, label in HitStatus.choices if value != HitStatus.OPEN), ("any", "Any status"))


class HitFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=STATUS, method="by_status", empty_label="To review")
    source = django_filters.ChoiceFilter(label="List", choices=ListSource.choices, field_name="entity__source")
    # The KYC tab links to its customer's hits (not a menu: a customer id).
    customer = IdFilter(
        label="Customer id", field_name="customer_id", min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )

    class Meta:
        model = ScreeningHit
        fields: list[str] = []

    def by_status(self, queryset, name, value):
        return queryset if value == "any" else queryset.filter(status=value)
