"""Forms of the customers app: validation only (seed 003, DOMAIN.md); the views hand the cleaned
data to ``customers.services``. Each section of a profile has its own form, laid out with
crispy-forms; the create forms are those sections together, in Crassula's order."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django_countries import countries
from phonenumber_field.formfields import PhoneNumberField
from phonenumbers import NumberParseException, PhoneNumberFormat, format_number, is_valid_number, parse

from . import validators
from .choices import (
    COMPANY_KINDS,
    Currency,
    EmployeeRange,
    Gender,
    IncomeRange,
    Language,
    OccupationCategory,
    RelationshipKind,
    SourceOfFunds,
    Title,
    TurnoverRange,
)
from .models import AccessGroup, AccessRole, CustomerType, PriceList, Tag
from .services import AddressData, Addresses, Contacts

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PHONE_HELP = "International format: + and the country code, e.g. +33 6 12 34 56 78."
PHONE_ERROR = "Enter the number in international format: + then the country code, e.g. +33 6 12 34 56 78."
COUNTRY_CHOICES = [("", "—"), *countries]
# Suggestions for a customer field: typing asks the lookup view for <option>s of a <datalist>.
LOOKUP = (
    '<div hx-get="{url}" hx-trigger="input changed delay:300ms from:#{field}" hx-include="#{field}" '
    'hx-target="#person-suggestions" hx-swap="innerHTML"></div><datalist id="person-suggestions"></datalist>'
)


def _choice(choices, label=None, **kwargs):
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False, **kwargs)


def _country(label, *, required=False):
    return forms.ChoiceField(label=label, choices=COUNTRY_CHOICES, required=required)


def _row(*names, sizes=None):
    return Row(
        *(
            Column(name, css_class=f"col-md-{size}")
            for name, size in zip(names, sizes or [12 // len(names)] * len(names), strict=True)
        )
    )


class SectionForm(forms.Form):
    """A form laid out in fieldsets by ``layout()``; rendered by ``{% crispy form %}`` inside the
    page's own ``<form>``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = self.layout()
        if layout is not None:
            self.helper.layout = layout

    def layout(self):
        return None


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- identity --------------------------------------------------------------------------------


