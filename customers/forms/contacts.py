"""Emails, phones (international format) and addresses."""

from __future__ import annotations

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from phonenumber_field.formfields import PhoneNumberField
from phonenumbers import NumberParseException, PhoneNumberFormat, format_number, is_valid_number, parse

from ..services import AddressData, Addresses, Contacts
from .layout import (
    PHONE_ERROR,
    PHONE_HELP,
    SectionForm,
    VersionMixin,
    columns,
    country_field,
)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]


def normalise_phone(value: str) -> str:
    try:
        number = parse(value, None)
    except NumberParseException:
        raise ValidationError(PHONE_ERROR) from None
    if not is_valid_number(number):
        raise ValidationError(PHONE_ERROR)
    return format_number(number, PhoneNumberFormat.E164)


class ContactsFields(SectionForm):
    """C "Contacts": one primary email (the login) and phone, and any others."""

    primary_email = forms.EmailField(
        label="Primary email",
        help_text="The customer signs in to the app with this address.",
        error_messages={
            "required": "Enter the customer's email address: they sign in to the app with it.",
            "invalid": "This is not an email address: type it as name@example.com.",
        },
    )
    other_emails = forms.CharField(
        label="Other emails", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One per line."
    )
    primary_phone = PhoneNumberField(
        label="Primary phone",
        help_text=PHONE_HELP,
        error_messages={"invalid": PHONE_ERROR, "required": f"Enter the customer's phone number. {PHONE_HELP}"},
    )
    other_phones = forms.CharField(
        label="Other phones", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One per line."
    )
    email_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_email"].required = self.email_required
        self.fields["primary_phone"].required = self.email_required

    def contacts_layout(self):
        return Fieldset(
            "Contacts",
            columns("primary_email", "primary_phone", sizes=[6, 6]),
            columns("other_emails", "other_phones", sizes=[6, 6]),
        )

    def layout(self):
        return Layout(self.contacts_layout(), *(["version"] if "version" in self.fields else []))

    def clean_other_emails(self):
        emails = _lines(self.cleaned_data["other_emails"])
        primary = (self.cleaned_data.get("primary_email") or "").lower()
        if primary and primary in (email.lower() for email in emails):
            raise ValidationError("The primary email is listed again here: remove it from the other emails.")
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(f"“{email}” is not a valid email address.") from None
        return emails

    def clean_other_phones(self):
        phones = []
        for line in _lines(self.cleaned_data["other_phones"]):
            try:
                phones.append(normalise_phone(line))
            except ValidationError:
                raise ValidationError(
                    f"“{line}” is not a phone number in international format (+ and the country code)."
                ) from None
        return phones

    def contacts(self) -> Contacts:
        data = self.cleaned_data
        primary_email = data.get("primary_email") or ""
        primary_phone = data.get("primary_phone")
        return Contacts(
            emails=[primary_email, *data.get("other_emails", [])] if primary_email else data.get("other_emails", []),
            phones=[str(primary_phone) if primary_phone else "", *data.get("other_phones", [])],
        )


class ContactsForm(VersionMixin, ContactsFields):
    confirm_login_change = forms.BooleanField(
        label="I understand the customer will sign in with the new primary email", required=False
    )

    def __init__(self, *args, current_primary_email: str = "", is_person: bool = True, **kwargs):
        self.current_primary_email = current_primary_email
        self.email_required = is_person
        super().__init__(*args, **kwargs)

    def layout(self):
        return Layout(self.contacts_layout(), "confirm_login_change", "version")

    def clean(self):
        cleaned = super().clean()
        new = (cleaned.get("primary_email") or "").lower()
        changed = bool(self.current_primary_email and new and new != self.current_primary_email.lower())
        if changed and not cleaned.get("confirm_login_change"):
            self.add_error(
                "primary_email",
                "The primary email is the customer's login: after this change they sign in with the new "
                "address. Tick the box below to confirm.",
            )
        return cleaned


def address_fields(prefix: str, *, required: bool = False) -> dict[str, forms.Field]:
    def needed(message: str) -> dict:
        return {"required": message}

    return {
        f"{prefix}_line1": forms.CharField(
            label="Address line 1",
            max_length=120,
            required=required,
            error_messages=needed("Enter the street and number, e.g. 1 rue de la Paix."),
        ),
        f"{prefix}_line2": forms.CharField(label="Address line 2", max_length=120, required=False),
        f"{prefix}_postcode": forms.CharField(
            label="Postcode", max_length=20, required=required, error_messages=needed("Enter the postcode, e.g. 75002.")
        ),
        f"{prefix}_city": forms.CharField(
            label="City", max_length=80, required=required, error_messages=needed("Enter the city.")
        ),
        f"{prefix}_region": forms.CharField(label="Region / state", max_length=80, required=False),
        f"{prefix}_country": country_field("Country", required=required),
    }


def address_layout(prefix: str, legend: str, *extra):
    return Fieldset(
        legend,
        *extra,
        columns(f"{prefix}_line1", f"{prefix}_line2", sizes=[6, 6]),
        columns(f"{prefix}_postcode", f"{prefix}_city", f"{prefix}_region", f"{prefix}_country", sizes=[2, 4, 3, 3]),
    )


class LegalAddressFields(SectionForm):
    """C "Location": the legal address, required on creation."""

    locals().update(address_fields("legal", required=True))

    def address_data(self, prefix: str) -> AddressData:
        values = {
            name: self.cleaned_data.get(f"{prefix}_{name}", "") or ""
            for name in ("line1", "line2", "postcode", "city", "region", "country")
        }
        return AddressData(**values)


class AddressesForm(VersionMixin, SectionForm):
    """Legal (required), shipping ("same as legal") and secondary addresses. A shipping or
    secondary address left empty is removed."""

    locals().update(address_fields("legal", required=True))
    shipping_same_as_legal = forms.BooleanField(label="Ship to the legal address", required=False)
    locals().update(address_fields("shipping"))
    locals().update(address_fields("secondary"))

    address_data = LegalAddressFields.address_data

    def layout(self):
        return Layout(
            address_layout("legal", "Legal address"),
            address_layout("shipping", "Shipping address", "shipping_same_as_legal"),
            address_layout("secondary", "Secondary address (optional)"),
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        for prefix in ("legal", "shipping", "secondary"):
            if prefix == "shipping" and cleaned.get("shipping_same_as_legal"):
                continue
            filled = [name for name in ("line1", "postcode", "city", "country") if cleaned.get(f"{prefix}_{name}")]
            if filled and len(filled) < 4:
                for name in ("line1", "postcode", "city", "country"):
                    if not cleaned.get(f"{prefix}_{name}"):
                        self.add_error(f"{prefix}_{name}", "Fill this in too, or empty the whole address.")
        if cleaned.get("shipping_same_as_legal") and not cleaned.get("legal_line1"):
            self.add_error("shipping_same_as_legal", "There is no legal address to ship to: fill it in first.")
        return cleaned

    def addresses(self) -> Addresses:
        shipping = self.address_data("shipping")
        shipping.same_as_legal = bool(self.cleaned_data.get("shipping_same_as_legal"))
        return Addresses(legal=self.address_data("legal"), shipping=shipping, secondary=self.address_data("secondary"))
