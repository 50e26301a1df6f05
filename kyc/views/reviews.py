"""Requesting a KYC review (the first line), deciding it (compliance), taking it from the queue,
and the verification levels 3–5."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from backoffice.access import AccessMixin, signed_in_staff
from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.services import approvals
from backoffice.views.generic import ServiceFormView
from customers.choices import KycLevel
from customers.services.verification import MANUAL_LEVELS
from customers.views.commands import OpenCustomerOnly
from customers.views.profile import CustomerMixin

from .. import document_pages, requirements, selectors
from ..forms import ReviewDecisionForm, VerificationLevelForm
from ..review_commands import DECISION_COMMANDS
from ..services import reviews

REQUEST = "kyc.request_kyc_review"
DECIDE = "kyc.decide_kyc_review"
SET_LEVEL = "kyc.set_verification_level"


class ReviewDecisionView(ServiceFormView):
    """Compliance's page for one review: the declared data beside each document, the checklist,
    the history, and the decision form (a decided review is shown read-only)."""

    help_page = "kyc-reviews"
    permission_required = DECIDE
    declared_commands = tuple(DECISION_COMMANDS.values())
    form_class = ReviewDecisionForm
    template_name = "kyc/review_decision.html"
    submit_label = "Record the decision"

    def load_objects(self):
        self.review = selectors.review_for(self.request.user, self.kwargs["review"])
        self.customer = self.review.customer
        self.submitted = selectors.submitted_documents(self.review)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "documents": [row.document for row in self.submitted]}

    def get_initial(self):
        keep = self.review.level_before if self.review.level_before in (KycLevel.REGULAR, KycLevel.STRONG) else None
        return {"level": keep or KycLevel.REGULAR}

    def get_title(self):
        return f"KYC review #{self.review.pk} — {self.customer}"

    def get_cancel_url(self):
        return reverse("kyc-review-queue")

    def post(self, request, *args, **kwargs):
        if not self.review.is_pending:
            messages.error(request, f"This review was decided already: {self.review.get_status_display().lower()}.")
            return redirect(request.path)
        refusal = reviews.decision_refusal(self.review, request.user)
        if refusal:
            messages.error(request, refusal)
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        decision = data["decision"]
        parameters = {"reason": data["reason"], "documents_seen": form.seen()}
        if decision != "refuse_permanently":
            parameters["level"] = data.get("level")
        if decision == "refuse":
            parameters["document_reasons"] = form.document_reasons()
        if decision == "refuse_permanently":  # stored for a second officer: as JSON
            parameters["documents_seen"] = _listed(form.seen())
        approval, review = approvals.ask_or_run(
            command=commands.get(DECISION_COMMANDS[decision]),
            actor=signed_in_staff(self.request),
            target=self.review,
            parameters=parameters,
            customer_id=self.customer.pk,
        )
        if approval is not None:
            self.success_message = (
                f"Review #{self.review.pk}: your permanent refusal (request #{approval.pk}) waits for a second "
                "compliance officer; nothing changes until then."
            )
            return reverse("kyc-review-queue")
        self.success_message = f"Review #{review.pk}: {review.get_status_display().lower()}."
        following = selectors.review_queue(self.request.user).first()
        return reverse("kyc-review-decide", args=[following.pk]) if following else reverse("kyc-review-queue")

    def get_context_data(self, **kwargs):
        user = self.request.user
        owners = {
            self.customer.pk: self.customer,
            **{row.document.customer_id: row.document.customer for row in self.submitted},
        }
        declared = selectors.declared_data(user, list(owners.values()))
        context = super().get_context_data(
            review=self.review,
            customer=self.customer,
            declared=declared[self.customer.pk],
            checklist=requirements.checklist(self.customer),
            residences=selectors.tax_residences_as_seen_by(user, self.customer),
            history=selectors.kyc_history(user, self.customer),
            own_request=reviews.decision_refusal(self.review, user),
            waiting_refusal=approvals.waiting_request(commands.get("kyc.review.refuse_permanently"), self.review),
            **kwargs,
        )
        form = context["form"]
        context["rows"] = [
            (
                row,
                declared[row.document.customer_id],
                form.document_field(row.document) if self.review.is_pending else None,
                document_pages.preview_outline(row.document),
            )
            for row in self.submitted
        ]
        return context


class ReviewAssignView(AccessMixin, View):
    """POST: take the review ("assign to me"), or give it back (``release``)."""

    permission_required = DECIDE
    declared_commands = ("kyc.review.take", "kyc.review.release")
    http_method_names = ["post"]

    def load_objects(self):
        self.review = selectors.review_for(self.request.user, self.kwargs["review"])

    def post(self, request, *args, **kwargs):
        taking = not request.POST.get("release")
        command = commands.get("kyc.review.take" if taking else "kyc.review.release")
        try:
            approvals.ask_or_run(
                command=command,
                actor=signed_in_staff(request),
                target=self.review,
                parameters={},
                customer_id=self.review.customer_id,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The review is yours." if taking else "The review is back in the queue.")
        if request.POST.get("next") == "queue":
            return redirect("kyc-review-queue")
        return redirect("kyc-review-decide", self.review.pk)


class VerificationLevelView(OpenCustomerOnly, CustomerMixin, ServiceFormView):
    """Levels 3–5: extra checks on an identified customer (e.g. address, proof of funds), with the
    reason; or back to level 2."""

    permission_required = SET_LEVEL
    declared_commands = ("kyc.verification_level.raise", "kyc.verification_level.lower")
    form_class = VerificationLevelForm
    submit_label = "Set the level"
    success_message = "The verification level is set."
    template_name = "customers/form.html"

    def get_initial(self):
        return {"level": self.customer.verification_level}

    def get_title(self):
        return f"Verification level — {self.customer}"

    def get_cancel_url(self):
        return self.profile_url("kyc")

    def get(self, request, *args, **kwargs):
        waiting = self._waiting()
        if waiting is not None:  # told before filling the form in
            messages.error(request, approvals.already_waits(waiting))
            return redirect(self.profile_url("kyc"))
        return super().get(request, *args, **kwargs)

    def _waiting(self):
        """A request to raise or to lower the level that waits: one at a time (review 18g: both
        could wait together)."""
        for name in self.declared_commands:
            waiting = approvals.waiting_request(commands.get(name), self.customer)
            if waiting is not None:
                return waiting
        return None

    def perform(self, form):
        level, reason = form.cleaned_data["level"], form.cleaned_data["reason"]
        raising = commands.get(RAISE_LEVEL)
        if level == self.customer.verification_level:  # a request nobody could ever approve
            raise DomainError("The customer is at this level already.", field="level")
        waiting = self._waiting()
        if waiting is not None:
            raise DomainError(approvals.already_waits(waiting))
        approval, _ = approvals.ask_or_run(
            command=raising if level in MANUAL_LEVELS else commands.get(LOWER_LEVEL),
            actor=signed_in_staff(self.request),
            target=self.customer,
            parameters={"level": level, "reason": reason},
            customer_id=self.customer.pk,
        )
        if approval is not None:
            self.success_message = (
                f"Your request #{approval.pk} to set level {level} waits for a second person's approval: "
                "nothing changes until then."
            )
        return self.profile_url("kyc")


RAISE_LEVEL = "kyc.verification_level.raise"
LOWER_LEVEL = "kyc.verification_level.lower"  # back to the derived level 2: at once by default


def _listed(seen: set[int] | None) -> list[int] | None:
    return sorted(seen) if seen is not None else None