class PersonIdentityFields(SectionForm):
    """C "Personal": passport details, public id, user tag."""

    title = _choice(Title.choices)
    first_name = forms.CharField(max_length=100)
    middle_names = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100)
    birth_date = forms.DateField(widget=DATE, validators=[validators.validate_birth_date])
    birth_place = forms.CharField(max_length=100, required=False)
    birth_country = _country("Birth country")
    nationality = _country("Nationality", required=True)
    other_nationality = _country("Other nationality")
    gender = _choice(Gender.choices)
    occupation_category = _choice(OccupationCategory.choices, "Occupation")
    monthly_income_range = _choice(IncomeRange.choices, "Monthly income")
    source_of_funds = _choice(SourceOfFunds.choices)
    is_specified_us_person = forms.BooleanField(
        label="Specified US person", required=False, help_text="A US tax residence with a TIN will be required."
    )
    national_id_last4 = forms.CharField(
        label="National id / SSN, last four digits",
        required=False,
        min_length=4,
        max_length=4,
        help_text="Only the last four digits are kept, never the whole number.",
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

    def identity_layout(self):
        return Div(
            Fieldset(
                "Passport details",
                _row("title", "first_name", "middle_names", "last_name", sizes=[2, 4, 3, 3]),
                _row("birth_date", "birth_place", "birth_country", sizes=[4, 4, 4]),
                _row("nationality", "other_nationality", "gender", sizes=[4, 4, 4]),
                _row("national_id_last4", "is_specified_us_person", sizes=[4, 8]),
            ),
            Fieldset(
                "Situation",
                _row("occupation_category", "monthly_income_range", "source_of_funds", sizes=[4, 4, 4]),
                "legal_form",
            ),
            Fieldset("Identifiers", _row("public_id", "user_tag", sizes=[6, 6])),
        )

    def layout(self):
        return Layout(self.identity_layout(), "version" if "version" in self.fields else HTML(""))

    def clean_first_name(self):
        return validators.validate_name(self.cleaned_data["first_name"], label="First name", minimum=2)

    def clean_last_name(self):
        return validators.validate_name(self.cleaned_data["last_name"], label="Last name", minimum=1)

    def clean_middle_names(self):
        value = self.cleaned_data["middle_names"]
        return validators.validate_name(value, label="Middle names", minimum=1) if value else ""

    def clean_national_id_last4(self):
        value = self.cleaned_data["national_id_last4"].strip()
        if value and not value.isdigit():
            raise ValidationError("Enter the last four digits only.")
        return value

    def clean_public_id(self):
        value = self.cleaned_data["public_id"]
        return validators.normalise_public_id(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("other_nationality") and cleaned.get("other_nationality") == cleaned.get("nationality"):
            self.add_error("other_nationality", "The other nationality is the same as the first one.")
        return cleaned

    def identity(self) -> dict:
        from .services import PERSON_IDENTITY_FIELDS

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
    annual_turnover_range = _choice(TurnoverRange.choices, "Annual turnover")
    net_income_range = _choice(TurnoverRange.choices, "Net income")
    employee_count_range = _choice(EmployeeRange.choices, "Employees")
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
                _row("registration_number", "vat_number", "registration_date", sizes=[4, 4, 4]),
                _row("legal_form", "share_capital", "sector", sizes=[4, 4, 4]),
                _row("annual_turnover_range", "net_income_range", "employee_count_range", sizes=[4, 4, 4]),
                "is_listed",
            ),
            Fieldset("Identifiers", _row("public_id", "user_tag", sizes=[6, 6])),
        )

    def layout(self):
        return Layout(self.identity_layout(), "version" if "version" in self.fields else HTML(""))

    def registration_country(self) -> str:
        return self.cleaned_data.get(self.registration_country_field, "") or getattr(self, "country", "")

    clean_public_id = PersonIdentityFields.clean_public_id

    def clean_sector(self):
        value = self.cleaned_data["sector"].strip()
        if value and not validators.re.fullmatch(r"[A-U]?\d{2}(\.\d{1,2})?", value.upper()):
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
        from .services import COMPANY_IDENTITY_FIELDS

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


