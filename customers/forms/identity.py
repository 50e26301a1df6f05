"""Who the customer is: passport details (persons), legal data (companies), identifiers."""

from __future__ import annotations

import re

from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from .. import validators
from ..choices import (
    EmployeeRange,
    Gender,
    IncomeRange,
    OccupationCategory,
    SourceOfFunds,
    Title,
    TurnoverRange,
)
from ..services import COMPANY_IDENTITY_FIELDS, PERSON_IDENTITY_FIELDS
from .layout import (
    DATE,
    SectionForm,
    VersionMixin,
    columns,
    country_field,
    optional_choice,
)


class PersonIdentityFields(SectionForm):
    """C "Personal": passport details, public id, user tag."""

    title = optional_choice(Title.choices)
    first_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the first name, as on the identity document."}
    )
    middle_names = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the last name, as on the identity document."}
    )
    birth_date = forms.DateField(
        widget=DATE,
        validators=[validators.validate_birth_date],
        error_messages={
            "required": "Enter the date of birth, as on the identity document.",
            "invalid": "This is not a date: enter the date of birth as day, month and year, e.g. 31/12/1990.",
        },
    )
    birth_place = forms.CharField(max_length=100, required=False)
    birth_country = country_field("Birth country")
    nationality = country_field("Nationality", required=True)
    other_nationality = country_field("Other nationality")
    gender = optional_choice(Gender.choices)
    occupation_category = optional_choice(OccupationCategory.choices, "Occupation")
    monthly_income_range = optional_choice(IncomeRange.choices, "Monthly income")
    source_of_funds = optional_choice(SourceOfFunds.choices)
    is_specified_us_person = forms.BooleanField(
        label="Specified US person", required=False, help_text="A US tax residence with a TIN will be required."
    )
    national_id_last4 = forms.CharField(
        label="National id / SSN, last four digits",
        required=False,
        min_length=4,
        max_length=4,
        help_text="Only the last four digits are kept, never the whole number.",
        error_messages={
            "min_length": "Enter exactly four digits: the last four of the number.",
            "max_length": "Enter the last four digits only, never the whole number.",
        },
    )
    legal_form = forms.CharField(
        max_length=60, required=False, help_text="Self-employed only: the legal form of their business."
    )
    public_id = forms.CharField(
        label="Public id",
        max_length=32,
        required=False,
        help_text="Left empty, one is generated. Others can pay the customer with it instead of an account number.",
    )
    user_tag = forms.CharField(label="User tag", max_length=250, required=False, help_text="Your own reference.")

    # S: a prospect may have no details at all; an active person has these (``services.prospects``).
    MANDATORY_WHEN_ACTIVE = ("first_name", "last_name", "birth_date", "nationality")

    def __init__(self, *args, prospect: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if prospect:
            for name in self.MANDATORY_WHEN_ACTIVE:
                self.fields[name].required = False

    def identity_layout(self):
        return Div(
            Fieldset(
                "Passport details",
                columns("title", "first_name", "middle_names", "last_name", sizes=[2, 4, 3, 3]),
                columns("birth_date", "birth_place", "birth_country", sizes=[4, 4, 4]),
                columns("nationality", "other_nationality", "gender", sizes=[4, 4, 4]),
                columns("national_id_last4", "is_specified_us_person", sizes=[4, 8]),
            ),
            Fieldset(
                "Situation",
                columns("occupation_category", "monthly_income_range", "source_of_funds", sizes=[4, 4, 4]),
                "legal_form",
            ),
            Fieldset("Identifiers", columns("public_id", "user_tag", sizes=[6, 6])),
        )

    def layout(self):
        return Layout(self.identity_layout(), "version" if "version" in self.fields else HTML(""))

    def clean_first_name(self):
        value = self.cleaned_data["first_name"]
        return validators.validate_name(value, label="First name", minimum=2) if value else ""

    def clean_last_name(self):
        value = self.cleaned_data["last_name"]
        return validators.validate_name(value, label="Last name", minimum=1) if value else ""

    def clean_middle_names(self):
        value = self.cleaned_data["middle_names"]
        return validators.validate_name(value, label="Middle names", minimum=1) if value else ""

    def clean_national_id_last4(self):
        value = self.cleaned_data["national_id_last4"].strip()
        if value and not value.isdigit():
            raise ValidationError("Enter digits only: the last four digits of the number, e.g. 1234.")
        return value

    def clean_public_id(self):
        value = self.cleaned_data["public_id"]
        return validators.normalise_public_id(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("other_nationality") and cleaned.get("other_nationality") == cleaned.get("nationality"):
            self.add_error(
                "other_nationality",
                "The other nationality is the same as the first one: choose another, or leave it empty.",
            )
        return cleaned

    def identity(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_IDENTITY_FIELDS if name in self.cleaned_data}


class CompanyIdentityFields(SectionForm):
    """Legal data of a business, NGO or governmental organisation."""

    legal_name = forms.CharField(max_length=100)
    registration_number = forms.CharField(
        max_length=40, help_text="Checked for the country of the legal address where a rule is known."
    )
    vat_number = forms.CharField(label="VAT number", max_length=20, required=False)
    registration_date = forms.DateField(widget=DATE, required=False, validators=[validators.validate_past_date])
    legal_form = forms.CharField(max_length=60, required=False, help_text="e.g. SAS, GmbH, association loi 1901.")
    share_capital = forms.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False)
    sector = forms.CharField(label="Sector (NACE code)", max_length=10, required=False, help_text="e.g. 62.01")
    annual_turnover_range = optional_choice(TurnoverRange.choices, "Annual turnover")
    net_income_range = optional_choice(TurnoverRange.choices, "Net income")
    employee_count_range = optional_choice(EmployeeRange.choices, "Employees")
    is_listed = forms.BooleanField(label="Listed on a stock exchange", required=False)
    public_id = PersonIdentityFields.base_fields["public_id"]
    user_tag = PersonIdentityFields.base_fields["user_tag"]

    # The country the registration and VAT numbers are checked against.
    registration_country_field = "legal_country"

    def identity_layout(self):
        return Div(
            Fieldset(
                "Legal data",
                "legal_name",
                columns("registration_number", "vat_number", "registration_date", sizes=[4, 4, 4]),
                columns("legal_form", "share_capital", "sector", sizes=[4, 4, 4]),
                columns("annual_turnover_range", "net_income_range", "employee_count_range", sizes=[4, 4, 4]),
                "is_listed",
            ),
            Fieldset("Identifiers", columns("public_id", "user_tag", sizes=[6, 6])),
        )

    def layout(self):
        return Layout(self.identity_layout(), "version" if "version" in self.fields else HTML(""))

    def registration_country(self) -> str:
        return self.cleaned_data.get(self.registration_country_field, "") or getattr(self, "country", "")

    clean_public_id = PersonIdentityFields.clean_public_id

    def clean_sector(self):
        value = self.cleaned_data["sector"].strip()
        if value and not re.fullmatch(r"[A-U]?\d{2}(\.\d{1,2})?", value.upper()):
            raise ValidationError("A NACE code looks like 62.01 (or J62.01).")
        return value.upper()

    def clean(self):
        cleaned = super().clean()
        country = self.registration_country()
        if cleaned.get("registration_number"):
            try:
                cleaned["registration_number"] = validators.normalise_registration_number(
                    cleaned["registration_number"], country
                )
            except ValidationError as error:
                self.add_error("registration_number", error)
        if cleaned.get("vat_number"):
            try:
                cleaned["vat_number"] = validators.normalise_vat_number(cleaned["vat_number"], country)
            except ValidationError as error:
                self.add_error("vat_number", error)
        return cleaned

    def identity(self) -> dict:
        return {name: self.cleaned_data[name] for name in COMPANY_IDENTITY_FIELDS if name in self.cleaned_data}


class PublicIdRequiredMixin:
    """Once given, a public id stays: others pay the customer with it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_id"].required = True
        self.fields["public_id"].help_text = "Others can pay the customer with it instead of an account number."


class PersonIdentityForm(PublicIdRequiredMixin, VersionMixin, PersonIdentityFields):
    pass


class CompanyIdentityForm(PublicIdRequiredMixin, VersionMixin, CompanyIdentityFields):
    def __init__(self, *args, country: str = "", **kwargs):
        self.country = country
        super().__init__(*args, **kwargs)
