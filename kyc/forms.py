"""Forms of the KYC app: the tax residences dialog (each TIN checked next to its field; the
rules between lines are the service's) and the document upload (the file checks are
``kyc.uploads``', through the service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language

from backoffice.form_rendering import Menu
from backoffice.forms import CommandForm
from customers.choices import KycLevel, VerificationLevel
from customers.countries import country_choices
from customers.panel_switches import verification_level_5_offered

from .choices import IDENTITY_DOCUMENTS, DocumentType
from .tin import InvalidTin, normalised_tin

# Typing "United States" in the menu lands on the first name starting so: the Minor Outlying
# Islands came before the United States of America and were saved with no TIN (review 21c L4).
RENAMED = {"UM": "U.S. Minor Outlying Islands"}
PLACED_BEFORE = {"UM": "UG"}  # where the new name sorts: before Uganda
WAIVER_WITH_TIN = "A waiver stands only for a missing TIN: untick it or empty the TIN."
_TAX_COUNTRIES: dict[str | None, list[tuple[str, str]]] = {}


def tax_country_choices() -> list[tuple[str, str]]:
    """``country_choices`` with the United States the only name starting with "United States"."""
    language = get_language()
    if language not in _TAX_COUNTRIES:
        choices = [(code, name) for code, name in country_choices() if code not in RENAMED]
        for code, name in RENAMED.items():
            codes = [other for other, _ in choices]
            at = codes.index(PLACED_BEFORE[code]) if PLACED_BEFORE[code] in codes else len(choices)
            choices.insert(at, (code, name))
        _TAX_COUNTRIES[language] = choices
    return _TAX_COUNTRIES[language]


class TaxResidenceForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    country = forms.ChoiceField(
        label="Country",
        choices=lambda: [("", "—"), *tax_country_choices()],
        widget=Menu,
        error_messages={"required": "Choose the country where the customer pays tax."},
    )
    tin = forms.CharField(label="Tax identification number (TIN)", max_length=30, required=False)
    tin_waiver = forms.BooleanField(
        label="Liability waiver signed instead of a TIN",
        required=False,
        help_text="Tick it when the customer signed a waiver because they have no TIN. Never for the United States.",
    )

    def clean(self):
        cleaned = super().clean()
        country, tin = cleaned.get("country"), cleaned.get("tin", "")
        if country and tin:
            try:
                cleaned["tin"] = normalised_tin(country, tin)
            except InvalidTin as error:
                self.add_error("tin", str(error))
        if tin and cleaned.get("tin_waiver"):  # said, not dropped (review 21c L6)
            self.add_error("tin_waiver", WAIVER_WITH_TIN)
        return cleaned


# The residences on file, changed or removed at once; a new one is added in its dialog.
TaxResidenceFormSet = forms.formset_factory(TaxResidenceForm, extra=0, can_delete=True, max_num=20, validate_max=True)


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
        help_text="PDF, JPEG, PNG or TIFF, at most 4.5 MB each; a PDF without scripts, links or attached files. "
        "Several files at once (at most 20): the pages of one document.",
    )
    issuing_country = forms.ChoiceField(
        label="Issuing country", choices=lambda: [("", "—"), *country_choices()], required=False, widget=Menu
    )
    number = forms.CharField(label="Document number", max_length=50, required=False)
    issue_date = forms.DateField(
        label="Issued on", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    expiry_date = forms.DateField(
        label="Expires on", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document_type") in IDENTITY_DOCUMENTS:
            for field in ("issuing_country", "number", "expiry_date"):
                if not cleaned.get(field):
                    self.add_error(field, "An identity document needs this.")
        return cleaned


class CommentForm(CommandForm):
    comment = forms.CharField(
        label="Comment",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the document and in the audit log.",
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required


class ReviewRequestForm(CommandForm):
    """Nothing to fill in: the confirmation page lists what is submitted."""


DECISIONS = [
    ("validate", "Validate: the customer is KYC-validated"),
    ("refuse", "Refuse: the customer may send new documents and ask again"),
    ("refuse_permanently", "Refuse permanently: no further review, every later upload refused"),
]


class RefundReferenceForm(CommandForm):
    reference = forms.CharField(
        label="Refund reference",
        max_length=35,
        help_text="The payinrefund's id, or the reference of the transfer back to the customer's bank account.",
    )


class PermanentRefusalParameters(CommandForm):
    """What a permanent refusal waiting for its second person keeps (the decision page's values)."""

    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    documents_seen = forms.JSONField(label="Documents the decider saw", required=False)


class ReviewDecisionForm(forms.Form):
    """Compliance's decision, with a reason per refused document (``document_<pk>`` fields)."""

    decision = forms.ChoiceField(label="Decision", choices=DECISIONS, widget=forms.RadioSelect)
    level = forms.TypedChoiceField(
        label="KYC level",
        coerce=int,
        required=False,
        choices=[("", "—"), *[(level, label) for level, label in KycLevel.choices if level in (1, 2, 3)]],
        help_text="Validate: Regular or Strong. Refuse: Light, or the Regular / Strong the customer keeps. "
        "A permanent refusal sets Refused.",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to refuse. Kept with the review and in the audit log.",
    )

    # The documents the page showed, so that one arriving meanwhile is not decided unseen.
    documents_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = list(documents)
        self.fields["documents_seen"].initial = ",".join(str(d.pk) for d in self.documents)
        for document in self.documents:
            self.fields[f"document_{document.pk}"] = forms.CharField(
                label=f"Refuse {document}: reason",
                required=False,
                max_length=1000,
                # The field sits beside its document, outside the decision form's element.
                widget=forms.TextInput(
                    attrs={"placeholder": "Leave empty to validate this document", "form": "decision-form"}
                ),
            )

    def document_field(self, document):
        return self[f"document_{document.pk}"]

    def seen(self) -> set[int] | None:
        """The ids the page listed (None when the page sent none: nothing to compare)."""
        listed = self.cleaned_data.get("documents_seen", "")
        return {int(pk) for pk in listed.split(",") if pk.strip().isdigit()} if listed else None

    def document_reasons(self) -> dict[int, str]:
        return {d.pk: self.cleaned_data.get(f"document_{d.pk}", "") for d in self.documents}


class VerificationLevelForm(forms.Form):
    """Level 2 (derived) or an extra-check level; level 5 only while the panel setting offers it
    (``customers.panel_switches``; the service refuses it otherwise)."""

    level = forms.TypedChoiceField(
        label="Verification level",
        coerce=int,
        choices=[(level, label) for level, label in VerificationLevel.choices if level >= 2],
    )
    reason = forms.CharField(
        label="Reason", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept in the audit log."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not verification_level_5_offered():
            level = self.fields["level"]
            level.choices = [(value, label) for value, label in level.choices if value != VerificationLevel.LEVEL_5]
            level.help_text = "Level 5 is not offered: an administrator switched it off in the panel settings."


class PreReviewForm(forms.Form):
    """The first line's check of one document from the queue: pass it, or refuse it with a comment."""

    command = forms.ChoiceField(
        label="Outcome",
        choices=[("prevalidate", "Pre-validate: readable, complete, the right type"), ("prerefuse", "Pre-refuse")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to pre-refuse: it tells the customer what to send instead.",
    )
    expiry_date = forms.DateField(
        label="Expires on",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="As printed on the document: the customer is asked for a new one 30 days before.",
    )

    def __init__(self, *args, identity: bool = False, expiry_known: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.expiry_known = expiry_known
        if not identity:  # only an identity document has an expiry date to read
            del self.fields["expiry_date"]

    def clean(self):
        """To pre-validate an identity document, its expiry date: the uploader's (shown, to check
        against the document) or the one read here."""
        cleaned = super().clean()
        reading = "expiry_date" in self.fields and cleaned.get("command") == "prevalidate"
        if reading and not (cleaned.get("expiry_date") or self.expiry_known):
            self.add_error("expiry_date", "Read the expiry date on the document.")
        return cleaned


SELECT = {"class": "form-select form-select-sm"}


class ReviewQueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), ("person", "Persons"), ("company", "Companies")],
        widget=Menu(attrs=SELECT),
    )
    country = forms.ChoiceField(
        label="Country",
        required=False,
        # A function: read when the menu is drawn, not deep-copied with every form (issue 17).
        choices=lambda: [("", "Any country"), *country_choices()],
        widget=Menu(attrs=SELECT),
    )
    assignee = forms.ChoiceField(label="Assignee", required=False, widget=Menu(attrs=SELECT))

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", "Anyone"),
            ("me", "Assigned to me"),
            ("none", "Unassigned"),
            *[(str(officer.pk), officer.get_full_name() or officer.username) for officer in officers],
        ]
