"""Linking customers to one another (a command of ``customers.profile_commands``; removing a
link is a generated command page)."""

from __future__ import annotations

from .. import selectors
from ..choices import COMPANY_RELATIONSHIPS, PERSON_RELATIONSHIPS
from .commands import CustomerCommandView
from .permissions import EDIT_PROFILE


class RelationshipAddView(CustomerCommandView):
    command, permission_required = "customers.relationship.add", EDIT_PROFILE

    def get_title(self):
        return f"Link a customer to {self.customer}"

    def get_form_kwargs(self):
        user = self.request.user
        kinds = COMPANY_RELATIONSHIPS if self.customer.is_company else PERSON_RELATIONSHIPS
        return {
            **super().get_form_kwargs(),
            "kinds": kinds,
            "find_customer": lambda reference: selectors.customer_by_reference(user, reference),
        }

    def parameters_of(self, form):
        return dict(form.cleaned_data)
