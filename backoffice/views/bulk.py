"""Bulk actions on lists (``backoffice.bulk``): the page of one action over a list's selection
(what it does to each row, its parameters asked once), the export of the selection, and the
result page, kept for the requester, polled with htmx while a background job runs.

The selection travels as the list sent it: ``list`` (the list's URL name), ``ids`` (the rows
ticked) or ``every=1`` (every row matching the filters, ``query``). Neither is trusted: the ids
are looked up again within the requester's scope, the filters applied with their permissions.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import resolve, reverse
from django.views.generic import TemplateView

from .. import audit, exports, jobs
from ..access import ANY_STAFF, AccessMixin, has_access, signed_in_staff
from ..bulk import INLINE_ROWS, MAX_ROWS, BulkAction, bulk_actions, list_view_of
from ..errors import DomainError
from ..models import BulkJob, BulkOutcome
from ..pagination import bounded_count
from ..services import bulk


class Selection:
    """The list and the rows a bulk page was sent, as sent (checked when used)."""

    def __init__(self, data):
        self.list_name = data.get("list", "")
        self.ids = bulk.clean_ids(data.getlist("ids"))[: MAX_ROWS + 1]
        self.every_match = data.get("every") == "1"
        self.query = data.get("query", "")[:2000]

    def hidden(self) -> list[tuple[str, str]]:
        fields = [("list", self.list_name), ("query", self.query)]
        fields += [("every", "1")] if self.every_match else [("ids", str(pk)) for pk in self.ids]
        return fields

    def list_url(self) -> str:
        return reverse(self.list_name) + (f"?{self.query}" if self.query else "")


class SelectionMixin(AccessMixin):
    """Reads the selection and refuses (403) a list the staff member may not open."""

    def load_objects(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        self.selection = Selection(data)
        try:
            self.list_view = list_view_of(self.selection.list_name)
        except ValueError as error:
            raise Http404(str(error)) from error
        if not has_access(self.request.user, self.list_view.permission_required):
            raise PermissionDenied
        if self.selection.list_name not in bulk_actions.listed():  # its rows have no tick boxes
            raise Http404("This list offers no bulk action.")

    def describe_selection(self) -> str:
        if self.selection.every_match:
            count = bounded_count(bulk.matching(self.selection.list_name, self.staff, self.selection.query), MAX_ROWS)
            more = "more than " if count > MAX_ROWS else ""
            return f"Every row matching the list's filters: {more}{min(count, MAX_ROWS):,}."
        count = len(self.selection.ids)
        return f"The {count:,} row{'s' if count != 1 else ''} ticked on the list."

    @property
    def staff(self):
        return signed_in_staff(self.request)


class BulkActionView(SelectionMixin, TemplateView):
    """One bulk action's page: GET shows what it does and its parameters; POST runs it."""

    template_name = "backoffice/bulk/action.html"
    action_slug = ""
    declared_commands: tuple[str, ...] = ()

    @classmethod
    def for_action(cls, action: BulkAction):
        """The view of ``action``: its command's permission, declared (a page per action)."""
        declared = {
            "action_slug": action.slug,
            "permission_required": action.permission,
            "declared_commands": (action.command,),
        }
        view = cast(type[BulkActionView], type(f"Bulk{action.slug.title().replace('-', '')}View", (cls,), declared))
        return view.as_view()

    @property
    def action(self) -> BulkAction:
        return bulk_actions.get(self.action_slug)

    def load_objects(self):
        super().load_objects()
        if self.selection.list_name not in self.action.lists:
            raise Http404("This list does not offer this action.")

    def form(self):
        data = self.request.POST if self.request.method == "POST" else None
        form = self.action.form_class(data=data, actor=self.staff)
        form.fields["reason"] = forms.CharField(
            label="Why (optional)",
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Kept with the change; a second person reads it when the change waits for their approval.",
        )
        return form

    def get(self, request, *args, **kwargs):
        if not self.selection.ids and not self.selection.every_match:
            messages.error(request, "Tick the rows first, or choose every row matching the filters.")
            return redirect(self.selection.list_url())
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form.is_valid():
            data = {key: values if len(values) > 1 else values[0] for key, values in request.POST.lists()}
            data = {key: value for key, value in data.items() if key in form.fields and key != "reason"}
            try:
                # No transaction around it: each row commits on its own (a job queued at once).
                with jobs.noting_unqueued() as unqueued:
                    job = bulk.start_bulk(
                        actor=self.staff,
                        action=self.action,
                        list_name=self.selection.list_name,
                        ids=self.selection.ids,
                        every_match=self.selection.every_match,
                        query=self.selection.query,
                        data=data,
                        reason=form.cleaned_data.get("reason", ""),
                    )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if unqueued:
                    messages.warning(request, jobs.NOT_QUEUED_MESSAGE)
                return redirect("bulk-job", job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        action = self.action
        return super().get_context_data(
            title=action.label,
            effect=action.effect,
            selection=self.selection,
            summary=self.describe_selection(),
            back_url=self.selection.list_url(),
            inline_rows=INLINE_ROWS,
            submit_label=action.label,
            **kwargs,
        )


class BulkExportView(SelectionMixin, TemplateView):
    """The selection as CSV or XLSX, in the list's columns: a file for the staff member who asked,
    audited as the list's exports are (with the ids exported)."""

    permission_required = ANY_STAFF  # and the list's own (``SelectionMixin``)
    template_name = "backoffice/bulk/action.html"

    def get(self, request, *args, **kwargs):
        if not self.selection.ids and not self.selection.every_match:
            messages.error(request, "Tick the rows first, or choose every row matching the filters.")
            return redirect(self.selection.list_url())
        return self.render_to_response(
            self.get_context_data(
                title="Export the selection",
                effect="A file of the selected rows, in the list's columns as you see them; the export is audited.",
                selection=self.selection,
                summary=self.describe_selection(),
                back_url=self.selection.list_url(),
                formats=exports.FORMATS,
            )
        )

    def post(self, request, *args, **kwargs):
        fmt = request.POST.get("export")
        view = self.list_view()
        if not view.export_action or fmt not in exports.FORMATS:
            return HttpResponseBadRequest("Choose the format of the export: CSV or XLSX.")
        view.setup(_as_list_request(request, self.selection))
        _, table, ordered = view.filtered(view.request)
        if not self.selection.every_match:  # the ticked rows among those the list shows them
            ordered = ordered.filter(pk__in=self.selection.ids)
        limit = settings.LIST_EXPORT_MAX_ROWS
        if bounded_count(ordered, limit) > limit:
            messages.error(request, f"More than {limit:,} rows: narrow the filters to export them.")
            return redirect(self.selection.list_url())
        ids = list(ordered.values_list("pk", flat=True)[:limit])
        with transaction.atomic():
            audit.record(
                action=view.export_action,
                actor=request.user,
                changes={"format": [None, fmt], "filters": [None, self.selection.query], "selection": [None, ids]},
            )
        rows = table.export_rows(ordered.iterator(chunk_size=2000))
        name = exports.filename(f"{view.export_stem}-selection", fmt)
        if fmt == "csv":
            return exports.csv_response(table.export_header(), rows, name=name)
        return exports.xlsx_response(table.export_header(), rows, name=name, sheet=view.title)


def _as_list_request(request, selection: Selection):
    """The request as the list would read it: its GET holds the list's filters, its user the staff member."""
    from django.http import QueryDict

    listed = request.__class__.__new__(request.__class__)
    listed.__dict__.update(request.__dict__)
    listed.GET = QueryDict(selection.query)
    listed.method = "GET"
    listed.resolver_match = resolve(reverse(selection.list_name))  # the list's own columns
    return listed


class BulkJobView(AccessMixin, TemplateView):
    """A bulk job's result, for its requester alone (404 for anyone else): done, waiting and
    refused counts, and each refused row with why; its progress part is polled while it runs."""

    permission_required = ANY_STAFF
    template_name = "backoffice/bulk/job.html"

    def load_objects(self):
        self.job = get_object_or_404(BulkJob.objects.select_related("requester"), pk=self.kwargs["pk"])
        if self.job.requester_id != self.request.user.pk:
            raise Http404("No such bulk job of yours.")

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["backoffice/bulk/_job_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        job = self.job
        action = bulk_actions.get(job.action)
        refused = list(job.rows.filter(outcome=BulkOutcome.REFUSED).order_by("pk")[:500])
        waiting = list(job.rows.filter(outcome=BulkOutcome.WAITING).order_by("pk")[:500])
        list_url = reverse(job.list_name) + (f"?{job.query}" if job.query else "")
        return super().get_context_data(
            title=f"{action.label}: result",
            job=job,
            counts=bulk.counts_of(job),
            refused=refused,
            waiting=waiting,
            back_url=list_url,
            polling=job.is_running,
            **kwargs,
        )
