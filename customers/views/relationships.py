"""Linking customers to one another, and removing a link."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from backoffice.forms import ReasonForm
from backoffice.views.generic import ConfirmView, ServiceFormView

from .. import selectors, services
from ..choices import COMPANY_RELATIONSHIPS, PERSON_RELATIONSHIPS
from ..forms import (
    RelationshipForm,
)
from ..models import Relationship
from .commands import OpenCustomerOnly
from .permissions import EDIT_PROFILE
from .profile import CustomerMixin


class RelationshipAddView(OpenCustomerOnly, CustomerMixin, ServiceFormView):
    permission_required = EDIT_PROFILE
    form_class = RelationshipForm
    template_name = "customers/form.html"
    submit_label = "Add the link"
    success_message = "The link was added."

    def get_title(self):
        return f"Link a customer to {self.customer}"

    def get_cancel_url(self):
        return self.profile_url("relationships")

    def get_form_kwargs(self):
        user = self.request.user
        kinds = COMPANY_RELATIONSHIPS if self.customer.is_company else PERSON_RELATIONSHIPS
        return {
            **super().get_form_kwargs(),
            "kinds": kinds,
            "find_customer": lambda reference: selectors.customer_by_reference(user, reference),
        }

    def perform(self, form):
        services.add_relationship(actor=self.request.user, customer=self.customer, **form.cleaned_data)
        return self.profile_url("relationships")


class RelationshipRemoveView(OpenCustomerOnly, CustomerMixin, ConfirmView):
    permission_required = EDIT_PROFILE
    form_class = ReasonForm
    submit_label = "Remove the link"
    success_message = "The link was removed."

    def load_objects(self):
        super().load_objects()
        self.relationship = get_object_or_404(
            Relationship.objects.select_related("related"), pk=self.kwargs["relationship"], customer=self.customer
        )

    def get_title(self):
        return f"Remove a link of {self.customer}"

    def get_cancel_url(self):
        return self.profile_url("relationships")

    def get_effect(self):
        relationship = self.relationship
        return (
            f"{relationship.related} will no longer be listed as {relationship.get_kind_display().lower()} of "
            f"{self.customer}. The audit log keeps the link's history."
        )

    def perform(self, form):
        services.remove_relationship(
            actor=self.request.user, relationship=self.relationship, reason=form.cleaned_data["reason"]
        )
        return self.profile_url("relationships")
