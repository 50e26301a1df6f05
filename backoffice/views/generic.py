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

Each staff member chooses the columns of each list ("Columns": a form that POSTs to the list's
own URL, so it needs the list's permission and nothing more); the choice is read in one query
per page and the export writes the same columns.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import Truncator
from django.views.generic import FormView, TemplateView
from django_filters import FilterSet
from django_tables2 import RequestConfig

from .. import audit, exports, jobs
from ..access import AccessMixin, signed_in_staff
from ..bulk import bulk_actions
from ..errors import DomainError
from ..models import TableConfiguration
from ..pagination import Page, bounded_count, page_number_from, paginate
from ..prepared import Prepared
from ..roles import held_roles
from ..selectors import saved_views_visible_to
from ..services.saved_views import save_view
from ..services.tables import configure_table_columns, reset_table_columns
from ..tables import BackofficeTable

RESULTS_TARGET = "list-results"
# One row a staff member and list at most (unique together); compiled once per list.
_SAVED_COLUMNS = Prepared(
    lambda staff, *, table: (
        TableConfiguration.objects.filter(staff_id=staff, table=table).order_by().values_list("columns", flat=True)
    )
)
# Where in the list a page is; every other parameter (filters, sort) is kept by the pager's links.
PAGING_PARAMETERS = ("page", "after", "before", "last", "from")


class FilteredListView(AccessMixin, TemplateView):
    template_name = "generic/list.html"
    results_template_name = "generic/_list_results.html"
    title = ""
    table_class: type[BackofficeTable] | None = None
    filterset_class: type[FilterSet] | None = None
    export_stem = "export"
    # The audit action an export writes; a list without one offers no export.
    export_action = ""
    # The name under which staff members' column choices are kept; the URL name by default.
    columns_key = ""
    # The columns shown by default, when they differ from the table's (its visible columns).
    default_columns: tuple[str, ...] = ()
    # Filters a saved view does not keep (one customer's IBAN: shared views would show it whole).
    unsaved_filters: tuple[str, ...] = ()

    def get_queryset(self):
        raise NotImplementedError("A list reads its rows through a selector.")

    def get_table_kwargs(self):
        return {}

    def export_audit_details(self) -> dict:
        """What the export's audit entry names besides the filters (``customer_id``, ``target``)."""
        return {}

    def filtered(self, request):
        """The filterset, the table, and the rows in the table's order (stable across pages)."""
        if self.table_class is None or self.filterset_class is None:
            raise ImproperlyConfigured(f"{type(self).__name__} names no table_class or no filterset_class.")
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        queryset = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        table = self.table_of(queryset)
        table.choose_columns(self.saved_columns())
        RequestConfig(request, paginate=False).configure(table)
        ordered = table.data.data
        ordering = list(ordered.query.order_by) or list(ordered.model._meta.ordering)
        # The id breaks ties in the direction of the first sort key, so an index on (key, id)
        # serves the sort both ways.
        first = ordering[0] if ordering else "pk"
        tie_breaker = "-pk" if isinstance(first, str) and first.startswith("-") else "pk"
        return filterset, table, ordered.order_by(*ordering, tie_breaker)

    def table_of(self, queryset) -> BackofficeTable:
        """The list's table over ``queryset``, with the list's default columns."""
        assert self.table_class is not None
        table = self.table_class(queryset, **self.get_table_kwargs())
        if self.default_columns:
            table.set_default_columns(self.default_columns)
        return table

    def first_page_key(self) -> tuple | None:
        """What this list's rows, unfiltered, depend on besides the sort, if the list vouches
        that it is nothing else (the viewer's scope, say); None: the ORM compiles each page."""
        return None

    def first_page_name(self) -> tuple | None:
        """The name under which the list's first page, opened without filters (the query string
        holds at most the sort), is compiled once (``backoffice.pagination.first_pages``)."""
        if set(self.request.GET) - {"sort"}:
            return None
        key = self.first_page_key()
        # Every ``sort`` given: django-tables2 sorts by each of them (``?sort=name&sort=-id``), not
        # by the last alone, which ``GET.get`` reads.
        return None if key is None else (type(self), tuple(self.request.GET.getlist("sort")), key)

    def get_columns_key(self) -> str:
        match = self.request.resolver_match
        return self.columns_key or (match.url_name if match else None) or type(self).__name__

    def saved_columns(self) -> list[str] | None:
        """The columns the staff member chose for this list (one prepared query), or None; a saved
        view's when one is opened (``?view=<id>``)."""
        opened = self.opened_view()
        if opened is not None and opened.columns:
            return opened.columns
        return _SAVED_COLUMNS.first(signed_in_staff(self.request).pk, table=self.get_columns_key())

    def opened_view(self):
        """The saved view opened (``?view=<id>``), if it is one of this list's the viewer may open."""
        wanted = self.request.GET.get("view", "")
        if not wanted.isdigit() or len(wanted) > 18:
            return None
        if not hasattr(self, "_opened_view"):
            views = saved_views_visible_to(signed_in_staff(self.request))
            self._opened_view = views.filter(pk=int(wanted), table=self.get_columns_key()).first()
        return self._opened_view

    def savable(self) -> bool:
        """Whether this list can be a saved view: one of its own URL (not one customer's account)."""
        match = self.request.resolver_match
        return match is not None and not match.kwargs

    def save_view(self, request):
        """Save this list's filters, sort and columns under a name (``saved_views``)."""
        if not self.savable():
            return HttpResponseBadRequest("This list is one object's: it cannot be saved as a view.")
        staff = signed_in_staff(request)
        _, table, _ = self.filtered(request)
        try:
            view = save_view(
                actor=staff,
                table=self.get_columns_key(),
                name=request.POST.get("name", ""),
                query=self._query_without(*PAGING_PARAMETERS, "view", *self.unsaved_filters),
                columns=[column.name for column in table.columns if column.visible],
                share_with=request.POST.get("share_with", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            shared = f", shared with every {view.shared_role.lower()}" if view.shared_role else ""
            messages.success(request, f"Saved as “{view.name}”{shared}: open it from Saved views in the menu.")
            left = [name for name in self.unsaved_filters if request.GET.get(name)]
            if left:
                messages.info(
                    request, "A saved view does not keep one account's number or IBAN: the other filters are kept."
                )
        return redirect(request.get_full_path())

    def bulk_menu(self, query: dict[str, list[str]]) -> dict | None:
        """The list's bulk actions the viewer may run (``backoffice.bulk``), and the export of the
        selection; None for a list that offers none (its rows have no tick box)."""
        match = self.request.resolver_match
        list_name = match.url_name if match is not None and not match.kwargs else None
        if not list_name or list_name not in bulk_actions.listed():
            return None
        user = signed_in_staff(self.request)
        items = [(action.label, action.url(), action.icon) for action in bulk_actions.of_list(list_name, user)]
        if self.export_action:
            items.append(("Export the selection", reverse("bulk-export"), "download"))
        if not items:
            return None
        return {"list": list_name, "query": urlencode(query, doseq=True), "actions": items}

    def get(self, request, *args, **kwargs):
        filterset, table, ordered = self.filtered(request)
        query = self._query_without(*PAGING_PARAMETERS)
        number, problem = page_number_from(request)
        page = paginate(
            ordered,
            page_number=number,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            last=request.GET.get("last") == "1",
            jump=request.GET.get("from", ""),
            same_as=self.first_page_name(),
        )
        if problem:
            page.notices.insert(0, problem)
        bulk = self.bulk_menu(query)
        context = self.get_context_data(
            filterset=filterset,
            table=table,
            page=page,
            pager=pager_links(page, query),
            headers=table.header_cells(self._query_without(*PAGING_PARAMETERS, table._meta.order_by_field)),
            table_body=table.rendered_body(page.object_list, selectable=bulk is not None),
            query=query,
            is_filtered=any(value for key, value in query.items() if key != table._meta.order_by_field),
            results_target=RESULTS_TARGET,
            export_formats=exports.FORMATS if self.export_action else (),
            column_choices=table.column_choices(),
            share_roles=held_roles(signed_in_staff(request)),
            savable=self.savable(),
            bulk=bulk,
        )
        if request.htmx and request.htmx.target == RESULTS_TARGET:
            response = self.response_class(request, self.results_template_name, context)
        else:
            response = self.render_to_response(context)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def _query_without(self, *names) -> dict[str, list[str]]:
        return {key: values for key, values in self.request.GET.lists() if key not in names and any(values)}

    def post(self, request, *args, **kwargs):
        """Export the filtered rows (the filters are in the query string). A POST, so that only a
        deliberate click, never a link from elsewhere, writes an export to the audit log.
        The "Columns" form posts here too."""
        if "columns_action" in request.POST or "move" in request.POST:
            return self.configure_columns(request)
        if request.POST.get("saved_view_action") == "save":
            return self.save_view(request)
        fmt = request.POST.get("export")
        if not self.export_action or fmt not in exports.FORMATS:
            return HttpResponseBadRequest("Choose the format of the export: CSV or XLSX.")
        _, table, ordered = self.filtered(request)
        limit = settings.LIST_EXPORT_MAX_ROWS
        if bounded_count(ordered, limit) > limit:
            messages.error(request, f"This list has more than {limit:,} rows: narrow the filters to export it.")
            return redirect(request.get_full_path())
        query = self._query_without(*PAGING_PARAMETERS)
        with transaction.atomic():
            audit.record(
                action=self.export_action,
                actor=request.user,
                changes={"format": [None, fmt], "filters": [None, query]},
                **self.export_audit_details(),
            )
        rows = table.export_rows(ordered.iterator(chunk_size=2000))
        name = exports.filename(self.export_stem, fmt)
        if fmt == "csv":
            return exports.csv_response(table.export_header(), rows, name=name)
        return exports.xlsx_response(table.export_header(), rows, name=name, sheet=self.title)

    def configure_columns(self, request):
        """Save (or reset) the columns this staff member sees in this list, then show the list
        again at the same URL, with its filters (under htmx: its results, with the message)."""
        staff = signed_in_staff(request)
        key = self.get_columns_key()

        def back():
            if request.htmx and request.htmx.target == RESULTS_TARGET:
                return self.get(request)
            return redirect(request.get_full_path())

        if request.POST.get("columns_action") == "reset":
            reset_table_columns(actor=staff, table=key)
            messages.success(request, "The list shows its default columns again.")
            return back()
        table = self.table_of(self.get_queryset().none())  # its columns only: no filter, no rows
        order = request.POST.getlist("order")
        ticked = request.POST.getlist("columns")
        columns = [name for name in order if name in ticked] + [name for name in ticked if name not in order]
        move = request.POST.get("move", "")
        direction, _, moved = move.partition(":")
        if moved in columns and direction in ("up", "down"):
            index = columns.index(moved)
            other = index - 1 if direction == "up" else index + 1
            if 0 <= other < len(columns):
                columns[index], columns[other] = columns[other], columns[index]
        try:
            choice = configure_table_columns(
                actor=staff,
                table=key,
                columns=columns,
                available=table.column_names(),
                required=table.always_shown(),
                default=table.default_columns,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return back()
        labels = {choice["name"]: choice["label"] for choice in table.column_choices()}
        if choice.ignored:
            named = ", ".join(Truncator(name).chars(40) for name in choice.ignored[:5])
            more = f" and {len(choice.ignored) - 5} more" if len(choice.ignored) > 5 else ""
            messages.warning(request, f"This list has no column named {named}{more}: ignored.")
        for name in choice.kept:
            messages.warning(request, f"“{labels[name]}” cannot be hidden: it stays in the list.")
        if not move:
            messages.success(request, "Your columns for this list are saved.")
        return back()


def pager_links(page: Page, query: dict[str, list[str]]) -> dict[str, str]:
    """The pager's links, each keeping the list's filters and sort (``query``); a link the page
    cannot follow is absent: Previous at the start, Next at the end or where it would be a page
    number beyond the bound, Last where the ordering has no keyset or the page is the last."""

    def url(**changes) -> str:
        return "?" + urlencode({**query, **{key: [str(value)] for key, value in changes.items()}}, doseq=True)

    number = page.number
    links = {}
    if number != 1:
        links["first"] = url()
    if page.has_previous:
        if number == 2:
            links["previous"] = url()
        elif page.previous_cursor:
            links["previous"] = url(**({"page": number - 1} if number else {}), before=page.previous_cursor)
        elif number:
            links["previous"] = url(page=number - 1)
    if page.offers_next:
        if page.next_cursor:
            links["next"] = url(**({"page": number + 1} if number else {}), after=page.next_cursor)
        elif number:
            links["next"] = url(page=number + 1)
    if page.keyset and not page.is_last and (page.has_next or not page.object_list):
        links["last"] = url(last=1)
    return links


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
            with jobs.noting_unqueued() as unqueued:
                next_url = self.perform(form)
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        if unqueued:  # the broker is unreachable: the sweep queues the job once it is back
            messages.warning(self.request, jobs.NOT_QUEUED_MESSAGE)
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
