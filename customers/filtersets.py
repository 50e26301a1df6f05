"""Filters of the customer lists (T "All Users", C Persons / Companies filters, T Onboarding).

Every filter runs on an index: names and phones through the folded search column (trigram on
PostgreSQL), emails through the lower-cased email index, the rest on plain B-trees. Choices are
static or come from the small dictionaries: no ``<select>`` over the customer table.
"""

from datetime import timedelta
from functools import partial

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.db.models.functions import Lower

from backoffice.filtersets import DateRangeForm, IdFilter, ListFilterSet, start_of_day

from . import search
from .choices import (
    COMPANY_KINDS,
    AccountKind,
    AccountStatus,
    AggregatedStatus,
    CardKind,
    CardShipping,
    CardStatus,
    Currency,
    Direction,
    Kind,
    KycStatus,
    Onboarding,
    OperationType,
    RiskLevel,
    State,
    Status,
    TransactionStatus,
    VerificationLevel,
    VerificationStatus,
    kyc_status_condition,
)
from .countries import country_choices
from .models import (
    AccessGroup,
    AccessRole,
    Account,
    Card,
    ContactEmail,
    Customer,
    Tag,
    Transaction,
    aggregated_status_filter,
)
from .selectors import dictionary_choices
from .services.iban_lookups import iban_lookup_refusal

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def MultipleChoice(**kwargs):
    """A multiple-choice filter without ``DISTINCT``: django-filter adds it by default, and a
    ``SELECT DISTINCT`` over a million rows with their contacts is a multi-second sort. None of
    these filters joins a to-many table (tags and access roles go through a subquery)."""
    return django_filters.MultipleChoiceFilter(distinct=False, **kwargs)


CHECKBOXES = forms.CheckboxSelectMultiple


class CustomerFilterSet(ListFilterSet):
    """What every list filters by: T's type, date range and status."""

    id = IdFilter(label="ID", field_name="pk", min_value=1)
    kind = django_filters.ChoiceFilter(label="Type", choices=Kind.choices)
    status = MultipleChoice(label="Status", choices=Status.choices, widget=CHECKBOXES)
    since = django_filters.DateFilter(label="Created from", method="created_from", widget=DATE)
    until = django_filters.DateFilter(label="Created until", method="created_until", widget=DATE)

    class Meta:
        model = Customer
        fields = []
        form = DateRangeForm

    def created_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=start_of_day(value))

    def created_until(self, queryset, name, value):

        return queryset.filter(created_at__lt=start_of_day(value + timedelta(days=1)))


