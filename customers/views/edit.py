"""Editing a profile one section at a time (commands of ``customers.profile_commands``); the form
carries the version it was opened at."""

from __future__ import annotations

from .. import selectors, services
from ..forms import CompanyIdentityForm, PersonIdentityForm
from .commands import CustomerCommandView


class SectionEditView(CustomerCommandView):
    """Edit one section of a profile. The version the form was opened at goes to the service when
    the change is made now; a request waiting for a second person is compared with the customer
    as they were when it was asked instead."""

    def get_initial(self):
        return {"version": self.customer.version}

    def changes(self, form) -> dict:
        raise NotImplementedError

    def perform(self, form):
        self.ask_or_run(
            self.customer,
            self.changes(form),
            form=form,
            customer_id=self.customer.pk,
            now_only={"version": form.cleaned_data["version"]},
        )
        return self.profile_url()


class IdentityEditView(SectionEditView):
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

    def changes(self, form):
        return form.identity()


class ContactsEditView(SectionEditView):
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

    def changes(self, form):
        return {"contacts": form.contacts()}


class AddressesEditView(SectionEditView):
    def get_initial(self):
        initial = super().get_initial()
        for address in self.customer.addresses.all():
            if address.kind == "shipping":
                initial["shipping_same_as_legal"] = address.same_as_legal
            for name in ("line1", "line2", "postcode", "city", "region"):
                initial[f"{address.kind}_{name}"] = getattr(address, name)
            initial[f"{address.kind}_country"] = str(address.country or "")
        return initial

    def changes(self, form):
        return {"addresses": form.addresses()}


class SettingsEditView(SectionEditView):
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

    def changes(self, form):
        return {name: value for name, value in form.cleaned_data.items() if name != "version"}


class TagsEditView(SectionEditView):
    def get_initial(self):
        return {**super().get_initial(), "tags": list(self.customer.tags.all())}

    def changes(self, form):
        return {"tags": form.cleaned_data["tags"]}
