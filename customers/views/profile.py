"""The profile and its tabs (the tab is in the path; htmx loads it in place)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from backoffice import board
from backoffice.access import AccessMixin
from backoffice.markup import url_maker
from backoffice.selectors import customer_history, pending_approvals_about
from backoffice.tabs import profile_counters, profile_tabs

from .. import selectors
from ..masking import masked_birth_date, masked_last4, sees_full_pii
from ..panel_switches import sca_devices_on_profile_tab
from ..selectors import holdings
from ..services.password_resets import limit_message, reset_refusal
from ..services.prospects import missing_sentence
from .permissions import BROWSE, EDIT_CONTACTS, EDIT_PROFILE, EDIT_SETTINGS, SEND_PASSWORD_RESET


class CustomerMixin(AccessMixin):
    """A page about one customer (404 when out of the viewer's scope)."""

    permission_required = BROWSE

    def load_objects(self):
        self.customer = selectors.customer_for_profile(self.request.user, self.kwargs["pk"])

    def profile_url(self, tab: str = "") -> str:
        """The profile's URL, or its tab ``tab``'s (routes reversed once: a profile draws a link
        to every tab and counter)."""
        if tab and tab != "profile":
            return url_maker("customer-tab", tab)(self.customer.pk)
        return url_maker("customer-profile")(self.customer.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(customer=self.customer, **kwargs)


class ProfileView(CustomerMixin, TemplateView):
    """The profile with its tabs; the tab is in the path and loads alone for htmx."""

    help_page = "profile"
    template_name = "customers/profile.html"

    def load_objects(self):
        # The customer alone (the Profile tab reads the related rows it shows with its own
        # reads) and, on a whole page, the toolbar's counts with it.
        user, pk = self.request.user, self.kwargs["pk"]
        partial = self.request.htmx and self.request.htmx.target == "profile-tab"
        counters = [] if partial else profile_counters.visible_to(user)
        summary = self.kwargs.get("tab", "profile") == "profile"
        self.customer, self.counts = selectors.profile_reads(user, pk, counters, summary=summary)
        board.show(self.request, self.customer)
        self.tab = profile_tabs.visible_tab(self.kwargs.get("tab", "profile"), self.request.user)
        if self.tab is None:
            raise Http404("No such tab.")

    def get(self, request, *args, **kwargs):
        if board.remember(request, self.customer.pk, "" if self.tab.key == "profile" else self.tab.key):
            messages.info(request, f"The profile opened first left the board: it holds {board.MAX_OPEN} at most.")
        content = self.tab.resolve_view()(request, customer=self.customer)
        if not hasattr(content, "render"):
            return content  # a tab may answer with a redirect
        partial = request.htmx and request.htmx.target == "profile-tab"
        if partial:
            self.template_name = "customers/_profile_tab.html"
        context = self.get_context_data(
            toolbar=[] if partial else self.toolbar(),
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
            tab_content=content.rendered_content,  # renders the tab, once
        )
        response = self.render_to_response(context)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response

    def toolbar(self) -> list[tuple]:
        """C's top toolbar: ``(counter, count, url)``, every count in one query."""
        counters = profile_counters.visible_to(self.request.user)
        counts = self.counts or holdings.toolbar_counts(self.customer, counters, self.request.user)
        return [
            (counter, counts[counter.key], self.counter_url(counter))
            for counter in counters
            if counter.shows_for(self.customer)  # a person's Companies, a company's Company staff
        ]

    def counter_url(self, counter) -> str:
        if counter.page:  # a list of its own, filtered to the customer
            return f"{reverse(counter.page)}?customer={self.customer.pk}"
        return self.profile_url(counter.tab) + (f"#{counter.anchor}" if counter.anchor else "")


class CloseProfileView(AccessMixin, View):
    """× on the board's strip: the profile leaves the board; if it was the page on screen, the
    next open profile shows (or the customer list when none is left)."""

    permission_required = BROWSE
    http_method_names = ["post"]

    def post(self, request, pk):
        following = board.forget(request, pk)
        current = request.POST.get("current", "")
        safe = url_has_allowed_host_and_scheme(current, allowed_hosts={request.get_host()})
        closed_prefix = reverse("customer-profile", args=[pk])
        if safe and current and not urlsplit(current).path.startswith(closed_prefix):
            return redirect(current)
        if following is not None:
            pk, tab = following
            return redirect(reverse("customer-tab", args=[pk, tab]) if tab else reverse("customer-profile", args=[pk]))
        return redirect("customer-list")


class ProfileTabView(TemplateView):
    """A tab's content, rendered for ``customer`` (the board checked access already)."""

    def get(self, request, *args, customer, **kwargs):
        self.customer = customer
        return self.render_to_response(self.get_context_data(customer=customer, **kwargs))

    def pending_requests(self, tab: str) -> list:
        """The four-eyes requests waiting about this customer that belong to ``tab`` (a banner)."""
        return pending_approvals_about(self.request.user, self.customer.pk, tab)

    def may(self, permission: str) -> bool:
        """Whether the tab offers a command that needs ``permission``: never on a deactivated
        customer (T: irreversible), whose profile is only read."""
        return not self.customer.is_deactivated and self.request.user.has_perm(permission)


class ProfileSummaryTab(ProfileTabView):
    template_name = "customers/tabs/profile.html"

    def get_context_data(self, **kwargs):
        user, customer = self.request.user, self.customer
        details, resets, money = selectors.profile_summary(customer)
        pending = self.pending_requests("profile")
        return super().get_context_data(
            **self.sca_section(),
            pending_requests=pending,
            pre_approval_waiting=any(row.command.startswith("customers.transfer_pre_approval") for row, _ in pending),
            details=details,
            last_reset=resets[0] if resets else None,
            reset_refusal=reset_refusal(customer) or limit_message(selectors.password_reset_allowed_at(resets)),
            can_send_reset=self.may(SEND_PASSWORD_RESET),
            money=money,
            birth_date=masked_birth_date(customer.birth_date, user),
            national_id=masked_last4(customer.national_id_last4),
            full_pii=sees_full_pii(user),
            sees_confidential=selectors.sees_confidential(user),
            can_edit_profile=self.may(EDIT_PROFILE),
            can_edit_contacts=self.may(EDIT_CONTACTS),
            can_edit_settings=self.may(EDIT_SETTINGS),
            prospect_missing=missing_sentence(customer) if customer.is_prospect else "",
            **kwargs,
        )

    def sca_section(self) -> dict:
        """The SCA devices, when a panel setting shows them here rather than on their own tab."""
        if not sca_devices_on_profile_tab():
            return {}
        from .tabs import sca_devices_context  # the tabs module imports this one

        url = url_maker("customer-profile")(self.customer.pk)
        return {"sca_section": True, **sca_devices_context(self.request, self.customer, url)}


class HistoryTab(ProfileTabView):
    """This customer's audit entries, with confidential values masked for those who may not see them."""

    template_name = "customers/tabs/history.html"
    limit = 100

    def get_context_data(self, **kwargs):
        rows = customer_history(self.request.user, self.customer.pk, limit=self.limit)
        return super().get_context_data(rows=rows, limit=self.limit, **kwargs)