class DetailedCustomerFilterSet(CustomerFilterSet):
    """C: every filter of the Persons list."""

    FIRST = ("id", "kind", "first_name", "last_name", "legal_name", "registration_number", "email", "phone")

    first_name = django_filters.CharFilter(label="First name", method="by_first_name")
    last_name = django_filters.CharFilter(label="Last name", method="by_last_name")
    phone = django_filters.CharFilter(label="Phone", method="by_phone")
    email = django_filters.CharFilter(label="Email", method="by_email", help_text="Whole address, or a part of it")
    state = MultipleChoice(label="State", choices=State.choices, widget=CHECKBOXES)
    aggregated = django_filters.ChoiceFilter(
        label="Aggregated status", choices=AggregatedStatus.choices, method="by_aggregated_status"
    )
    country = MultipleChoice(label="Country (legal address)", choices=country_choices)
    verification_level = MultipleChoice(
        label="Verification level", choices=VerificationLevel.choices, widget=CHECKBOXES
    )
    verification_status = MultipleChoice(
        label="Verification status", choices=VerificationStatus.choices, widget=CHECKBOXES
    )
    tags = MultipleChoice(label="Tags", choices=partial(dictionary_choices, Tag), method="by_tags")
    access_roles = MultipleChoice(
        label="Access roles", choices=partial(dictionary_choices, AccessRole), method="by_access_roles"
    )
    access_groups = MultipleChoice(
        label="Access groups", choices=partial(dictionary_choices, AccessGroup), method="by_access_groups"
    )
    created_by_agent = django_filters.CharFilter(
        label="Created by agent",
        method="by_agents",
        help_text="One or several, separated by commas",
    )
    risk_level = MultipleChoice(label="Risk level", choices=RiskLevel.choices, widget=CHECKBOXES)
    kyc_status = MultipleChoice(
        label="KYC status", choices=KycStatus.choices, widget=CHECKBOXES, method="by_kyc_status"
    )
    referral_code = django_filters.CharFilter(label="Referral code", field_name="referral_code")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # The risk level is confidential (DESIGN.md): not offered to support agents, and a
        # hand-written ?risk_level= is ignored.
        if request is None or not request.user.has_perm("backoffice.view_confidential"):
            self.filters.pop("risk_level", None)
        # Who they are first, then how to reach them, then their statuses.
        first = [name for name in self.FIRST if name in self.filters]
        self.filters = {name: self.filters[name] for name in [*first, *(n for n in self.filters if n not in first)]}

    def by_first_name(self, queryset, name, value):
        return queryset.filter(search.name_condition(value, part="first"))

    def by_last_name(self, queryset, name, value):
        return queryset.filter(search.name_condition(value, part="last"))

    def by_phone(self, queryset, name, value):
        digits = search.phone_digits(value)
        if not digits:
            return queryset.none()
        return queryset.filter(search_document__contains=digits)

    def by_email(self, queryset, name, value):
        value = value.strip().lower()
        if "@" in value and "." in value.split("@")[-1]:
            owners = ContactEmail.objects.annotate(lower=Lower("email")).filter(lower=value).values("customer_id")
            return queryset.filter(pk__in=owners)
        return queryset.filter(search_document__contains=search.fold(value))

    def by_aggregated_status(self, queryset, name, value):
        return queryset.filter(aggregated_status_filter(value))

    def _by_many(self, queryset, relation, values):
        if not values:
            return queryset
        field = Customer._meta.get_field(relation)
        through = field.remote_field.through
        column = field.m2m_reverse_name()  # the dictionary's column in the link table
        owners = through.objects.filter(**{f"{column}__in": [int(value) for value in values]}).values("customer_id")
        return queryset.filter(pk__in=owners)

    def by_agents(self, queryset, name, value):
        """C: several agents at once ("agent-paris, agent-lyon")."""
        agents = [agent for agent in (part.strip() for part in value.split(",")) if agent]
        return queryset.filter(created_by_agent__in=agents) if agents else queryset

    def by_kyc_status(self, queryset, name, values):
        if not values:
            return queryset
        condition = Q()
        for status in values:
            condition |= kyc_status_condition(status)
        return queryset.filter(condition)

    def by_tags(self, queryset, name, value):
        return self._by_many(queryset, "tags", value)

    def by_access_roles(self, queryset, name, value):
        return self._by_many(queryset, "access_roles", value)

    def by_access_groups(self, queryset, name, value):
        return self._by_many(queryset, "access_groups", value)


class PersonFilterSet(DetailedCustomerFilterSet):
    kind = None


class CompanyFilterSet(DetailedCustomerFilterSet):
    kind = django_filters.ChoiceFilter(label="Type", choices=[(k.value, k.label) for k in COMPANY_KINDS])
    first_name = None
    last_name = None
    legal_name = django_filters.CharFilter(label="Legal name", method="by_legal_name")
    registration_number = django_filters.CharFilter(label="Registration number", field_name="registration_number")

    def by_legal_name(self, queryset, name, value):
        return queryset.filter(search.name_condition(value, part="legal"))


