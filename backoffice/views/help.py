"""``/help/``: the panel's help pages (``backoffice.help``). Every staff member reads the pages of
the screens they may open (another's is "no such page"): a support agent never reads how freezes
work."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from .. import help as panel_help
from ..access import ANY_STAFF, AccessMixin


class HelpIndexView(AccessMixin, TemplateView):
    permission_required = ANY_STAFF
    template_name = "backoffice/help/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Help", sections=panel_help.sections(self.request.user), **kwargs)


class HelpPageView(AccessMixin, TemplateView):
    permission_required = ANY_STAFF
    template_name = "backoffice/help/page.html"

    def load_objects(self):
        page = panel_help.help_page(self.kwargs["slug"])
        if page is None or not panel_help.may_read(self.request.user, page.slug):
            raise Http404("No such help page.")
        self.page: panel_help.HelpPage = page

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.page.title, page=self.page, **kwargs)
