"""Live verification's pages: the start command of the KYC tab, and the provider's webhook."""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backoffice.access import PUBLIC, requires
from backoffice.forms import EmptyConfirmForm
from customers.views.commands import CommandView

from .. import tasks
from ..choices import Provider
from ..models import LivenessSession
from . import services, webhooks

logger = logging.getLogger(__name__)

START = "kyc.start_liveness"
REQUEST_REVIEW = "kyc.request_kyc_review"


class LivenessStartView(CommandView):
    """T "request a KYC Liveness": the provider opens a session and answers with the URL the
    customer is sent to; the KYC tab shows it with the session's status and events."""

    permission_required = START
    form_class = EmptyConfirmForm
    tab = "kyc"
    danger = False
    submit_label = "Start a live verification"
    success_message = "Live verification started: send the customer the link shown under “Live verification”."
    effect = (
        "The verification provider opens a session and gives a link. Send it to the customer: there they film "
        "their face and their identity document. The result arrives here by itself. If the check passed, the KYC "
        "review can be requested at once; the provider then sends the documents, which join the pending review. "
        "If it failed, the session is final: start a new one to try again."
    )

    def refusal(self):
        return services.start_refusal(self.customer)

    def get_title(self):
        return f"Start a live verification for {self.customer}"

    def perform(self, form):
        services.start_session(actor=self.request.user, customer=self.customer)
        return self.profile_url(self.tab)


class AskAgainForDocumentsView(CommandView):
    """The KYC tab's "Ask again" when the provider has not sent the documents of a passed check
    asked for with the review: for those who may request reviews."""

    permission_required = REQUEST_REVIEW
    form_class = EmptyConfirmForm
    tab = "kyc"
    danger = False
    submit_label = "Ask again"
    success_message = "The provider is asked again for the documents: they join the pending review as they arrive."
    effect = (
        "The verification provider is asked once more for the documents it collected during the passed check. "
        "Documents already on their way are not doubled."
    )

    def load_target(self):
        return get_object_or_404(LivenessSession, pk=self.kwargs["session"], customer=self.customer)

    def refusal(self):
        if not services.documents_awaited(self.target):
            return "The provider's documents are not awaited for this live verification: nothing to ask."
        return None

    def get_title(self):
        return f"Ask the provider again for the documents — {self.customer}"

    def perform(self, form):
        services.ask_again_for_documents(actor=self.request.user, session=self.target)
        return self.profile_url(self.tab)


def _answer(http_status: int, **content) -> JsonResponse:
    return JsonResponse(content, status=http_status)


@csrf_exempt  # the provider signs its requests instead (kyc.liveness.webhooks)
@require_POST
@requires(PUBLIC)
def liveness_webhook(request, provider: str = Provider.SANDBOX):
    """Check the signature, keep the event, answer at once (202); the processing runs in a task
    queued once the event is committed. A replayed event answers 200 "duplicate" and does nothing.
    ``provider``: whose events these are (a second provider gets its own URL, passing it)."""
    body = request.body
    try:
        webhooks.verify_signature(body, request.headers)
        event = webhooks.parse_event(body)
        with transaction.atomic():
            stored, created = services.record_event(provider=provider, event=event)
            if created:
                event_pk = stored.pk
                transaction.on_commit(lambda: tasks.process_liveness_event.delay(event_pk), robust=True)
    except webhooks.WebhookRefused as refused:
        if refused.status == 503:
            logger.error("Live verification webhook refused: LIVENESS_WEBHOOK_SECRET is not set.")
        return _answer(refused.status, error=refused.message)
    if not created:
        return _answer(200, status="duplicate", eventId=event.event_id)
    return _answer(202, status="accepted", eventId=event.event_id)