class OnboardingFilterSet(CustomerFilterSet):
    onboarding = django_filters.ChoiceFilter(
        label="Onboarding", choices=Onboarding.choices, method="by_onboarding", empty_label=None
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("onboarding"):
            data["onboarding"] = Onboarding.NOT_COMPLETED
        super().__init__(data, *args, **kwargs)

    def by_onboarding(self, queryset, name, value):
        return queryset.filter(onboarding_completed=value == Onboarding.COMPLETED)


class TransactionFilterSet(ListFilterSet):
    """An account's transactions: a period (on the date index), the way, the operation, the status."""

    since = django_filters.DateFilter(label="From", method="booked_from", widget=DATE)
    until = django_filters.DateFilter(label="Until", method="booked_until", widget=DATE)
    direction = django_filters.ChoiceFilter(label="Direction", choices=Direction.choices)
    operation_type = MultipleChoice(
        label="Operation", choices=OperationType.choices, widget=forms.CheckboxSelectMultiple
    )
    status = MultipleChoice(label="Status", choices=TransactionStatus.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Transaction
        fields = ()
        form = DateRangeForm

    def booked_from(self, queryset, name, value):
        return queryset.filter(booked_at__gte=start_of_day(value))

    def booked_until(self, queryset, name, value):
        return queryset.filter(booked_at__lt=start_of_day(value + timedelta(days=1)))


# --- Every customer's holdings (issue 21: Treezor's All Cards, All Card Transactions) ----------


class MoneyRangeForm(DateRangeForm):
    """Dates in order, and a minimum no greater than the maximum."""

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_amount"), cleaned.get("max_amount")
        if low is not None and high is not None and low > high:
            self.add_error("max_amount", "The maximum is below the minimum.")
        return cleaned


def money(label: str, field: str, lookup: str):
    return django_filters.NumberFilter(
        label=label,
        field_name=field,
        lookup_expr=lookup,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class _OwnersTagged:
    def by_owner_tags(self, queryset, name, values):
        """Crassula's tags filter accounts too: the accounts (cards) of customers with any of them."""
        if not values:
            return queryset
        through = Customer.tags.through
        owners = through.objects.filter(tag_id__in=[int(value) for value in values]).values("customer_id")
        return queryset.filter(customer_id__in=owners)


class AccountFilterSet(_OwnersTagged, ListFilterSet):
    """Accounts by status, currency, type, balance and their owners' tags; one customer's by id."""

    number = django_filters.CharFilter(label="Account number or IBAN", method="by_number")
    status = MultipleChoice(label="Status", choices=AccountStatus.choices, widget=CHECKBOXES)
    currency = MultipleChoice(label="Currency", choices=Currency.choices)
    kind = MultipleChoice(label="Type", choices=AccountKind.choices, widget=CHECKBOXES)
    min_amount = money("Balance from", "balance", "gte")
    max_amount = money("Balance up to", "balance", "lte")
    tags = MultipleChoice(label="Owner's tags", choices=partial(dictionary_choices, Tag), method="by_owner_tags")
    customer = IdFilter(label="Customer id", field_name="customer_id", min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Account
        fields: list[str] = []
        form = MoneyRangeForm

    def by_number(self, queryset, name, value):
        compact = "".join(value.split()).upper()
        if not compact:
            return queryset
        if compact[:2].isalpha():  # an IBAN: a masked viewer's lookups are audited and counted
            if _iban_refused(self.request, compact, "accounts"):
                return queryset.none()
            return queryset.filter(iban=compact)
        return queryset.filter(number=compact)


class CardFilterSet(_OwnersTagged, ListFilterSet):
    """Cards by status, type, shipping, last four digits, public token and expiry, and their owners' tags."""

    last4 = django_filters.CharFilter(
        label="Last four digits",
        field_name="masked_pan",
        lookup_expr="endswith",
        validators=[RegexValidator(r"^[0-9]{4}$", "The last four digits of the card number.")],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
    )
    status = MultipleChoice(label="Status", choices=CardStatus.choices, widget=CHECKBOXES)
    kind = MultipleChoice(label="Type", choices=CardKind.choices, widget=CHECKBOXES)
    # A physical card's way to the customer; the partial index ``card_shipping`` serves each status.
    shipping = MultipleChoice(
        label="Shipping", field_name="shipping_status", choices=CardShipping.choices, widget=CHECKBOXES
    )
    public_token = django_filters.CharFilter(
        label="Public token",
        validators=[RegexValidator(r"^[0-9]{9}$", "The 9 digits printed on the card carrier.")],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 9}),
    )
    expires_by = django_filters.DateFilter(
        label="Expires by",
        method="expiring_by",
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    tags = MultipleChoice(label="Owner's tags", choices=partial(dictionary_choices, Tag), method="by_owner_tags")
    customer = IdFilter(label="Customer id", field_name="customer_id", min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Card
        fields: list[str] = []

    def expiring_by(self, queryset, name, value):
        return queryset.filter(Q(expiry_year__lt=value.year) | Q(expiry_year=value.year, expiry_month__lte=value.month))


class AllTransactionFilterSet(TransactionFilterSet):
    """Every account's transactions: a period, amounts, currency, way, operation, status."""

    min_amount = money("Amount from", "amount", "gte")
    max_amount = money("Amount up to", "amount", "lte")
    currency = MultipleChoice(label="Currency", choices=Currency.choices)
    counterparty_iban = django_filters.CharFilter(label="Counterparty IBAN", method="by_counterparty_iban")

    class Meta(TransactionFilterSet.Meta):
        form = MoneyRangeForm

    def by_counterparty_iban(self, queryset, name, value):
        compact = "".join(value.split()).upper()
        if not compact:
            return queryset
        if _iban_refused(self.request, compact, "transactions"):
            return queryset.none()
        return queryset.filter(counterparty_iban=compact)


def _iban_refused(request, iban: str, where: str) -> bool:
    """Whether a masked viewer's lookup of a whole IBAN is refused (then said on the page)."""
    from django.contrib import messages

    refusal = iban_lookup_refusal(request.user, iban, where=where) if request is not None else None
    if refusal is not None:
        messages.error(request, refusal)
    return refusal is not None
