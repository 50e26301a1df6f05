"""Editing a profile one section at a time (commands of ``customers.profile_commands``); the form
carries the version it was opened at (``CustomerCommandView.perform``)."""

from __future__ import annotations

from backoffice.commands import APPROVAL_REASON

from .. import selectors, services
from ..forms import CompanyIdentityForm, PersonIdentityForm
from .commands import CustomerCommandView
from .permissions import EDIT_CONTACTS, EDIT_PROFILE, EDIT_SETTINGS


class IdentityEditView(CustomerCommandView):
    command, permission_required = "customers.identity.update", EDIT_PROFILE

    def get_form_class(self):
        return PersonIdentityForm if self.customer.is_person else CompanyIdentityForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.customer.is_company:
            kwargs["country"] = str(self.customer.country or "")
        else:
            kwargs["prospect"] = self.customer.is_prospect
        return kwargs

    def get_initial(self):
        fields = services.PERSON_IDENTITY_FIELDS if self.customer.is_person else services.COMPANY_IDENTITY_FIELDS
        initial = {name: getattr(self.customer, name) for name in fields}
        for name in ("birth_country", "nationality", "other_nationality"):
            if name in initial:
                initial[name] = str(initial[name] or "")
        return {**initial, **super().get_initial()}

    def parameters_of(self, form):
        return form.identity()


class ContactsEditView(CustomerCommandView):
    command, permission_required = "customers.contacts.update", EDIT_CONTACTS

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "current_primary_email": self.customer.primary_email,
            # A prospect's contacts are optional, as a company's are (``services.prospects``).
            "is_person": self.customer.is_person and not self.customer.is_prospect,
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

    def parameters_of(self, form):
        return {"contacts": form.contacts()}


class AddressesEditView(CustomerCommandView):
    command, permission_required = "customers.addresses.update", EDIT_CONTACTS

    def get_initial(self):
        initial = super().get_initial()
        for address in self.customer.addresses.all():
            if address.kind == "shipping":
                initial["shipping_same_as_legal"] = address.same_as_legal
            for name in ("line1", "line2", "postcode", "city", "region"):
                initial[f"{address.kind}_{name}"] = getattr(address, name)
            initial[f"{address.kind}_country"] = str(address.country or "")
        return initial

    def parameters_of(self, form):
        return {"addresses": form.addresses()}


class SettingsEditView(CustomerCommandView):
    command, permission_required = "customers.settings.update", EDIT_SETTINGS

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

    def parameters_of(self, form):
        # The version goes to the service only when it runs now; why, to the request when it waits.
        return {name: value for name, value in form.cleaned_data.items() if name not in ("version", APPROVAL_REASON)}


class TagsEditView(CustomerCommandView):
    command, permission_required = "customers.tags.update", EDIT_SETTINGS

    def get_initial(self):
        return {**super().get_initial(), "tags": list(self.customer.tags.all())}

    def parameters_of(self, form):
        return {"tags": form.cleaned_data["tags"]}
