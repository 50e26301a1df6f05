"""The documents: upload, the audited file view, the first line's pre-review and the
cancellation (the tax residences are in ``tax_residences``). Reads go through ``kyc.selectors``, writes through
``kyc.services``."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.views import View
from django.views.generic import TemplateView

from backoffice.access import AccessMixin, signed_in_staff
from backoffice.commands import commands
from backoffice.services import approvals
from backoffice.views.generic import ServiceFormView
from customers.views.commands import OpenCustomerOnly
from customers.views.profile import CustomerMixin

from .. import document_pages, selectors, services
from ..forms import DocumentUploadForm

UPLOAD = "kyc.upload_documents"
# The commands of these pages (``kyc.review_commands``): never waiting for a second person.
SET_RESIDENCES = "kyc.tax_residences.set"
UPLOAD_COMMAND = "kyc.document.upload"
PREREVIEW = "kyc.prereview_documents"
BROWSE = "customers.browse_customers"


class DocumentUploadView(OpenCustomerOnly, CustomerMixin, ServiceFormView):
    """Staff upload (several files at once); each file is checked before anything is stored.
    A deactivated customer's page sends back with the reason (the service refuses too)."""

    tab = "kyc"

    permission_required = UPLOAD
    declared_commands = (UPLOAD_COMMAND,)
    form_class = DocumentUploadForm
    template_name = "kyc/upload.html"
    submit_label = "Upload"

    def get_title(self):
        return f"Upload a document for {self.customer}"

    def get_cancel_url(self):
        return self.profile_url("kyc")

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.profile_url("kyc"), back_label=str(self.customer), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        files = [(upload.name, upload) for upload in data["files"]]  # read by the service, up to the limit
        _, documents = approvals.ask_or_run(
            command=commands.get(UPLOAD_COMMAND),
            actor=signed_in_staff(self.request),
            target=self.customer,
            customer_id=self.customer.pk,
            parameters={
                "details": services.DocumentDetails(
                    document_type=data["document_type"],
                    issuing_country=data["issuing_country"],
                    number=data["number"],
                    issue_date=data["issue_date"],
                    expiry_date=data["expiry_date"],
                ),
                "files": files,
            },
        )
        self.success_message = f"{len(documents)} file{'s' if len(documents) > 1 else ''} uploaded, pending pre-review."
        return self.profile_url("kyc")


class DocumentFileView(AccessMixin, View):
    """The document's file, only through here: permission, the customer in scope, an audit
    entry each time. ``download``: as an attachment; otherwise inline, for the preview, in a
    sandbox (no script runs, whatever the file)."""

    permission_required = BROWSE
    download = False

    def load_objects(self):
        self.document = selectors.document_for(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        document = self.document
        path = settings.KYC_DOCUMENTS_DIR / document.stored_name
        if not path.is_file():
            raise Http404("The file of this document is missing.")
        services.record_document_access(actor=request.user, document=document, download=self.download)
        response = FileResponse(
            path.open("rb"),
            content_type=document.content_type,
            # Inline only for what the viewer shows as it is (an image): a PDF or a TIFF never
            # opens raw in the browser; its pages are rendered on the server instead.
            as_attachment=self.download or document_pages.rendered(document),
            filename=document.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentViewerView(AccessMixin, TemplateView):
    """A document in the viewer, on a page of its own (the KYC tab's "View"): an image as it is,
    a PDF or a TIFF as its pages rendered on the server; the file itself is never shown inline."""

    permission_required = BROWSE
    template_name = "kyc/document.html"

    def load_objects(self):
        self.document = selectors.document_for(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        document = self.document
        return super().get_context_data(
            document=document,
            outline=document_pages.preview_outline(document),
            title=f"{document.get_document_type_display()} of {document.customer}",
            **kwargs,
        )


class DocumentPageView(AccessMixin, View):
    """One page of a document as a PNG (``?size=thumb`` for its thumbnail), rendered server-side
    by ``kyc.document_pages``: whoever may open the file may see its pages. Audited as viewing the
    document, once per staff member and document in a few minutes, not once per image. A page
    that has no image answers 404 with the reason in words."""

    permission_required = BROWSE

    def load_objects(self):
        self.document = selectors.document_for(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        size = request.GET.get("size", "page")
        try:
            png = document_pages.page_image(self.document, self.kwargs["number"], size)
        except document_pages.PageUnavailable as refusal:
            return HttpResponseNotFound(refusal.message, content_type="text/plain; charset=utf-8")
        services.record_document_pages_viewed(actor=request.user, document=self.document)
        response = HttpResponse(png, content_type="image/png")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
