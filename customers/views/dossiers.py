"""Regulator dossiers: the request from the profile's History tab (a declared command, with its
reason), the job's page with its live progress (htmx polling) and, once built, the file's SHA-256
beside its download; the download, audited; a retry for a failed or expired one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from backoffice.access import AccessMixin
from backoffice.errors import DomainError

from ..dossier.commands import EXPORT_DOSSIER, NAME
from ..models import ExportStatus
from ..selectors.exports import dossier_for
from ..services import dossiers
from .commands import CustomerCommandView


class DossierRequestView(CustomerCommandView):
    """``customers.dossier.request``: its page says what the dossier holds and asks why; then to
    the job's page (or back to the History tab when the request waits for a second person)."""

    command = NAME
    permission_required = EXPORT_DOSSIER

    def _refused(self):
        # A deactivated customer's dossier may be asked for (their profile is only read; a
        # regulator asks about former customers too): only a request already waiting refuses it.
        return self._already_asked()

    def perform(self, form):
        job = self.ask_or_run(self.customer, self.parameters_of(form), form=form, customer_id=self.customer.pk)
        if job is None:  # waits for a second person
            return self.profile_url(self.declared.tab)
        return reverse("dossier-detail", args=[job.pk])


class DossierMixin(AccessMixin):
    permission_required = EXPORT_DOSSIER

    def load_objects(self):
        self.job = dossier_for(self.request.user, self.kwargs["pk"])


class DossierDetailView(DossierMixin, TemplateView):
    """The job's page; its progress part is polled while the job runs."""

    template_name = "customers/dossier.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["customers/_dossier_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        job = self.job
        polling = job.status in (ExportStatus.PENDING, ExportStatus.RUNNING)
        return super().get_context_data(
            job=job, title=f"Regulator dossier of {job.customer}", polling=polling, **kwargs
        )


class DossierDownloadView(DossierMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.job
        path = settings.STATEMENTS_DIR / job.stored_name if job.stored_name else None
        if job.status != ExportStatus.DONE or path is None or not path.is_file():
            raise Http404("This dossier has no file (not ready, failed or expired).")
        with transaction.atomic():
            dossiers.record_dossier(
                action="customers.dossier.downloaded",
                actor=request.user,
                job=job,
                changes={"sha256": [None, job.sha256]},
            )
        response = FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name)
        response["Content-Type"] = "application/pdf"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class DossierRetryView(DossierMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            dossiers.retry_dossier(actor=request.user, job=self.job)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("exports")
        return redirect("dossier-detail", self.job.pk)
