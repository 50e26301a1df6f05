"""The omnibox and the suggestions of a customer field."""

from __future__ import annotations

from django.shortcuts import redirect
from django.views.generic import TemplateView

from backoffice.access import AccessMixin

from .. import selectors
from ..search import clean_query
from .permissions import BROWSE


class SearchView(AccessMixin, TemplateView):
    """One field for id, public id, user tag, email, phone and names; exactly one match opens it."""

    permission_required = BROWSE
    template_name = "customers/search.html"

    def get(self, request, *args, **kwargs):
        query = clean_query(request.GET.get("q", ""))
        results = selectors.find_customers(request.user, query) if query else None
        if results is not None and results.only is not None:
            return redirect("customer-profile", pk=results.only.pk)
        return self.render_to_response(self.get_context_data(query=query, results=results, title="Find a customer"))


class PersonLookupView(AccessMixin, TemplateView):
    """Suggestions for a customer field (``<datalist>`` options), from the omnibox's search."""

    permission_required = BROWSE
    template_name = "customers/_lookup_options.html"

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("representative") or self.request.GET.get("related") or "")[:100]
        found = selectors.find_customers(self.request.user, query, limit=10) if len(query) >= 2 else None
        customers = [result.customer for _, group in (found.groups if found else []) for result in group]
        if not self.request.GET.get("any"):
            customers = [customer for customer in customers if customer.is_person]
        return super().get_context_data(customers=customers, **kwargs)
