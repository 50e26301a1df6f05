"""The global audit log, for compliance officers and administrators."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.views.generic import TemplateView

from ..access import AccessMixin, signed_in_staff
from ..audit_labels import action_label
from ..filtersets import AuditFilterSet
from ..formatting import format_datetime
from ..selectors import audit_entries_visible_to, changes_in_words, readable_reason
from ..tables import AuditTable
from .generic import FilteredListView

VIEW_AUDIT_LOG = "backoffice.view_audit_log"


class AuditListView(FilteredListView):
    help_page = "audit-log"
    permission_required = VIEW_AUDIT_LOG
    title = "Audit log"
    table_class = AuditTable
    filterset_class = AuditFilterSet
    export_stem = "audit-log"
    export_action = "audit.exported"

    def get_queryset(self):
        return audit_entries_visible_to(signed_in_staff(self.request))

    def get_table_kwargs(self):
        return {"viewer": signed_in_staff(self.request)}


class AuditDetailView(AccessMixin, TemplateView):
    help_page = "audit-log"
    permission_required = VIEW_AUDIT_LOG
    template_name = "backoffice/audit/detail.html"

    def load_objects(self):
        self.entry = get_object_or_404(audit_entries_visible_to(signed_in_staff(self.request)), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, entry = signed_in_staff(self.request), self.entry
        target = f"{entry.target_repr} ({entry.target_type} #{entry.target_id})" if entry.target_type else None
        fields = [
            ("When", format_datetime(entry.occurred_at, seconds=True)),
            ("Who", entry.actor_label),
            (
                "Action",
                format_html(
                    '{} <span class="small text-body-secondary font-monospace">{}</span>',
                    action_label(entry.action),
                    entry.action,
                ),
            ),
            ("Customer", entry.customer_id),
            ("Object", target),
            ("Reason", readable_reason(entry, user) or None),
            ("Request id", entry.request_id or None),
            ("IP address", entry.ip_address),
        ]
        return super().get_context_data(
            title=f"Audit entry {entry.pk}",
            back_url=reverse("audit-list"),
            back_label="Audit log",
            fields=fields,
            changes=changes_in_words(entry, user),
            **kwargs,
        )
