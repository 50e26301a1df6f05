"""Statement exports: the request from the profile, the job's page with its live progress (htmx
polling; the download starts by itself when the file is ready), the Exports page (one's own
jobs; compliance officers and administrators see all) with a retry for failed ones, and the
download, audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from backoffice import audit
from backoffice.access import AccessMixin
from backoffice.errors import DomainError
from backoffice.views.generic import ServiceFormView

from ..forms.statements import StatementForm
from ..models import ExportStatus
from ..selectors.exports import dossier_rows, export_for, exports_visible_to
from ..services import statements
from .profile import CustomerMixin

EXPORT = "customers.export_statements"


class StatementRequestView(CustomerMixin, ServiceFormView):
    permission_required = EXPORT
    form_class = StatementForm
    template_name = "customers/form.html"
    submit_label = "Export the statement"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "customer": self.customer, "viewer": self.request.user}

    def get_title(self):
        return f"Statement — {self.customer}"

    def get_cancel_url(self):
        return self.profile_url("accounts")

    def perform(self, form):
        data = form.cleaned_data
        job = statements.request_statement(
            actor=self.request.user,
            customer=self.customer,
            start_date=data["start_date"],
            end_date=data["end_date"],
            export_format=data["format"],
            account_ids=[account.pk for account in data["accounts"]],
            currencies=data["currencies"],
        )
        return reverse("export-detail", args=[job.pk]) + "?fresh=1"


class ExportListView(AccessMixin, TemplateView):
    help_page = "exports"
    permission_required = EXPORT
    template_name = "customers/exports.html"

    def get_context_data(self, **kwargs):
        jobs = list(exports_visible_to(self.request.user)[:100])
        dossiers = dossier_rows(self.request.user)  # no query without the permission
        return super().get_context_data(title="Exports", jobs=jobs, dossiers=dossiers, **kwargs)


class ExportDetailView(AccessMixin, TemplateView):
    """The job's page; its progress part is polled while the job runs."""

    help_page = "exports"
    permission_required = EXPORT
    template_name = "customers/export.html"

    def load_objects(self):
        self.job = export_for(self.request.user, self.kwargs["pk"])

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["customers/_export_progress.html"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self._htmx() and self.job.status == ExportStatus.DONE and request.GET.get("download") == "1":
            response["HX-Redirect"] = reverse("export-download", args=[self.job.pk])  # the download starts
        return response

    def _htmx(self) -> bool:
        return bool(self.request.headers.get("HX-Request"))

    def get_context_data(self, **kwargs):
        job = self.job
        polling = job.status in (ExportStatus.PENDING, ExportStatus.RUNNING)
        # Ready while the page polled, or just requested and built already: the "Ready" part
        # replaces the bar and asks once for the file (``?download=1``: HX-Redirect to it).
        autostart = job.status == ExportStatus.DONE and (self._htmx() or self.request.GET.get("fresh") == "1")
        return super().get_context_data(
            job=job, title=f"Statement of {job.customer}", polling=polling, autostart=autostart, **kwargs
        )


class ExportDownloadView(AccessMixin, View):
    permission_required = EXPORT

    def load_objects(self):
        self.job = export_for(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        job = self.job
        path = settings.STATEMENTS_DIR / job.stored_name if job.stored_name else None
        if job.status != ExportStatus.DONE or path is None or not path.is_file():
            raise Http404("This export has no file (not ready, failed or expired).")
        with transaction.atomic():
            audit.record(
                action="customers.statement.downloaded", actor=request.user, customer_id=job.customer_id, target=job
            )
        response = FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name)
        response["Cache-Control"] = "private, no-store"
        return response


class ExportRetryView(AccessMixin, View):
    permission_required = EXPORT
    http_method_names = ["post"]

    def load_objects(self):
        self.job = export_for(self.request.user, self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        try:
            statements.retry_statement(actor=request.user, job=self.job)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("exports")
        return redirect("export-detail", self.job.pk)
