"""The home page: where to go next, and what the staff member did lately."""

from django.views.generic import TemplateView

from ..access import ANY_STAFF, AccessMixin, signed_in_staff
from ..dashboard import panels_for
from ..second_factor import confirmed_device
from ..selectors import audit_entries_visible_to


class DashboardView(AccessMixin, TemplateView):
    permission_required = ANY_STAFF
    template_name = "backoffice/dashboard.html"

    def get_context_data(self, **kwargs):
        user = signed_in_staff(self.request)
        return super().get_context_data(
            title="Dashboard",
            has_second_factor=confirmed_device(user) is not None,
            recent_entries=audit_entries_visible_to(user).filter(actor=user)[:8],
            panels=panels_for(user),
            **kwargs,
        )
