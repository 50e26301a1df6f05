"""Forms of the profile board's commands: cards, beneficiaries, SCA devices. Validation only;
the services decide whether the command is allowed now."""

from __future__ import annotations

import re

from django import forms
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from backoffice.errors import DomainError
from backoffice.forms import CommandForm

from .. import validators
from ..choices import CARD_LOCK_STATUSES, CardKind, CardStatus, ScaLockReason
from ..services.beneficiaries import normalised_bic, normalised_iban
from ..services.sca import IDENTITY_UNCHECKED
from ..services.topup_cards import BRANDS, brand_of, card_digits, card_number_problem, expiry_problem, masked_pan
from .layout import SectionForm

EMBOSSED_NAME = re.compile(r"^[A-Z][A-Z .'-]{0,26}$")
EXPIRY = re.compile(r"(0?[1-9]|1[0-2])\s*/\s*([0-9]{2}|[0-9]{4})")
NUMBER_NOT_KEPT = "For your security the number is not kept: type it again."


class CardNumberInput(forms.TextInput):
    """A card number's field that never writes the number back (PCI DSS: a whole card number is
    never sent to the browser): a page shown again over an error has it empty, like a password's."""

    def format_value(self, value):
        return None


def _domain_checked(clean, value, field_name):
    try:
        return clean(value)
    except DomainError as error:
        raise forms.ValidationError(error.message, code=field_name) from error


class IssueCardForm(CommandForm, SectionForm):
    kind = forms.ChoiceField(
        label="Type",
        choices=CardKind.choices,
        widget=forms.RadioSelect,
        initial=CardKind.VIRTUAL,
        help_text="A virtual card works at once; a physical card is posted and works once activated.",
    )
    account = forms.TypedChoiceField(label="Account", coerce=int, help_text="The card spends from this account.")
    embossed_name = forms.CharField(
        label="Name on the card",
        max_length=27,
        help_text="Up to 27 capital letters, spaces, hyphens and apostrophes, as printed on the card.",
    )

    def __init__(self, *args, accounts=(), kyc_condition="", **kwargs):
        """``kyc_condition``: the KYC level's condition on new cards (seed 002 at Light), said instead."""
        super().__init__(*args, **kwargs)
        if kyc_condition:
            self.fields["kind"].help_text = kyc_condition
        self.fields["account"].choices = [
            (account.pk, f"{account.name} · {account.number} · {account.currency}") for account in accounts
        ]

    def clean_embossed_name(self):
        value = " ".join(self.cleaned_data["embossed_name"].upper().split())
        if not EMBOSSED_NAME.match(value):
            raise forms.ValidationError(
                "Use capital letters, spaces, hyphens and apostrophes only (no digits, no accents)."
            )
        return value


class CardLockForm(CommandForm, SectionForm):
    status = forms.ChoiceField(
        label="How",
        widget=forms.RadioSelect,
        choices=[(status.value, status.label) for status in CardStatus if status in CARD_LOCK_STATUSES],
        initial=CardStatus.LOCKED,
        help_text="Locked is temporary (Unlock undoes it). Lost, stolen and destroyed are final: reissue the card.",
    )
    reason = forms.CharField(label="Reason", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))

    submit_label = "Lock the card"

    def __init__(self, *args, card=None, **kwargs):
        super().__init__(*args, **kwargs)
        if card is not None and card.status != CardStatus.ACTIVE:  # only the final reports are offered
            self.submit_label = "Report the card"
        if card is not None and card.status in (CardStatus.INACTIVE, CardStatus.LOCKED):
            # Not activated yet: nothing to lock for a while. Locked already: only the final reports.
            field = self.fields["status"]
            field.choices = [(value, label) for value, label in field.choices if value != CardStatus.LOCKED]
            field.initial = CardStatus.LOST
            field.help_text = "Final: the card never works again; reissue it to give the customer a new one."


class CardReasonForm(CommandForm, SectionForm):
    reason = forms.CharField(
        label="Reason", max_length=200, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept in the audit log."
    )


class CardActivateForm(CommandForm, SectionForm):
    """Activating a card: the button is the decision (the customer has the card in hand)."""


