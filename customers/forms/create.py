"""C "Add new": a person or a company, the sections of the profile together in Crassula's order."""

from __future__ import annotations

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from ..choices import (
    COMPANY_KINDS,
    RelationshipKind,
)
from ..models import AccessGroup, AccessRole, CustomerType
from .contacts import ContactsFields, LegalAddressFields, address_layout
from .identity import CompanyIdentityFields, PersonIdentityFields
from .layout import (
    LOOKUP,
    columns,
)
from .settings import TypeAndPriceListFields, many_field, tag_field

SECURITY_NOTE = (
    '<p class="small text-body-secondary">Verification level 0 (not verified): levels 0 to 2 follow the '
    "email, phone and document checks; an extra-check level 3 to 5 is set on the KYC tab once the customer "
    "is identified.</p>"
)


class CreationExtras(TypeAndPriceListFields):
    """What the create page adds to the profile's sections, for those who may set them: the
    sections other apps register (``customers.creation``: the limit and custom thresholds), the
    security (access roles and groups) and the tags (administrators, as on the profile)."""

    def __init__(self, *args, sections=(), may_set_settings: bool = False, **kwargs):
        self.sections, self.may_set_settings = list(sections), may_set_settings
        super().__init__(*args, **kwargs)

    def add_fields(self):
        super().add_fields()
        for section in self.sections:
            self.fields.update(section.fields_for(self.applies_to))
        if self.may_set_settings:
            self.fields["access_roles"] = many_field(AccessRole)
            self.fields["access_groups"] = many_field(AccessGroup)
            self.fields["tags"] = tag_field()
            self.fields["tags"].label = "Tags are optional"  # C's words; the section is "Tags"

    def settings_and_after(self) -> list:
        """C's order from "Settings": settings, limit, custom thresholds, security, tags."""
        parts: list = [Fieldset("Settings", columns("default_currency", "price_list", sizes=[6, 6]))]
        parts += [section.layout_of(self) for section in self.sections if section.order < 70]
        if self.may_set_settings:
            parts.append(
                Fieldset("Security", HTML(SECURITY_NOTE), columns("access_roles", "access_groups", sizes=[6, 6]))
            )
        parts += [section.layout_of(self) for section in self.sections if section.order >= 70]
        if self.may_set_settings:
            parts.append(Fieldset("Tags", "tags"))
        return parts

    def clean(self):
        cleaned = super().clean()
        for section in self.sections:
            section.clean_form(self)
        return cleaned


class PersonCreateForm(PersonIdentityFields, ContactsFields, LegalAddressFields, CreationExtras):
    """C "Add new" person, in its order: passport details, public id, person type, contacts,
    location, settings, limit, custom thresholds, security, tags."""

    def layout(self):
        return Layout(
            self.identity_layout(),
            Fieldset("Type", columns("customer_type", sizes=[6])),
            self.contacts_layout(),
            address_layout("legal", "Location (legal address)"),
            *self.settings_and_after(),
        )


class ProspectCreateForm(PersonIdentityFields, ContactsFields):
    """S "Prospect": whatever is known of the person so far, possibly nothing; what is given is
    checked as on any profile. The rest is asked when they become an active customer."""

    KEPT = ("first_name", "last_name", "birth_date", "nationality", "public_id", "primary_email", "primary_phone")
    email_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prospect=True, **kwargs)
        for name in set(self.fields) - set(self.KEPT):
            del self.fields[name]

    def layout(self):
        return Layout(
            HTML(
                '<p class="text-body-secondary">Every field is optional. To become an active customer the '
                "person will need a first and last name, a date of birth, a nationality, an email and a "
                "phone number.</p>"
            ),
            Fieldset(
                "Who they are",
                columns("first_name", "last_name", sizes=[6, 6]),
                columns("birth_date", "nationality", sizes=[6, 6]),
            ),
            Fieldset("Contacts", columns("primary_email", "primary_phone", sizes=[6, 6])),
            Fieldset("Identifiers", columns("public_id", sizes=[6])),
        )


class CompanyCreateForm(CompanyIdentityFields, ContactsFields, LegalAddressFields, CreationExtras):
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
    email_required = False
    applies_to = CustomerType.AppliesTo.COMPANIES

    def __init__(self, *args, find_person, **kwargs):
        self.find_person = find_person
        super().__init__(*args, **kwargs)

    def layout(self):
        return Layout(
            Fieldset("Kind", columns("kind", "customer_type", sizes=[6, 6])),
            self.identity_layout(),
            Fieldset(
                "Legal representative or owner",
                HTML(LOOKUP.format(url="{% url 'customer-person-lookup' %}", field="id_representative")),
                columns("representative", "representative_kind", "ownership_percent", sizes=[6, 3, 3]),
            ),
            self.contacts_layout(),
            address_layout("legal", "Location (registered address)"),
            *self.settings_and_after(),
        )

    def clean_representative(self):
        person = self.find_person(self.cleaned_data["representative"])
        if person is None:
            raise ValidationError("No person has this customer id or public id.")
        return person
