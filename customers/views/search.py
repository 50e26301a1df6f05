"""The omnibox and the suggestions of a customer field."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.generic import TemplateView

from backoffice.access import AccessMixin

from .. import selectors
from ..search import clean_query
from ..search_holdings import lookup_refusal
from .permissions import BROWSE

SUGGESTIONS = 8  # what the omnibox lists as the agent types; the results page has them all


class SearchView(AccessMixin, TemplateView):
    """One field for id, public id, user tag, email, phone and names; exactly one match opens it."""

    permission_required = BROWSE
    template_name = "customers/search.html"

    def get(self, request, *args, **kwargs):
        query = clean_query(request.GET.get("q", ""))
        if request.htmx and request.GET.get("suggest"):
            return self.suggestions(query)
        results = selectors.find_customers(request.user, query) if query and self.may_look_up(query) else None
        if results is not None and results.only is not None:
            return redirect("customer-profile", pk=results.only.pk)
        return self.render_to_response(self.get_context_data(query=query, results=results, title="Find a customer"))

    def may_look_up(self, query: str) -> bool:
        """A whole IBAN looked up by a masked viewer: audited, and refused past a number an hour."""
        refusal = lookup_refusal(self.request.user, query, where="search")
        if refusal is not None:
            messages.error(self.request, refusal)
        return refusal is None

    def suggestions(self, query: str):
        """The omnibox's list as the agent types: the first few matches, never a redirect."""
        query = query[:100]
        refusal = lookup_refusal(self.request.user, query, where="suggestions") if len(query) >= 2 else None
        wanted = len(query) >= 2 and refusal is None
        results = selectors.find_customers(self.request.user, query, limit=SUGGESTIONS) if wanted else None
        context = {"query": query if results is not None else "", "results": results, "refusal": refusal}
        return TemplateResponse(self.request, "customers/_omnibox_suggestions.html", context)


class PersonLookupView(AccessMixin, TemplateView):
    """Suggestions for a customer field (``<datalist>`` options), from the omnibox's search."""

    permission_required = BROWSE
    template_name = "customers/_lookup_options.html"

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("representative") or self.request.GET.get("related") or "")[:100]
        wanted = len(query) >= 2 and lookup_refusal(self.request.user, query, where="lookup") is None
        found = selectors.find_customers(self.request.user, query, limit=10) if wanted else None
        customers = [result.customer for _, group in (found.groups if found else []) for result in group]
        if not self.request.GET.get("any"):
            customers = [customer for customer in customers if customer.is_person]
        return super().get_context_data(customers=customers, **kwargs)
