"""``/work/``: what is due, who has it, what is late (issue 19); "Take next"."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views import View

from backoffice.access import AccessMixin, signed_in_staff
from backoffice.views.generic import FilteredListView

from . import services
from .choices import PENDING_STATUSES, WorkKind
from .filtersets import WorkItemFilterSet
from .selectors import work_visible_to
from .tables import WorkItemTable

BROWSE = "customers.browse_customers"  # every role has work of some kind


class WorkListView(FilteredListView):
    permission_required = BROWSE
    title = "Work"
    template_name = "work/list.html"
    table_class = WorkItemTable
    filterset_class = WorkItemFilterSet
    export_stem = "work"
    export_action = "work.exported"

    def get_queryset(self):
        items = work_visible_to(signed_in_staff(self.request))
        if not self.request.GET.get("status"):  # by default, what is still to do
            items = items.filter(status__in=PENDING_STATUSES)
        return items

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=WorkKind.choices, **kwargs)


class TakeNextView(AccessMixin, View):
    """POST: the oldest-due unassigned item the staff member may do (of the kind chosen) becomes
    theirs, and its page opens; nothing left: back to the list, saying so."""

    permission_required = BROWSE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind", "")
        if kind and kind not in WorkKind.values:
            kind = ""
        item = services.take_next(actor=signed_in_staff(request), kind=kind)
        if item is None:
            messages.info(request, "Nothing left to take: every item you may do has someone, or none is open.")
            return redirect("work-list")
        messages.success(
            request, f"{item.get_kind_display()}: {item.title} is yours. Due {item.due_at:%Y-%m-%d %H:%M}."
        )
        return redirect(item.url or "work-list")
