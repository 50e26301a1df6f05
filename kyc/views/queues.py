"""The KYC queues: documents waiting for the first line's pre-review (T "User docs pending
prereview"), review requests waiting for compliance, and every identification request (C)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from backoffice.access import AccessMixin, has_access, signed_in_staff
from backoffice.commands import commands
from backoffice.pagination import BoundedPaginator
from backoffice.prepared import unfiltered
from backoffice.services import approvals
from backoffice.views.generic import ServiceFormView
from customers.choices import COMPANY_KINDS, Kind
from customers.selectors import customer_of_filter, customers_visible_to

from .. import document_pages, request_log, selectors, services
from ..choices import IDENTITY_DOCUMENTS
from ..forms import PreReviewForm, ReviewQueueFilterForm

PREREVIEW = "kyc.prereview_documents"
DECIDE = "kyc.decide_kyc_review"
BROWSE = "customers.browse_customers"
PAGE_SIZE = 50


class PreReviewQueueView(AccessMixin, TemplateView):
    """Every pending document, oldest first; each opens on its own page, with the next one after."""

    help_page = "kyc-prereview"
    permission_required = PREREVIEW
    template_name = "kyc/prereview_queue.html"

    def get_context_data(self, **kwargs):
        page = BoundedPaginator(selectors.prereview_queue(self.request.user), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(page=page, title="Documents to pre-review", **kwargs)


class PreReviewDocumentView(ServiceFormView):
    """One pending document beside what its customer declared: pre-validate or pre-refuse it,
    then the next one in the queue opens."""

    help_page = "kyc-prereview"
    permission_required = PREREVIEW
    declared_commands = ("kyc.document.prevalidate", "kyc.document.prerefuse")
    form_class = PreReviewForm
    template_name = "kyc/prereview_document.html"
    submit_label = "Save and open the next"

    def load_objects(self):
        self.document = selectors.document_for(self.request.user, self.kwargs["document"])

    def get(self, request, *args, **kwargs):
        refusal = services.document_refusal(self.document, "prevalidate", request.user)
        if refusal:
            return self._gone(refusal)
        return super().get(request, *args, **kwargs)

    def _gone(self, message):
        messages.info(self.request, f"{self.document}: {message}")
        following = selectors.next_pending_document(self.request.user, after=self.document)
        return redirect(reverse("kyc-prereview-document", args=[following.pk]) if following else "kyc-prereview-queue")

    def get_form_kwargs(self):
        document = self.document
        identity = document.document_type in IDENTITY_DOCUMENTS
        return {**super().get_form_kwargs(), "identity": identity, "expiry_known": document.expiry_date is not None}

    def get_initial(self):
        return {**super().get_initial(), "expiry_date": self.document.expiry_date}

    def get_title(self):
        return f"Pre-review — {self.document.get_document_type_display()} of {self.document.customer}"

    def get_cancel_url(self):
        return reverse("kyc-prereview-queue")

    def perform(self, form):
        command = form.cleaned_data["command"]
        approval, _ = approvals.ask_or_run(
            command=commands.get(f"kyc.document.{command}"),  # declared in ``kyc.commands``
            actor=signed_in_staff(self.request),
            target=self.document,
            parameters=self._parameters(command, form.cleaned_data),
            customer_id=self.document.customer_id,
        )
        done = "pre-validated" if command == "prevalidate" else "pre-refused"
        self.success_message = f"{self.document}: {done}." if approval is None else approvals.waiting_message(approval)
        following = selectors.next_pending_document(self.request.user, after=self.document)
        return reverse("kyc-prereview-document", args=[following.pk]) if following else reverse("kyc-prereview-queue")

    @staticmethod
    def _parameters(command: str, data: dict) -> dict:
        """What the command's service takes: the expiry date read, when the document has one."""
        parameters = {"comment": data["comment"]}
        if command == "prevalidate" and data.get("expiry_date"):
            parameters["expiry_date"] = data["expiry_date"].isoformat()
        return parameters

    def get_context_data(self, **kwargs):
        customer = self.document.customer
        waiting = selectors.prereview_queue(self.request.user).count()
        return super().get_context_data(
            document=self.document,
            outline=document_pages.preview_outline(self.document),
            customer=customer,
            declared=selectors.declared_data(self.request.user, [customer])[customer.pk],
            subtitle=f"{waiting} document{'s' if waiting != 1 else ''} waiting, this one included.",
            waiting_labels=[
                commands.get(name).label
                for name in self.declared_commands
                if approvals.needs_second_person(commands.get(name))
            ],
            **kwargs,
        )


