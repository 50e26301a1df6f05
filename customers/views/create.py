"""Creating persons and companies (commands of ``customers.profile_commands``, always at once)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.urls import reverse

from backoffice.access import signed_in_staff
from backoffice.errors import DomainError
from backoffice.views.commands import DeclaredCommand
from backoffice.views.generic import ServiceFormView

from .. import selectors, services
from ..creation import creation_sections
from .permissions import CREATE, EDIT_SETTINGS


class CustomerCreateView(DeclaredCommand, ServiceFormView):
    template_name = "customers/form.html"
    list_url = ""

    def get_title(self):
        return self.declared.label

    def get_cancel_url(self):
        return reverse(self.list_url)

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "sections": creation_sections.for_user(user),
            "may_set_settings": user.has_perm(EDIT_SETTINGS),
        }

    def parameters(self, form) -> dict:
        data = form.cleaned_data
        return {
            "identity": form.identity(),
            "contacts": form.contacts(),
            "addresses": services.Addresses(legal=form.address_data("legal")),
            "customer_type": data.get("customer_type"),
            "price_list": data.get("price_list"),
            "default_currency": data["default_currency"],
            "tags": data.get("tags") or [],
            "access_roles": data.get("access_roles") or [],
            "access_groups": data.get("access_groups") or [],
        }

    def perform(self, form):
        """The customer, then each other app's section through its own commands, all or nothing."""
        with transaction.atomic():
            customer = self.ask_or_run(None, self.parameters(form), form=form)
            waiting = [
                said
                for section in form.sections
                for said in section.apply_to(
                    actor=signed_in_staff(self.request), customer=customer, data=form.cleaned_data
                )
            ]
        self.success_message = f"{customer} was created with the public id {customer.public_id}."
        for said in waiting:
            messages.info(self.request, said)
        return reverse("customer-profile", args=[customer.pk])


class PersonCreateView(CustomerCreateView):
    command, permission_required = "customers.person.create", CREATE
    list_url = "customer-persons"


class ProspectCreateView(CustomerCreateView):
    """S "Prospect": a person with no detail required (``services.prospects``)."""

    command, permission_required = "customers.prospect.create", CREATE
    list_url = "customer-onboarding"

    def get_form_kwargs(self):
        return super(CustomerCreateView, self).get_form_kwargs()  # no settings, limits nor tags yet

    def parameters(self, form) -> dict:
        return {"identity": form.identity(), "contacts": form.contacts()}

    def perform(self, form):
        customer = self.ask_or_run(None, self.parameters(form), form=form)
        self.success_message = f"The prospect {customer} was created with the public id {customer.public_id}."
        return reverse("customer-profile", args=[customer.pk])


class CompanyCreateView(CustomerCreateView):
    command, permission_required = "customers.company.create", CREATE
    list_url = "customer-companies"

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "find_person": lambda ref: selectors.customer_by_reference(user, ref, persons_only=True),
        }

    def parameters(self, form) -> dict:
        data = form.cleaned_data
        return {
            **super().parameters(form),
            "kind": data["kind"],
            "representative": data["representative"],
            "representative_kind": data["representative_kind"],
            "ownership_percent": data.get("ownership_percent"),
        }

    def perform(self, form):
        try:
            return super().perform(form)
        except DomainError as error:
            # The representative's link is checked by the relationship rules ("related").
            field = "representative" if error.field == "related" else error.field
            raise DomainError(error.message, field=field) from error
