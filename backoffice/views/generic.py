"""The generic views every app's lists and forms are made of.

``FilteredListView`` does filter + sort + paginate + htmx partial + CSV/XLSX export; a list is
then a permission, a title, a table, a filterset and a selector::

    class StaffListView(FilteredListView):
        permission_required = "backoffice.manage_staff"
        title = "Staff"
        table_class = StaffTable
        filterset_class = StaffFilterSet

        def get_queryset(self):
            return staff_members_visible_to(self.request.user)
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView
from django_tables2 import RequestConfig

from .. import audit, exports
from ..access import AccessMixin
from ..errors import DomainError
from ..pagination import page_number_from, paginate

RESULTS_TARGET = "list-results"


class FilteredListView(AccessMixin, TemplateView):
    template_name = "generic/list.html"
    results_template_name = "generic/_list_results.html"
    title = ""
    table_class = None
    filterset_class = None
    export_stem = "export"
    # The audit action an export writes; a list without one offers no export.
    export_action = ""

    def get_queryset(self):
        raise NotImplementedError("A list reads its rows through a selector.")

    def get_table_kwargs(self):
        return {}

    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        queryset = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        table = self.table_class(queryset, **self.get_table_kwargs())
        RequestConfig(request, paginate=False).configure(table)
        ordered = table.data.data
        ordering = list(ordered.query.order_by) or list(ordered.model._meta.ordering)
        ordered = ordered.order_by(*ordering, "-pk")  # a stable order, so pages do not overlap
        query = self._query_without("page", "export")

        export_format = request.GET.get("export")
        if export_format in exports.FORMATS and self.export_action:
            return self.export(table, ordered, export_format, query)

        page = paginate(ordered, page_number=page_number_from(request))
        context = self.get_context_data(
            filterset=filterset,
            table=table,
            page=page,
            headers=table.header_cells(self._query_without("page", "export", table._meta.order_by_field)),
            rows=table.rendered_rows(page.object_list),
            query=query,
            is_filtered=any(value for key, value in query.items() if key != table._meta.order_by_field),
            results_target=RESULTS_TARGET,
            export_formats=exports.FORMATS if self.export_action else (),
        )
        if request.htmx and request.htmx.target == RESULTS_TARGET:
            return self.response_class(request, self.results_template_name, context)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def _query_without(self, *names) -> dict[str, list[str]]:
        return {key: values for key, values in self.request.GET.lists() if key not in names and any(values)}

    def export(self, table, queryset, fmt, query):
        limit = settings.LIST_EXPORT_MAX_ROWS
        with transaction.atomic():
            audit.record(
                action=self.export_action,
                actor=self.request.user,
                changes={"format": [None, fmt], "filters": [None, query]},
            )
        rows = table.export_rows(queryset[:limit].iterator(chunk_size=2000))
        name = exports.filename(self.export_stem, fmt)
        if fmt == "csv":
            return exports.csv_response(table.export_header(), rows, name=name)
        return exports.xlsx_response(table.export_header(), rows, name=name, sheet=self.title)


class ServiceFormView(AccessMixin, FormView):
    """A form whose valid data goes to one service call. A ``DomainError`` from the service is
    shown next to its field (or above the form) and nothing is saved."""

    template_name = "generic/form.html"
    title = ""
    submit_label = "Save"
    cancel_url = None
    success_message = ""

    def perform(self, form):
        """Call the service; return the URL to go to next."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            next_url = self.perform(form)
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(next_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.get_title(), submit_label=self.submit_label, cancel_url=self.get_cancel_url(), **kwargs
        )

    def get_title(self):
        return self.title

    def get_cancel_url(self):
        return self.cancel_url


class ConfirmView(ServiceFormView):
    """A destructive or confidential action: a page that restates its effect, then one button."""

    template_name = "generic/confirm.html"
    effect = ""
    danger = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(effect=self.get_effect(), danger=self.danger, **kwargs)

    def get_effect(self):
        return self.effect