class ReviewQueueView(AccessMixin, TemplateView):
    """Pending review requests, oldest first, with their age; filtered by kind, country, assignee."""

    help_page = "kyc-reviews"
    permission_required = DECIDE
    template_name = "kyc/review_queue.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = ReviewQueueFilterForm(self.request.GET or None, officers=selectors.review_officers())
        queue = selectors.review_queue(user)
        if form.is_valid():
            data = form.cleaned_data
            if data["kind"] == "person":
                queue = queue.filter(customer__kind=Kind.PERSON)
            elif data["kind"] == "company":
                queue = queue.filter(customer__kind__in=COMPANY_KINDS)
            if data["country"]:
                queue = queue.filter(customer__country=data["country"])
            if data["assignee"] == "me":
                queue = queue.filter(assigned_to=user)
            elif data["assignee"] == "none":
                queue = queue.filter(assigned_to__isnull=True)
            elif data["assignee"]:
                queue = queue.filter(assigned_to_id=data["assignee"])
        # Opened without filters (most often), the queue is the same query for all who may browse
        # customers: its first page is compiled once (backoffice.pagination.first_pages).
        # The name holds the scope only while it is every customer or none, as the customer lists'
        # (``CustomerListView.first_page_key``): a narrower scope would differ from viewer to viewer.
        scope = customers_visible_to(user)
        whole = unfiltered(scope) or scope.query.is_empty()
        same_as = None if self.request.GET or not whole else ("review queue", has_access(user, BROWSE))
        page = BoundedPaginator(queue, PAGE_SIZE, same_as=same_as).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, form=form, title="KYC reviews to decide", **kwargs)


class IdentificationRequestsView(AccessMixin, TemplateView):
    """Every review request and live verification session (C "Identification requests"), newest
    first, each with the log of its updates."""

    help_page = "identification-requests"
    permission_required = BROWSE
    template_name = "kyc/identification_requests.html"

    def get_context_data(self, **kwargs):
        user, wanted = self.request.user, self.request.GET.get("customer", "")
        customer = customer_of_filter(user, wanted)
        # A customer one may not see (or none): nothing, rather than everyone's requests.
        of = customer.pk if customer else (0 if wanted else None)
        page = selectors.identification_requests(user, page=self.request.GET.get("page"), customer_id=of)
        return super().get_context_data(page=page, customer=customer, title="Identification requests", **kwargs)


class IdentificationRequestView(AccessMixin, TemplateView):
    """One identification request and its log, newest last (C "Identification": "compliance
    logging details of every update sent to the service provider"): for a live verification,
    what we sent to the provider and every event it sent back; for a review, its audit entries and
    the documents sent with it."""

    help_page = "identification-requests"
    permission_required = BROWSE
    template_name = "kyc/identification_request.html"

    def load_objects(self):
        self.identification = request_log.request_for(self.request.user, self.kwargs["kind"], self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, row = self.request.user, self.identification
        record = row.record
        label = f"KYC review #{record.pk}" if row.kind == "review" else f"Live verification {record.reference}"
        return super().get_context_data(
            row=row,
            record=record,
            customer=record.customer,
            log=request_log.request_log(user, row),
            documents=request_log.documents_sent_with(record) if row.kind == "review" else [],
            may_decide=row.kind == "review" and user.has_perm(DECIDE),
            back_url=f"{reverse('kyc-identification-requests')}?customer={record.customer_id}",
            title=f"{label} — {record.customer}",
            **kwargs,
        )
