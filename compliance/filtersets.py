"""The restricted customers' filters: which restriction, and the usual customer filters."""

import django_filters
from django.db.models import Q

from customers.choices import Kind, RiskLevel
from customers.countries import country_choices
from customers.filtersets import CHECKBOXES, CustomerFilterSet, MultipleChoice

RESTRICTIONS = {
    "frozen": Q(is_frozen=True),
    "legal_frozen": Q(is_legal_frozen=True),
    "suspended": Q(state="suspended"),
    "blocked": Q(state="blocked"),
}
RESTRICTED = RESTRICTIONS["frozen"] | RESTRICTIONS["legal_frozen"] | ~Q(state="active")


class RestrictedFilterSet(CustomerFilterSet):
    restriction = MultipleChoice(
        label="Restriction",
        choices=[
            ("frozen", "Assets frozen"),
            ("legal_frozen", "Legal freeze"),
            ("suspended", "Suspended"),
            ("blocked", "Blocked"),
        ],
        widget=CHECKBOXES,
        method="by_restriction",
    )
    kind = django_filters.ChoiceFilter(label="Type", choices=Kind.choices)
    country = django_filters.ChoiceFilter(label="Country (legal address)", choices=country_choices)
    risk_level = MultipleChoice(label="Risk level", choices=RiskLevel.choices, widget=CHECKBOXES)

    def by_restriction(self, queryset, name, values):
        wanted = Q()
        for value in values:
            wanted |= RESTRICTIONS[value]
        return queryset.filter(wanted)
