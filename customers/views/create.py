"""Creating persons and companies."""

from __future__ import annotations

from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.views.generic import ServiceFormView

from .. import selectors, services
from ..forms import (
    CompanyCreateForm,
    PersonCreateForm,
)
from .permissions import CREATE


class PersonCreateView(ServiceFormView):
    permission_required = CREATE
    form_class = PersonCreateForm
    template_name = "customers/form.html"
    title = "New person"
    submit_label = "Create the person"

    def get_cancel_url(self):
        return reverse("customer-persons")

    def perform(self, form):
        data = form.cleaned_data
        customer = services.create_person(
            actor=self.request.user,
            identity=form.identity(),
            contacts=form.contacts(),
            addresses=services.Addresses(legal=form.address_data("legal")),
            customer_type=data.get("customer_type"),
            price_list=data.get("price_list"),
            default_currency=data["default_currency"],
            tags=data.get("tags") or [],
        )
        self.success_message = f"{customer} was created with the public id {customer.public_id}."
        return reverse("customer-profile", args=[customer.pk])


class CompanyCreateView(ServiceFormView):
    permission_required = CREATE
    form_class = CompanyCreateForm
    template_name = "customers/form.html"
    title = "New company"
    submit_label = "Create the company"

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "find_person": lambda ref: selectors.customer_by_reference(user, ref, persons_only=True),
        }

    def get_cancel_url(self):
        return reverse("customer-companies")

    def perform(self, form):
        try:
            return self._create(form)
        except DomainError as error:
            # The representative's link is checked by the relationship rules ("related").
            field = "representative" if error.field == "related" else error.field
            raise DomainError(error.message, field=field) from error

    def _create(self, form):
        data = form.cleaned_data
        customer = services.create_company(
            actor=self.request.user,
            kind=data["kind"],
            identity=form.identity(),
            contacts=form.contacts(),
            addresses=services.Addresses(legal=form.address_data("legal")),
            representative=data["representative"],
            representative_kind=data["representative_kind"],
            ownership_percent=data.get("ownership_percent"),
            customer_type=data.get("customer_type"),
            price_list=data.get("price_list"),
            default_currency=data["default_currency"],
            tags=data.get("tags") or [],
        )
        self.success_message = f"{customer} was created with the public id {customer.public_id}."
        return reverse("customer-profile", args=[customer.pk])
