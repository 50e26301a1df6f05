"""``/views/``: the saved views one may open (one's own, and those shared with one's roles), each
opening its list with its filters, sort and columns; one's own deleted here (issue 21)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, resolve, reverse
from django.views import View
from django.views.generic import TemplateView

from ..access import ANY_STAFF, AccessMixin, signed_in_staff
from ..errors import DomainError
from ..selectors import saved_views_visible_to
from ..services.saved_views import delete_view


def _list_of(table: str) -> tuple[str, str] | None:
    """The list a view opens: its URL and its title (None for a list that no longer exists)."""
    try:
        url = reverse(table)
    except NoReverseMatch:
        return None
    view_class = getattr(resolve(url).func, "view_class", None)
    return url, str(getattr(view_class, "title", "") or table)


class SavedViewListView(AccessMixin, TemplateView):
    help_page = "saved-views"
    permission_required = ANY_STAFF
    template_name = "backoffice/saved_views.html"

    def get_context_data(self, **kwargs):
        user = signed_in_staff(self.request)
        rows = []
        for view in saved_views_visible_to(user):
            found = _list_of(view.table)
            if found is None:
                continue
            url, title = found
            opened = f"{url}?{view.query}&view={view.pk}" if view.query else f"{url}?view={view.pk}"
            rows.append((view, title, opened, view.owner_id == user.pk))
        return super().get_context_data(title="Saved views", rows=rows, **kwargs)


class SavedViewDeleteView(AccessMixin, View):
    permission_required = ANY_STAFF
    http_method_names = ["post"]

    def post(self, request, pk: int):
        user = signed_in_staff(request)
        view = get_object_or_404(saved_views_visible_to(user), pk=pk)
        try:
            delete_view(actor=user, view=view)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"The view “{view.name}” is deleted.")
        return redirect("saved-views")
