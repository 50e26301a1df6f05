"""The filters of ``/work/``: whose, which kind, how due."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone

from backoffice.filtersets import IdFilter, ListFilterSet
from customers.countries import country_choices

from .choices import PENDING_STATUSES, WorkKind, WorkStatus
from .models import WorkItem

WHOSE = (("mine", "Mine"), ("unassigned", "Unassigned"), ("all", "Everyone's"))
DUE = (("overdue", "Overdue"), ("today", "Due today"), ("week", "Due within 7 days"))
STATUS = (*WorkStatus.choices, ("any", "Any status"))


class WorkItemFilterSet(ListFilterSet):
    whose = django_filters.ChoiceFilter(label="Whose", choices=WHOSE, method="by_whose", empty_label="Everyone's")
    kind = django_filters.ChoiceFilter(label="Kind", choices=WorkKind.choices)
    due = django_filters.ChoiceFilter(label="Due", choices=DUE, method="by_due")
    # Empty: what is still to do (``WorkListView`` reads only those then).
    status = django_filters.ChoiceFilter(label="Status", choices=STATUS, method="by_status", empty_label="To do")
    country = django_filters.ChoiceFilter(
        label="Customer's country", choices=country_choices, field_name="customer__country"
    )

    # The profile's Work tab links to its customer's items (not a menu: a customer id).
    customer = IdFilter(
        label="Customer id", field_name="customer_id", min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )

    class Meta:
        model = WorkItem
        fields: list[str] = []

    def by_whose(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(assignee=self.request.user)
        if value == "unassigned":
            return queryset.filter(assignee__isnull=True)
        return queryset

    def by_due(self, queryset, name, value):
        now = timezone.now()
        pending = queryset.filter(status__in=PENDING_STATUSES)
        if value == "overdue":
            return pending.filter(due_at__lt=now)
        if value == "today":
            tonight = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(0)))
            return pending.filter(due_at__gte=now, due_at__lt=tonight)
        return pending.filter(due_at__lt=now + timedelta(days=7))

    def by_status(self, queryset, name, value):
        return queryset if value == "any" else queryset.filter(status=value)
