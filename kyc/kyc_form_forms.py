"""Forms of the "KYC form" pages: validation only; the rules between lines (labels unique, no
group-member line on a person's form, at least one line) are ``kyc.services.kyc_form``'s."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django_countries import countries

from customers.choices import Kind

from .choices import Applicant, DocumentType

# The document types, grouped as an administrator looks for them (every type exactly once).
_T = DocumentType
DOCUMENT_TYPE_GROUPS: tuple[tuple[str, tuple[DocumentType, ...]], ...] = (
    ("Identity", (_T.IDENTITY_CARD, _T.PASSPORT, _T.RESIDENCE_PERMIT, _T.DRIVING_LICENCE)),
    ("Proof of address", (_T.PROOF_OF_ADDRESS, _T.MOBILE_PHONE_INVOICE, _T.OTHER_INVOICE)),
    (
        "Company",
        (
            _T.COMPANY_REGISTRATION,
            _T.COMPANY_REGISTRATION_OFFICIAL,
            _T.BUSINESS_LEGAL_STATUS,
            _T.EMPLOYEE_PROXY,
            _T.TURNOVER,
        ),
    ),
    ("Tax", (_T.OFFICIAL_TAX_CERTIFICATE, _T.TAX_STATEMENT, _T.EXEMPTION_STATEMENT)),
    ("Bank and income", (_T.BANK_IDENTITY_STATEMENT, _T.USER_BANK_STATEMENT, _T.EMPLOYEE_PAYMENT_NOTICE)),
    ("Other", (_T.POLICE_RECORD, _T.CV, _T.SWORN_STATEMENT)),
)
PERSON_APPLICANT_ONLY = (
    "A person has no legal representatives or owners: on a person's form, every line asks for the customer's own "
    "documents."
)


class KycFormSettingsForm(forms.Form):
    """The form's own settings, and the moment the page was opened (to detect a colleague's save)."""

    vigilance_payin_required = forms.BooleanField(
        label="Vigilance transfer required",
        required=False,
        help_text="Before the review can be requested, the customer wires money from their own bank account in "
        "the EEA, and the payin is booked. If the customer is then not validated, the transfer is refunded.",
    )
    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_opened_at(self) -> datetime | None:
        value = self.cleaned_data["opened_at"]
        if not value:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError("The page is out of date: reload it and make your changes again.") from None


class RequirementLineForm(forms.Form):
    """One line: any one of the ticked document types meets it."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(
        label="Label",
        max_length=120,
        help_text="What the KYC tab shows, e.g. “Proof of address (less than three months old)”.",
        error_messages={"required": "Give the line a label: the KYC tab shows it to staff."},
    )
    document_types = forms.TypedMultipleChoiceField(
        label="Accepted documents",
        coerce=int,
        choices=[(group, [(t.value, t.label) for t in types]) for group, types in DOCUMENT_TYPE_GROUPS],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="Any one of the ticked types meets the line.",
        error_messages={"required": "Tick at least one document type: any one of them meets the line."},
    )
    applicant = forms.ChoiceField(
        label="Whose documents",
        choices=[
            (Applicant.CUSTOMER.value, "The customer"),
            (Applicant.GROUP_MEMBER.value, "Each legal representative and owner of 25 % or more"),
        ],
        initial=Applicant.CUSTOMER,
    )
    order = forms.IntegerField(
        label="Position",
        min_value=1,
        max_value=99,
        required=False,
        help_text="Lines are listed by position; empty: last.",
    )

    def __init__(self, *args, kind: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == Kind.PERSON:
            applicant = self.fields["applicant"]
            applicant.choices = applicant.choices[:1]
            applicant.error_messages["invalid_choice"] = PERSON_APPLICANT_ONLY

    def document_type_groups(self) -> list[tuple[str, list]]:
        """The checkboxes of ``document_types`` under their group's heading."""
        options = {int(option.data["value"]): option for option in self["document_types"]}
        return [(group, [options[t.value] for t in types]) for group, types in DOCUMENT_TYPE_GROUPS]


class BaseRequirementFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[RequirementLineForm]:
        """The lines to save: filled in, and not marked for removal."""
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def clean(self):
        if any(self.errors):
            return
        if not self.kept_forms():
            raise ValidationError(
                "Keep at least one line: a form without lines would let a review be requested without documents."
            )


RequirementFormSet = forms.formset_factory(
    RequirementLineForm,
    formset=BaseRequirementFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


class KycFormCreateForm(forms.Form):
    kind = forms.TypedChoiceField(label="Customer kind", coerce=int, choices=Kind.choices)
    country = forms.ChoiceField(
        label="Country",
        choices=[("", "—"), *countries],
        help_text="Customers of this kind whose legal address is in this country follow this form instead of the "
        "kind's default. It starts as a copy of the default, which you then edit.",
        error_messages={"required": "Choose the country: the form with no country is the kind's default."},
    )
