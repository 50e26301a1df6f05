"""Editing a profile one section at a time; the form carries the version it was opened at."""

from __future__ import annotations

from backoffice.views.generic import ServiceFormView

from .. import selectors, services
from ..forms import (
    AddressesForm,
    CompanyIdentityForm,
    ContactsForm,
    PersonIdentityForm,
    SettingsForm,
    TagsForm,
)
from .commands import OpenCustomerOnly
from .permissions import EDIT_CONTACTS, EDIT_PROFILE, EDIT_SETTINGS
from .profile import CustomerMixin


class SectionEditView(OpenCustomerOnly, CustomerMixin, ServiceFormView):
    """Edit one section of a profile; the form carries the version it was opened at."""

    template_name = "customers/form.html"
    submit_label = "Save changes"
    section = ""

    def get_title(self):
        return f"{self.section} of {self.customer}"

    def get_cancel_url(self):
        return self.profile_url()

    def get_initial(self):
        return {"version": self.customer.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.profile_url(), back_label=str(self.customer), **kwargs)

    # The service that saves the section, and its arguments besides the actor, customer and version.
    service = None

    def changes(self, form) -> dict:
        raise NotImplementedError

    def perform(self, form):
        self.service(
            actor=self.request.user,
            customer=self.customer,
            version=form.cleaned_data["version"],
            **self.changes(form),
        )
        self.success_message = f"{self.section} saved."
        return self.profile_url()


class IdentityEditView(SectionEditView):
    permission_required = EDIT_PROFILE
    section = "Identity"

    def get_form_class(self):
        return PersonIdentityForm if self.customer.is_person else CompanyIdentityForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.customer.is_company:
            kwargs["country"] = str(self.customer.country or "")
        return kwargs

    def get_initial(self):
        fields = services.PERSON_IDENTITY_FIELDS if self.customer.is_person else services.COMPANY_IDENTITY_FIELDS
        initial = {name: getattr(self.customer, name) for name in fields}
        for name in ("birth_country", "nationality", "other_nationality"):
            if name in initial:
                initial[name] = str(initial[name] or "")
        return {**initial, **super().get_initial()}

    service = staticmethod(services.update_identity)

    def changes(self, form):
        return form.identity()


class ContactsEditView(SectionEditView):
    permission_required = EDIT_CONTACTS
    form_class = ContactsForm
    section = "Contacts"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "current_primary_email": self.customer.primary_email,
            "is_person": self.customer.is_person,
        }

    def get_initial(self):
        emails, phones = selectors.contacts_of(self.customer)
        return {
            **super().get_initial(),
            "primary_email": emails[0] if emails else "",
            "other_emails": "\n".join(emails[1:]),
            "primary_phone": phones[0] if phones else "",
            "other_phones": "\n".join(phones[1:]),
        }

    service = staticmethod(services.update_contacts)

    def changes(self, form):
        return {"contacts": form.contacts()}


class AddressesEditView(SectionEditView):
    permission_required = EDIT_CONTACTS
    form_class = AddressesForm
    section = "Addresses"

    def get_initial(self):
        initial = super().get_initial()
        for address in self.customer.addresses.all():
            if address.kind == "shipping":
                initial["shipping_same_as_legal"] = address.same_as_legal
            for name in ("line1", "line2", "postcode", "city", "region"):
                initial[f"{address.kind}_{name}"] = getattr(address, name)
            initial[f"{address.kind}_country"] = str(address.country or "")
        return initial

    service = staticmethod(services.update_addresses)

    def changes(self, form):
        return {"addresses": form.addresses()}


class SettingsEditView(SectionEditView):
    permission_required = EDIT_SETTINGS
    form_class = SettingsForm
    section = "Settings"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "is_person": self.customer.is_person}

    def get_initial(self):
        customer = self.customer
        return {
            **super().get_initial(),
            **{name: getattr(customer, name) for name in services.SETTINGS_FIELDS if name != "customer_type"},
            "customer_type": customer.customer_type,
            "access_roles": list(customer.access_roles.all()),
            "access_groups": list(customer.access_groups.all()),
        }

    service = staticmethod(services.update_settings)

    def changes(self, form):
        return {name: value for name, value in form.cleaned_data.items() if name != "version"}


class TagsEditView(SectionEditView):
    permission_required = EDIT_SETTINGS
    form_class = TagsForm
    section = "Tags"

    def get_initial(self):
        return {**super().get_initial(), "tags": list(self.customer.tags.all())}

    service = staticmethod(services.update_tags)

    def changes(self, form):
        return {"tags": form.cleaned_data["tags"]}
