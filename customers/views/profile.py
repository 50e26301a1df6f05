"""The profile and its tabs (the tab is in the path; htmx loads it in place)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.generic import TemplateView

from backoffice.access import AccessMixin
from backoffice.selectors import audit_entries_visible_to, readable_changes, readable_reason
from backoffice.tabs import profile_tabs

from .. import selectors
from ..masking import masked_birth_date, masked_last4, sees_full_pii
from .permissions import BROWSE, EDIT_CONTACTS, EDIT_PROFILE, EDIT_SETTINGS


class CustomerMixin(AccessMixin):
    """A page about one customer (404 when out of the viewer's scope)."""

    permission_required = BROWSE

    def load_objects(self):
        self.customer = selectors.customer_for_profile(self.request.user, self.kwargs["pk"])

    def profile_url(self, tab: str = "") -> str:
        if tab:
            return reverse("customer-tab", args=[self.customer.pk, tab])
        return reverse("customer-profile", args=[self.customer.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(customer=self.customer, **kwargs)


class ProfileView(CustomerMixin, TemplateView):
    """The profile with its tabs; the tab is in the path and loads alone for htmx."""

    template_name = "customers/profile.html"

    def load_objects(self):
        super().load_objects()
        self.tab = profile_tabs.visible_tab(self.kwargs.get("tab", "profile"), self.request.user)
        if self.tab is None:
            raise Http404("No such tab.")

    def get(self, request, *args, **kwargs):
        content = self.tab.resolve_view()(request, customer=self.customer)
        content.render()
        if request.htmx and request.htmx.target == "profile-tab":
            self.template_name = "customers/_profile_tab.html"
        context = self.get_context_data(
            title=str(self.customer),
            tabs=[
                (
                    tab,
                    self.profile_url("" if tab.key == "profile" else tab.key),
                    tab.badge_for(self.customer, request.user),
                )
                for tab in profile_tabs.visible_to(request.user)
            ],
            current_tab=self.tab,
            tab_content=content.rendered_content,
        )
        response = self.render_to_response(context)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response


class ProfileTabView(TemplateView):
    """A tab's content, rendered for ``customer`` (the board checked access already)."""

    def get(self, request, *args, customer, **kwargs):
        self.customer = customer
        return self.render_to_response(self.get_context_data(customer=customer, **kwargs))


class ProfileSummaryTab(ProfileTabView):
    template_name = "customers/tabs/profile.html"

    def get_context_data(self, **kwargs):
        user, customer = self.request.user, self.customer
        details = selectors.profile_details(customer)
        return super().get_context_data(
            details=details,
            birth_date=masked_birth_date(customer.birth_date, user),
            national_id=masked_last4(customer.national_id_last4),
            full_pii=sees_full_pii(user),
            sees_confidential=selectors.sees_confidential(user),
            can_edit_profile=user.has_perm(EDIT_PROFILE),
            can_edit_contacts=user.has_perm(EDIT_CONTACTS),
            can_edit_settings=user.has_perm(EDIT_SETTINGS),
            **kwargs,
        )


class HistoryTab(ProfileTabView):
    """This customer's audit entries, with confidential values masked for those who may not see them."""

    template_name = "customers/tabs/history.html"
    limit = 100

    def get_context_data(self, **kwargs):
        user = self.request.user
        entries = list(
            audit_entries_visible_to(user)
            .filter(customer_id=self.customer.pk)
            .order_by("-occurred_at", "-pk")[: self.limit]
        )
        rows = [(entry, readable_changes(entry, user), readable_reason(entry, user)) for entry in entries]
        return super().get_context_data(rows=rows, limit=self.limit, **kwargs)