class BeneficiaryForm(CommandForm, SectionForm):
    name = forms.CharField(label="Account holder's name", max_length=140)
    nickname = forms.CharField(label="Nickname", max_length=70, required=False, help_text="How the customer calls it.")
    iban = forms.CharField(
        label="IBAN", max_length=42, help_text="Spaces are fine, e.g. FR76 3000 6000 0112 3456 7890 189."
    )
    bic = forms.CharField(label="BIC", max_length=11, required=False, help_text="Optional inside SEPA.")

    def clean_iban(self):
        return _domain_checked(normalised_iban, self.cleaned_data["iban"], "iban")

    @property
    def bank_name(self) -> str:
        """The bank the IBAN belongs to, from schwifty's registry, when it knows it."""
        try:
            return IBAN(self.cleaned_data["iban"]).bank_name or ""
        except (KeyError, AttributeError, SchwiftyException):
            return ""

    def clean_bic(self):
        return _domain_checked(normalised_bic, self.cleaned_data["bic"], "bic")


class ScaSecureForm(CommandForm, SectionForm):
    reason = forms.ChoiceField(label="Reason", choices=[("", "Choose a reason"), *ScaLockReason.choices])
    message = forms.CharField(
        label="Message",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the device while it is locked, e.g. what the customer said.",
    )


class IdentityCheckedForm(CommandForm, SectionForm):
    """Unlock and Reset PIN hand the device back: the staff member vouches for the caller's
    identity and enters their own password again (the command asks it; seed 000: "only if you're
    sure")."""

    identity_checked = forms.BooleanField(
        label="I checked the customer's identity (security questions, a call back to the registered phone number).",
        error_messages={"required": IDENTITY_UNCHECKED},
    )


class ScaDeleteForm(CommandForm, SectionForm):
    reason = forms.CharField(
        label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept in the audit log."
    )


class TopUpCardForm(CommandForm, SectionForm):
    """S "manually link an external card": the whole number is checked here (digits, length, Luhn,
    brand) and never leaves the form: the service is given its first six and last four digits
    (``parameters``), so neither the audit log nor a request waiting for a second person holds it."""

    number = forms.CharField(
        label="Card number",
        max_length=40,
        widget=CardNumberInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
        help_text="12 to 19 digits, spaces are fine. Only the first six and last four digits are kept.",
    )
    brand = forms.ChoiceField(
        label="Brand",
        required=False,
        choices=[("", "From the card number"), *((brand, brand) for brand in BRANDS)],
        help_text="Leave it to the number unless the number's first digits name no brand.",
    )
    expiry = forms.CharField(label="Expires", max_length=7, help_text="MM/YY, as printed on the card, e.g. 06/28.")
    holder_name = forms.CharField(label="Name on the card", max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:  # shown again (an error somewhere): the number's field is empty, say why
            number = self.fields["number"]
            number.help_text = f"{NUMBER_NOT_KEPT} {number.help_text}"

    def clean_number(self):
        digits = card_digits(self.cleaned_data["number"])
        if problem := card_number_problem(digits):
            raise forms.ValidationError(problem)
        return digits

    def clean_expiry(self):
        match = EXPIRY.fullmatch(self.cleaned_data["expiry"].strip())
        if not match:
            raise forms.ValidationError("Type the expiry as MM/YY, e.g. 06/28.")
        month, year = int(match.group(1)), int(match.group(2))
        year = year + 2000 if year < 100 else year
        if problem := expiry_problem(month, year):
            raise forms.ValidationError(problem)
        return month, year

    def clean_holder_name(self):
        return validators.validate_name(self.cleaned_data["holder_name"], label="Name on the card", minimum=2)

    def clean(self):
        cleaned = super().clean()
        digits, chosen = cleaned.get("number"), cleaned.get("brand", "")
        if not digits:
            return cleaned
        derived = brand_of(digits)
        if derived and chosen and chosen != derived:
            self.add_error(
                "brand",
                f"This number is a {derived} card's (its first digits say so): choose {derived}, or leave the "
                "brand to the number.",
            )
        elif not derived and not chosen:
            self.add_error("brand", "The number's first digits name no brand we know: choose the brand.")
        else:
            cleaned["brand"] = derived or chosen
        return cleaned

    def parameters(self) -> dict:
        month, year = self.cleaned_data["expiry"]
        return {
            "brand": self.cleaned_data["brand"],
            "masked_pan": masked_pan(self.cleaned_data["number"]),
            "expiry_month": month,
            "expiry_year": year,
            "holder_name": self.cleaned_data["holder_name"],
        }
