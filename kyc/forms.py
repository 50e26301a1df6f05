"""Forms of the KYC app: the tax residences dialog (each TIN checked next to its field; the
rules between lines are the service's) and the document upload (the file checks are
``kyc.uploads``', through the service)."""

from __future__ import annotations

from django import forms
from django_countries import countries

from .choices import IDENTITY_DOCUMENTS, DocumentType
from .tin import InvalidTin, normalised_tin


class TaxResidenceForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    country = forms.ChoiceField(label="Country", choices=[("", "—"), *countries])
    tin = forms.CharField(label="Tax identification number (TIN)", max_length=30, required=False)
    tin_waiver = forms.BooleanField(label="Liability waiver instead of a TIN", required=False)

    def clean(self):
        cleaned = super().clean()
        country, tin = cleaned.get("country"), cleaned.get("tin", "")
        if country and tin:
            try:
                cleaned["tin"] = normalised_tin(country, tin)
            except InvalidTin as error:
                self.add_error("tin", str(error))
        return cleaned


TaxResidenceFormSet = forms.formset_factory(TaxResidenceForm, extra=1, can_delete=True, max_num=20, validate_max=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pages of one document)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class DocumentUploadForm(forms.Form):
    document_type = forms.TypedChoiceField(label="Type", coerce=int, choices=[("", "—"), *DocumentType.choices])
    files = MultipleFileField(
        label="Files",
        help_text="PDF, JPEG, PNG or TIFF, at most 4.5 MB each. Several files at once: the pages of one document.",
    )
    issuing_country = forms.ChoiceField(label="Issuing country", choices=[("", "—"), *countries], required=False)
    number = forms.CharField(label="Document number", max_length=50, required=False)
    issue_date = forms.DateField(label="Issued on", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    expiry_date = forms.DateField(label="Expires on", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document_type") in IDENTITY_DOCUMENTS:
            for field in ("issuing_country", "number", "expiry_date"):
                if not cleaned.get(field):
                    self.add_error(field, "An identity document needs this.")
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Comment",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the document and in the audit log.",
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
