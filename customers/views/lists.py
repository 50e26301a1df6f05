"""The customer lists: all customers (T), persons and companies (C), onboarding (T)."""

from __future__ import annotations

from django.urls import reverse

from backoffice.prepared import unfiltered
from backoffice.views.generic import FilteredListView

from .. import selectors
from ..choices import COMPANY_KINDS, Kind
from ..filtersets import CompanyFilterSet, CustomerFilterSet, OnboardingFilterSet, PersonFilterSet
from ..tables import CustomerTable
from .permissions import BROWSE, CREATE

CUSTOMER_LISTS = (
    ("customer-list", "All customers"),
    ("customer-persons", "Persons"),
    ("customer-companies", "Companies"),
    ("customer-onboarding", "Onboarding"),
)


class CustomerListView(FilteredListView):
    """T "All Users": type, date range and status."""

    help_page = "customers"
    permission_required = BROWSE
    template_name = "customers/list.html"
    title = "All customers"
    table_class = CustomerTable
    filterset_class = CustomerFilterSet
    export_stem = "customers"
    export_action = "customers.exported"
    kinds = None
    create = None  # (url name, label)
    also_create = None  # a second way to create one, beside it
    hidden_columns = ()

    def get_queryset(self):
        return selectors.customer_rows(self.request.user, kinds=self.kinds)

    def get_table_kwargs(self):
        return {"viewer": self.request.user, "exclude": self.hidden_columns}

    def first_page_key(self):
        """The rows are the list's kinds of customer within the viewer's scope: while that scope
        is every customer, they depend on nothing else."""
        return ("every customer",) if unfiltered(selectors.customers_visible_to(self.request.user)) else None

    def get_context_data(self, **kwargs):
        context = {"customer_lists": CUSTOMER_LISTS}
        if self.create and self.request.user.has_perm(CREATE):
            context |= {"create_url": reverse(self.create[0]), "create_label": self.create[1]}
            if self.also_create:
                context |= {"also_create_url": reverse(self.also_create[0]), "also_create_label": self.also_create[1]}
        return super().get_context_data(**context, **kwargs)


class PersonListView(CustomerListView):
    help_page = "persons"
    title = "Persons"
    filterset_class = PersonFilterSet
    export_stem = "persons"
    kinds = (Kind.PERSON,)
    create = ("customer-person-create", "New person")
    also_create = ("customer-prospect-create", "New prospect")
    hidden_columns = ("kind", "status")  # C's columns; the lifecycle is on All customers
    default_columns = ("id", "name", "emails", "verification_status", "state", "created_at", "actions")


class CompanyListView(CustomerListView):
    help_page = "companies"
    title = "Companies"
    filterset_class = CompanyFilterSet
    export_stem = "companies"
    kinds = COMPANY_KINDS
    create = ("customer-company-create", "New company")
    hidden_columns = ("status",)
    # The type ("Business" for most) and the id are offered in "Columns": with the bulk actions'
    # tick boxes, the defaults fit 1280 px with a sidebar (a company is found by its name).
    default_columns = ("name", "emails", "verification_status", "state", "created_at", "actions")


class OnboardingListView(CustomerListView):
    """T "Onboarding Users", S "Prospect": those who did not click the activation link or were
    created by staff with no details yet (``services.prospects``), or, filtered, the others."""

    help_page = "onboarding"
    title = "Onboarding"
    create = ("customer-prospect-create", "New prospect")
    filterset_class = OnboardingFilterSet
    export_stem = "onboarding"
    default_columns = ("id", "name", "emails", "status", "created_at", "actions")
