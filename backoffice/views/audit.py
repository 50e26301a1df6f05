"""The global audit log, for compliance officers and administrators."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from ..access import AccessMixin
from ..filtersets import AuditFilterSet
from ..selectors import audit_entries_visible_to, readable_changes, readable_reason
from ..tables import AuditTable
from .generic import FilteredListView

VIEW_AUDIT_LOG = "backoffice.view_audit_log"


class AuditListView(FilteredListView):
    permission_required = VIEW_AUDIT_LOG
    title = "Audit log"
    table_class = AuditTable
    filterset_class = AuditFilterSet
    export_stem = "audit-log"
    export_action = "audit.exported"

    def get_queryset(self):
        return audit_entries_visible_to(self.request.user)

    def get_table_kwargs(self):
        return {"viewer": self.request.user}


class AuditDetailView(AccessMixin, TemplateView):
    permission_required = VIEW_AUDIT_LOG
    template_name = "backoffice/audit/detail.html"

    def load_objects(self):
        self.entry = get_object_or_404(audit_entries_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            title=f"Audit entry {self.entry.pk}",
            entry=self.entry,
            changes=readable_changes(self.entry, user),
            reason=readable_reason(self.entry, user),
            **kwargs,
        )
