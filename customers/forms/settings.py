"""Settings (type, price list, currency…), access roles and groups, tags."""

from __future__ import annotations

from crispy_forms.layout import Fieldset, Layout
from django import forms

from backoffice.forms import CommandForm

from ..choices import (
    Currency,
    Language,
)
from ..models import AccessGroup, AccessRole, CustomerType, PriceList, Tag
from .layout import (
    FollowsTypeSelect,
    SectionForm,
    VersionMixin,
    columns,
)


class TypeAndPriceListFields(SectionForm):
    """Person / company type and a price list (the service checks the price list is of that type)."""

    customer_type = forms.ModelChoiceField(queryset=CustomerType.objects.none(), required=False)
    price_list = forms.ModelChoiceField(
        queryset=PriceList.objects.filter(is_active=True).select_related("customer_type"),
        required=False,
        # C: only the chosen type's price lists, or those without a type when none is chosen.
        widget=FollowsTypeSelect(
            attrs={"data-follows": "id_customer_type"}, type_of=lambda price_list: price_list.customer_type_id or ""
        ),
        help_text="Only the chosen type's price lists are offered (those without a type when none is chosen).",
    )
    default_currency = forms.ChoiceField(
        choices=Currency.choices,
        initial=Currency.EUR,
        error_messages={"required": "Choose the currency the customer's accounts are kept in."},
    )

    applies_to = CustomerType.AppliesTo.PERSONS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = CustomerType.objects.filter(applies_to=self.applies_to, is_active=True)
        self.fields["customer_type"].queryset = types
        self.fields["customer_type"].label = "Person type" if self.applies_to == "person" else "Company type"
        self.fields["price_list"].label_from_instance = lambda price_list: (
            f"{price_list.name} ({price_list.customer_type or 'no type'})"
        )


class SettingsForm(VersionMixin, TypeAndPriceListFields):
    language = forms.ChoiceField(choices=Language.choices)
    referral_code = forms.CharField(max_length=32, required=False)
    agent_company = forms.CharField(max_length=100, required=False, help_text="The white-label project.")
    created_by_agent = forms.CharField(max_length=100, required=False)
    access_roles = forms.ModelMultipleChoiceField(
        queryset=AccessRole.objects.filter(is_active=True), required=False, widget=forms.CheckboxSelectMultiple
    )
    access_groups = forms.ModelMultipleChoiceField(
        queryset=AccessGroup.objects.filter(is_active=True), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, is_person: bool = True, **kwargs):
        self.applies_to = CustomerType.AppliesTo.PERSONS if is_person else CustomerType.AppliesTo.COMPANIES
        super().__init__(*args, **kwargs)

    # Ids, not records: a change that waits for a second person keeps its parameters as JSON
    # (``services.profile.update_settings`` reads the records back).
    def clean_customer_type(self):
        return _pk(self.cleaned_data["customer_type"])

    def clean_price_list(self):
        return _pk(self.cleaned_data["price_list"])

    def clean_access_roles(self):
        return sorted(role.pk for role in self.cleaned_data["access_roles"])

    def clean_access_groups(self):
        return sorted(group.pk for group in self.cleaned_data["access_groups"])

    def layout(self):
        return Layout(
            Fieldset(
                "Settings",
                columns("customer_type", "price_list", sizes=[6, 6]),
                columns("default_currency", "language", sizes=[6, 6]),
                columns("referral_code", "agent_company", "created_by_agent", sizes=[4, 4, 4]),
            ),
            Fieldset("Security", columns("access_roles", "access_groups", sizes=[6, 6])),
            "version",
        )


def _pk(record):
    return record.pk if record is not None else None


def many_field(model):
    """Tick boxes of a dictionary's active entries (tags, access roles, access groups)."""
    return forms.ModelMultipleChoiceField(
        queryset=model.objects.filter(is_active=True), required=False, widget=forms.CheckboxSelectMultiple
    )


def tag_field():
    return many_field(Tag)


class TagsForm(VersionMixin, SectionForm):
    tags = tag_field()


class PreApprovalReasonForm(CommandForm):
    """Skip or require the transfer pre-approval: why (kept in the audit log)."""

    reason = forms.CharField(
        label="Why the transfer pre-approval changes",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log.",
        error_messages={"required": "Say why the transfer pre-approval changes: the reason is required."},
    )
