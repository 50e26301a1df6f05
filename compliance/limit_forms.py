"""The limits and fees editors: a line per threshold (or fee), a line to add one, a box to remove
one; the rules between lines are the services'."""

from django import forms

from customers.choices import Currency, OperationType, VerificationLevel

from .models import Period
from .services.limits import MAX_AMOUNT, MAX_COUNT

SMALL = {"class": "form-select form-select-sm"}
INPUT = {"class": "form-control form-control-sm"}


class ThresholdForm(forms.Form):
    operation = forms.ChoiceField(
        required=False, choices=[("", "—"), *OperationType.choices], widget=forms.Select(attrs=SMALL)
    )
    period = forms.ChoiceField(required=False, choices=[("", "—"), *Period.choices], widget=forms.Select(attrs=SMALL))
    max_amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs=INPUT),
    )
    max_count = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_COUNT, widget=forms.NumberInput(attrs=INPUT)
    )

    def clean(self):
        cleaned = super().clean()
        filled = cleaned.get("operation") or cleaned.get("period")
        if not filled and (cleaned.get("max_amount") is not None or cleaned.get("max_count") is not None):
            self.add_error("operation", "Choose the operation and the period.")
        if filled and not (cleaned.get("operation") and cleaned.get("period")):
            self.add_error("period" if cleaned.get("operation") else "operation", "Choose both.")
        if filled and cleaned.get("max_amount") is None and cleaned.get("max_count") is None:
            self.add_error("max_amount", "Set a maximum amount, a maximum count, or both.")
        return cleaned


ThresholdFormSet = forms.formset_factory(ThresholdForm, extra=2, can_delete=True, max_num=60, validate_max=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the audit log; a second person reads it before approving.",
        error_messages={"required": "Say why: the reason is required."},
    )


class PackForm(ReasonForm):
    name = forms.CharField(max_length=80)
    verification_level = forms.TypedChoiceField(coerce=int, choices=VerificationLevel.choices)
    currency = forms.ChoiceField(choices=Currency.choices)
    field_order = ["name", "verification_level", "currency", "reason"]


class FeeForm(forms.Form):
    operation = forms.ChoiceField(
        required=False, choices=[("", "—"), *OperationType.choices], widget=forms.Select(attrs=SMALL)
    )
    fixed = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs=INPUT),
    )
    percent = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=3,
        widget=forms.NumberInput(attrs=INPUT),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("operation") and (cleaned.get("fixed") or cleaned.get("percent")):
            self.add_error("operation", "Choose the operation this fee is for.")
        return cleaned


FeeFormSet = forms.formset_factory(FeeForm, extra=2, can_delete=True, max_num=20, validate_max=True)


def threshold_lines(formset):
    from .services.limits import ThresholdLine

    return [
        ThresholdLine(
            f.cleaned_data["operation"],
            f.cleaned_data["period"],
            f.cleaned_data["max_amount"],
            f.cleaned_data["max_count"],
        )
        for f in formset.forms
        if f.cleaned_data.get("operation") and not f.cleaned_data.get("DELETE")
    ]


def fee_lines(formset):
    from decimal import Decimal

    from .services.limits import FeeLine

    return [
        FeeLine(
            f.cleaned_data["operation"], f.cleaned_data["fixed"] or Decimal(0), f.cleaned_data["percent"] or Decimal(0)
        )
        for f in formset.forms
        if f.cleaned_data.get("operation") and not f.cleaned_data.get("DELETE")
    ]
