"""The tax residences dialog and the documents: upload, the audited file view, the first line's
pre-review and the cancellation. Reads go through ``kyc.selectors``, writes through
``kyc.services``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from backoffice.access import AccessMixin, signed_in_staff
from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.services import approvals
from backoffice.views.generic import ServiceFormView
from customers.masking import sees_full_pii
from customers.views.commands import OpenCustomerOnly
from customers.views.profile import CustomerMixin

from .. import document_pages, selectors, services
from ..forms import DocumentUploadForm, TaxResidenceFormSet

UPLOAD = "kyc.upload_documents"
# The commands of these pages (``kyc.review_commands``): never waiting for a second person.
SET_RESIDENCES = "kyc.tax_residences.set"
UPLOAD_COMMAND = "kyc.document.upload"
PREREVIEW = "kyc.prereview_documents"
BROWSE = "customers.browse_customers"


class TaxResidencesPage(CustomerMixin, TemplateView):
    """T "Edit tax residences": every residence of the customer in one form, a line to add one."""

    permission_required = UPLOAD
    declared_commands = (SET_RESIDENCES,)
    template_name = "kyc/tax_residences.html"

    def load_objects(self):
        super().load_objects()
        self.on_file = {r.pk: r for r in selectors.tax_residences_of(self.customer)}
        self.masked = not sees_full_pii(self.request.user)

    def initial(self) -> list[dict]:
        """Support agents never receive a whole TIN, not even in the form: the line shows its last
        four, and an empty TIN keeps the one on file (``kept_tin``)."""
        return [
            {
                "pk": r.pk,
                "country": r.country.code,
                "tin": "" if self.masked else r.tin,
                "tin_on_file": selectors.masked_tin(r.tin, self.request.user) if self.masked else "",
                "tin_waiver": r.tin_waiver,
            }
            for r in self.on_file.values()
        ]

    def kept_tin(self, data: dict) -> str:
        on_file = self.on_file.get(data["pk"])
        if (
            self.masked
            and on_file
            and not data["tin"]
            and not data["tin_waiver"]
            and on_file.country == data["country"]
        ):
            return on_file.tin
        return data["tin"]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=TaxResidenceFormSet(initial=self.initial())))

    def post(self, request, *args, **kwargs):
        formset = TaxResidenceFormSet(request.POST, initial=self.initial())
        if formset.is_valid():
            lines = [
                services.Residence(
                    country=form.cleaned_data["country"],
                    tin=self.kept_tin(form.cleaned_data),
                    tin_waiver=form.cleaned_data["tin_waiver"],
                    pk=form.cleaned_data["pk"],
                )
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")  # an empty extra line has none
            ]
            try:
                approvals.ask_or_run(
                    command=commands.get(SET_RESIDENCES),
                    actor=signed_in_staff(request),
                    target=self.customer,
                    parameters={"residences": lines},
                    customer_id=self.customer.pk,
                    now_only={"version": request.POST.get("version") or None},
                )
            except DomainError as error:
                formset._non_form_errors = formset.error_class([error.message])
            else:
                messages.success(request, "Tax residences saved.")
                return redirect(self.profile_url("kyc"))
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.request.POST.get("version") or services.residences_version(self.customer),
            title=f"Tax residences of {self.customer}",
            back_url=self.profile_url("kyc"),
            back_label=str(self.customer),
            **kwargs,
        )


class TaxResidencesEditView(OpenCustomerOnly, TaxResidencesPage):
    """The page, sent back with the reason for a deactivated customer (its own ``get`` and
    ``post`` come after ``OpenCustomerOnly``'s this way)."""

    tab = "kyc"


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
