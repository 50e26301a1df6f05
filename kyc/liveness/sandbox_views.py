"""The sandbox provider's page: where the customer is sent, on the provider's side. Public (the
customer has no staff account), served only when ``LIVENESS_SANDBOX_ENABLED``; the random
session reference in its URL is what lets one in."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from backoffice.access import PUBLIC, AccessMixin

from ..choices import LivenessStatus, Provider
from .sandbox import SANDBOX_DOCUMENTS, send_outcome
from .selectors import session_by_reference

OUTCOMES = {"pass": True, "fail": False}


def public_greeting(customer) -> str:
    """The page is public: the customer's first name and initial, nothing more."""
    initial = f"{customer.last_name[:1]}." if customer.last_name else ""
    return " ".join(part for part in (customer.first_name, initial) if part) or "there"


class SandboxPageView(AccessMixin, TemplateView):
    """Shows the session and two buttons; a button sends the provider's webhooks, signed, by
    real HTTP to this project's webhook URL (runserver is threaded: it can call itself)."""

    permission_required = PUBLIC
    template_name = "kyc/liveness/sandbox.html"

    def load_objects(self):
        if not settings.LIVENESS_SANDBOX_ENABLED:
            raise Http404("The sandbox provider is switched off.")
        self.session = session_by_reference(self.kwargs["reference"])
        if self.session.provider != Provider.SANDBOX:
            raise Http404("This session belongs to another provider.")

    def post(self, request, *args, **kwargs):
        passed = OUTCOMES.get(request.POST.get("outcome", ""))
        if passed is None:
            return self.render_to_response(self.get_context_data(error="Choose “Pass” or “Fail”."), status=400)
        if self.session.status == LivenessStatus.PROCESSED:
            error = "This verification is finished already: ask for a new link."
            return self.render_to_response(self.get_context_data(error=error), status=409)
        webhook_url = request.build_absolute_uri(reverse("kyc-liveness-webhook"))
        deliveries = send_outcome(self.session.reference, webhook_url, passed=passed)
        self.session.refresh_from_db()
        return self.render_to_response(self.get_context_data(deliveries=deliveries, webhook_url=webhook_url))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            finished=self.session.status == LivenessStatus.PROCESSED,
            greeting=public_greeting(self.session.customer),
            documents=SANDBOX_DOCUMENTS,
            **kwargs,
        )