# --- contacts --------------------------------------------------------------------------------


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
        label="Primary email", help_text="The customer signs in to the app with this address."
    )
    other_emails = forms.CharField(
        label="Other emails", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One per line."
    )
    primary_phone = PhoneNumberField(
        label="Primary phone", help_text=PHONE_HELP, error_messages={"invalid": PHONE_ERROR}
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
            _row("primary_email", "primary_phone", sizes=[6, 6]),
            _row("other_emails", "other_phones", sizes=[6, 6]),
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


# --- addresses -------------------------------------------------------------------------------


def _address_fields(prefix: str, *, required: bool = False) -> dict[str, forms.Field]:
    return {
        f"{prefix}_line1": forms.CharField(label="Address line 1", max_length=120, required=required),
        f"{prefix}_line2": forms.CharField(label="Address line 2", max_length=120, required=False),
        f"{prefix}_postcode": forms.CharField(label="Postcode", max_length=20, required=required),
        f"{prefix}_city": forms.CharField(label="City", max_length=80, required=required),
        f"{prefix}_region": forms.CharField(label="Region / state", max_length=80, required=False),
        f"{prefix}_country": _country("Country", required=required),
    }


def _address_layout(prefix: str, legend: str, *extra):
    return Fieldset(
        legend,
        *extra,
        _row(f"{prefix}_line1", f"{prefix}_line2", sizes=[6, 6]),
        _row(f"{prefix}_postcode", f"{prefix}_city", f"{prefix}_region", f"{prefix}_country", sizes=[2, 4, 3, 3]),
    )


class LegalAddressFields(SectionForm):
    """C "Location": the legal address, required on creation."""

    locals().update(_address_fields("legal", required=True))

    def address_data(self, prefix: str) -> AddressData:
        values = {
            name: self.cleaned_data.get(f"{prefix}_{name}", "") or ""
            for name in ("line1", "line2", "postcode", "city", "region", "country")
        }
        return AddressData(**values)


class AddressesForm(VersionMixin, SectionForm):
    """Legal (required), shipping ("same as legal") and secondary addresses. A shipping or
    secondary address left empty is removed."""

    locals().update(_address_fields("legal", required=True))
    shipping_same_as_legal = forms.BooleanField(label="Ship to the legal address", required=False)
    locals().update(_address_fields("shipping"))
    locals().update(_address_fields("secondary"))

    address_data = LegalAddressFields.address_data

    def layout(self):
        return Layout(
            _address_layout("legal", "Legal address"),
            _address_layout("shipping", "Shipping address", "shipping_same_as_legal"),
            _address_layout("secondary", "Secondary address (optional)"),
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


# --- settings and tags -----------------------------------------------------------------------


class TypeAndPriceListFields(SectionForm):
    """Person / company type and a price list of that type (validated against each other)."""

    customer_type = forms.ModelChoiceField(queryset=CustomerType.objects.none(), required=False)
    price_list = forms.ModelChoiceField(
        queryset=PriceList.objects.filter(is_active=True).select_related("customer_type"),
        required=False,
        help_text="Only the price lists of the customer's type apply (or those without a type if it has none).",
    )
    default_currency = forms.ChoiceField(choices=Currency.choices, initial=Currency.EUR)

    applies_to = CustomerType.AppliesTo.PERSONS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = CustomerType.objects.filter(applies_to=self.applies_to, is_active=True)
        self.fields["customer_type"].queryset = types
        self.fields["customer_type"].label = "Person type" if self.applies_to == "person" else "Company type"
        self.fields["price_list"].label_from_instance = lambda price_list: (
            f"{price_list.name} ({price_list.customer_type or 'no type'})"
        )

    def clean(self):
        cleaned = super().clean()
        customer_type, price_list = cleaned.get("customer_type"), cleaned.get("price_list")
        if price_list is not None and price_list.customer_type_id != (customer_type.pk if customer_type else None):
            self.add_error(
                "price_list",
                f"“{price_list}” is for {price_list.customer_type or 'customers without a type'}: choose a price list "
                "of the customer's type.",
            )
        return cleaned


class SettingsForm(VersionMixin, TypeAndPriceListFields):
    language = forms.ChoiceField(choices=Language.choices)
    skip_transfer_pre_approval = forms.BooleanField(
        required=False, help_text="Transfers skip the second approval by an administrator. Keeping it is safer."
    )
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

    def layout(self):
        return Layout(
            Fieldset(
                "Settings",
                _row("customer_type", "price_list", sizes=[6, 6]),
                _row("default_currency", "language", sizes=[6, 6]),
                "skip_transfer_pre_approval",
                _row("referral_code", "agent_company", "created_by_agent", sizes=[4, 4, 4]),
            ),
            Fieldset("Security", _row("access_roles", "access_groups", sizes=[6, 6])),
            "version",
        )


def tag_field():
    return forms.ModelMultipleChoiceField(
        queryset=Tag.objects.filter(is_active=True), required=False, widget=forms.CheckboxSelectMultiple
    )


class TagsForm(VersionMixin, SectionForm):
    tags = tag_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.filter(is_active=True)


# --- creating --------------------------------------------------------------------------------


class PersonCreateForm(PersonIdentityFields, ContactsFields, LegalAddressFields, TypeAndPriceListFields):
    """C "Add new" person, in its order: passport details, public id, person type, contacts,
    location, settings, tags."""

    tags = tag_field()

    def layout(self):
        return Layout(
            self.identity_layout(),
            Fieldset("Type", _row("customer_type", sizes=[6])),
            self.contacts_layout(),
            _address_layout("legal", "Location (legal address)"),
            Fieldset("Settings", _row("default_currency", "price_list", sizes=[6, 6])),
            Fieldset("Tags", "tags"),
        )

    def clean(self):
        # Every parent's clean runs through super(); nothing to add.
        return super().clean()


class CompanyCreateForm(CompanyIdentityFields, ContactsFields, LegalAddressFields, TypeAndPriceListFields):
    kind = forms.TypedChoiceField(
        label="Kind of company", coerce=int, choices=[(kind.value, kind.label) for kind in COMPANY_KINDS]
    )
    representative = forms.CharField(
        label="Legal representative or owner",
        help_text="The person's customer id or public id: type a name to find them.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "person-suggestions"}),
    )
    representative_kind = forms.ChoiceField(
        label="Their role",
        choices=[
            (RelationshipKind.LEGAL_REPRESENTATIVE.value, RelationshipKind.LEGAL_REPRESENTATIVE.label),
            (RelationshipKind.SHAREHOLDER.value, RelationshipKind.SHAREHOLDER.label),
        ],
    )
    ownership_percent = forms.DecimalField(
        label="Ownership %", max_digits=5, decimal_places=2, min_value=0.01, max_value=100, required=False
    )
    tags = tag_field()
    email_required = False
    applies_to = CustomerType.AppliesTo.COMPANIES

    def __init__(self, *args, find_person, **kwargs):
        self.find_person = find_person
        super().__init__(*args, **kwargs)

    def layout(self):
        return Layout(
            Fieldset("Kind", _row("kind", "customer_type", sizes=[6, 6])),
            self.identity_layout(),
            Fieldset(
                "Legal representative or owner",
                HTML(LOOKUP.format(url="{% url 'customer-person-lookup' %}", field="id_representative")),
                _row("representative", "representative_kind", "ownership_percent", sizes=[6, 3, 3]),
            ),
            self.contacts_layout(),
            _address_layout("legal", "Location (registered address)"),
            Fieldset("Settings", _row("default_currency", "price_list", sizes=[6, 6])),
            Fieldset("Tags", "tags"),
        )

    def clean_representative(self):
        person = self.find_person(self.cleaned_data["representative"])
        if person is None:
            raise ValidationError("No person has this customer id or public id.")
        return person

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("representative_kind")
        if kind == RelationshipKind.SHAREHOLDER and not cleaned.get("ownership_percent"):
            self.add_error("ownership_percent", "Give the share this owner holds, in %.")
        if kind == RelationshipKind.LEGAL_REPRESENTATIVE and cleaned.get("ownership_percent"):
            self.add_error("ownership_percent", "Only an owner has a share: leave this empty or choose the owner role.")
        return cleaned


# --- relationships ---------------------------------------------------------------------------


class RelationshipForm(SectionForm):
    related = forms.CharField(
        label="Customer",
        help_text="Their customer id or public id: type a name to find them.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "person-suggestions"}),
    )
    kind = forms.ChoiceField(label="Link", choices=RelationshipKind.choices)
    ownership_percent = forms.DecimalField(
        label="Ownership %", max_digits=5, decimal_places=2, min_value=0.01, max_value=100, required=False
    )
    position = forms.CharField(max_length=80, required=False, help_text="e.g. CEO, managing director.")

    def __init__(self, *args, find_customer, kinds, **kwargs):
        self.find_customer = find_customer
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]

    def layout(self):
        return Layout(
            HTML(LOOKUP.format(url="{% url 'customer-person-lookup' %}?any=1", field="id_related")),
            _row("related", "kind", sizes=[6, 6]),
            _row("ownership_percent", "position", sizes=[4, 8]),
        )

    def clean_related(self):
        customer = self.find_customer(self.cleaned_data["related"])
        if customer is None:
            raise ValidationError("No customer has this customer id or public id.")
        return customer


# --- dictionaries ----------------------------------------------------------------------------


class DictionaryEntryForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "customer_type" in self.fields:
            self.fields[
                "customer_type"
            ].help_text = "Offered only to customers of this type; empty for those without one."

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
