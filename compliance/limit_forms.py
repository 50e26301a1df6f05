"""The limits and fees editors: a line per threshold (or fee), a line to add one, a box to remove
one; the rules between lines are the services'."""

from django import forms

from backoffice.forms import CommandForm
from customers.choices import Currency, OperationType, VerificationLevel
from customers.models import CustomerType

from .models import ChosenLimitPack, LimitPack, Period
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
        for name, message in line_errors(cleaned):
            self.add_error(name, message)
        return cleaned


def line_errors(line: dict) -> list[tuple[str, str]]:
    """What is wrong within one threshold line (operation, period, max_amount, max_count), by field."""
    filled = line.get("operation") or line.get("period")
    errors = []
    if not filled and (line.get("max_amount") is not None or line.get("max_count") is not None):
        errors.append(("operation", "Choose the operation and the period."))
    if filled and not (line.get("operation") and line.get("period")):
        errors.append(("period" if line.get("operation") else "operation", "Choose both."))
    if filled and line.get("max_amount") is None and line.get("max_count") is None:
        errors.append(("max_amount", "Set a maximum amount, a maximum count, or both."))
    return errors


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
    customer_type = forms.ModelChoiceField(
        label="Person or company type",
        queryset=CustomerType.objects.filter(is_active=True).order_by("applies_to", "name"),
        required=False,
        empty_label="Every type without a pack of its own",
        help_text="C: the types set limits per group of customers. One pack per verification level and type.",
    )
    currency = forms.ChoiceField(choices=Currency.choices)
    field_order = ["name", "verification_level", "customer_type", "currency", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_type"].label_from_instance = lambda kind: (
            f"{kind.name} ({kind.get_applies_to_display().lower()})"
        )

    def clean_customer_type(self):
        """Its id: a request waiting for a second person keeps the parameters as JSON (a model
        inside them would be kept as its name)."""
        kind = self.cleaned_data["customer_type"]
        return kind.pk if kind else None


class ChooseLimitPackForm(CommandForm):
    """C "select a Limit manually from the Limit drop-down list": the packs of the customer's type
    or without a type; none is "Automatic"."""

    pack = forms.ModelChoiceField(
        label="Limit pack",
        queryset=LimitPack.objects.none(),
        required=False,
        empty_label="Automatic: the pack of their type and verification level",
    )
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the audit log; a second person reads it before approving.",
        error_messages={"required": "Say why: the reason is required."},
    )

    def __init__(self, *args, packs=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["pack"]
        field.queryset = packs if packs is not None else LimitPack.objects.none()
        field.label_from_instance = lambda pack: (
            f"{pack.name} — verification level {pack.verification_level}"
            + (f", {pack.customer_type}" if pack.customer_type_id else ", any type")
        )

    def clean_pack(self):
        """Its id: a request waiting for a second person keeps the parameters as JSON."""
        pack = self.cleaned_data["pack"]
        return pack.pk if pack else None


def choose_pack_form_kwargs(owner, customer) -> dict:
    from .services.limit_choice import packs_offered_to

    chosen = ChosenLimitPack.objects.filter(customer=customer).values_list("pack_id", flat=True).first()
    return {"packs": packs_offered_to(customer).select_related("customer_type"), "initial": {"pack": chosen}}


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
