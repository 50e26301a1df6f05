"""Live verification's state changes: start a session, keep a webhook, process it.

A session only moves forward — initiated → processing (score -1) → processed (1 passed, 0
failed; a failed check is final, seed 002: no later update turns it into a pass, a new session is
needed) — and ``state_at`` keeps the provider's time of the event that set its status. Webhooks
arrive late, twice or out of order, so an event is first stored (its id is unique per provider:
a replay is recognised), then processed once (``processed_at``, set under the event's row
lock): an event older than the session's state, or one that would move it backwards, is kept
with the outcome "stale: …" and changes nothing. ``document.create`` fetches the file from the
provider and stores it through ``kyc.services.upload_documents`` (source: liveness). In seed
002's order the documents are asked for when the review is requested on the strength of a passed
check (``ask_for_documents``), so they join that pending review pre-validated; one arriving with
no such review waits for the first line's pre-review, as any upload does.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from backoffice import audit
from backoffice.audit import SystemActor
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from customers.choices import KycLevel
from customers.models import Customer

from ..choices import DocumentSource, DocumentStatus, LivenessScore, LivenessStatus, ReviewStatus
from ..models import LivenessSession, ProviderEvent, ProviderOperation, Review, ReviewDocument
from ..services import DocumentDetails, upload_documents
from . import calls, webhooks
from .providers import FetchedDocument, UnknownDocument, current_provider, provider_client
from .selectors import standing_session

logger = logging.getLogger(__name__)

# Who acts when the provider's webhooks change something (the audit log's actor).
LIVENESS_ACTOR = SystemActor("liveness-webhook")

UNDER_WAY = (LivenessStatus.INITIATED, LivenessStatus.PROCESSING)
# A session moves only to a higher rank (or, at processed, to a newer score).
RANK = {LivenessStatus.INITIATED: 0, LivenessStatus.PROCESSING: 1, LivenessStatus.PROCESSED: 2}
STATUS_ACTIONS = {
    LivenessStatus.PROCESSING: "kyc.liveness.processing",
    LivenessStatus.PROCESSED: "kyc.liveness.processed",
}
DOCUMENT_RECEIVED = "kyc.liveness.document_received"
DOCUMENT_REFUSED = "kyc.liveness.document_refused"
CHECKED_BY_PROVIDER = "Checked by the live verification provider."
IGNORED = "kyc.liveness.event_ignored"  # stale or unchanged: kept, and said why


def start_refusal(customer: Customer) -> str | None:
    """Why no session can be started for ``customer`` now, or None."""
    if customer.is_deactivated:
        return "This customer is deactivated: starting a live verification is no longer possible."
    if customer.kyc_level == KycLevel.REFUSED:
        return "This customer's KYC was refused for good: no live verification can be started."
    if customer.is_company:
        return "Live verification is for persons: each representative of a company verifies themselves."
    standing = standing_session(customer)
    if standing is not None and standing.passed:
        return (
            f"The live verification {standing.reference} passed: it stands for the documents until a KYC "
            "review resting on it is refused, so no new one is needed now."
        )
    if standing is not None:
        return (
            f"A live verification is already under way ({standing.reference}, "
            f"{standing.get_status_display().lower()}): send the customer its link."
        )
    return None


@transaction.atomic
def start_session(*, actor, customer: Customer) -> LivenessSession:
    """Ask the provider for a session and the URL to send the customer to. The customer's row
    stays locked meanwhile, so two clicks cannot open two sessions."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    refusal = start_refusal(customer)
    if refusal:
        raise DomainError(refusal)
    if not _webhook_secret_configured():
        raise DomainError("Live verification is not configured on this server: its webhook secret is missing.")
    provider = current_provider()
    request = {"userId": customer.pk}
    with calls.calling(
        provider=provider.code,
        customer_id=customer.pk,
        operation=ProviderOperation.START_SESSION,
        request=request,
        actor=actor,
    ) as call:
        started = provider.start_session(customer)
        session = LivenessSession.objects.create(
            customer=customer,
            provider=provider.code,
            reference=started.reference,
            url=started.url,
            created_by=actor if isinstance(actor, StaffUser) else None,
        )
        call.session_id = session.pk
        call.answer = {"identification-id": started.reference, "url": started.url}
    audit.record(
        action="kyc.liveness.started",
        actor=actor,
        customer_id=customer.pk,
        target=session,
        changes={
            "reference": [None, session.reference],
            "status": [None, session.status],
            "score": [None, session.score],
        },
    )
    return session


DOCUMENTS_REQUESTED = "kyc.liveness.documents_requested"


def ask_for_documents(requested) -> LivenessSession | None:
    """Subscribed to ``kyc.events.review_requested``: if the review rests on a passed check
    (seed 002: "You request a KYC Review" at step 7, then "Treezor sends you document.create
    webhooks" at step 8), ask the provider for that session's documents once the request
    commits; they arrive as ``document.create`` and join the pending review, pre-validated."""
    review = requested.review
    earlier = (
        Review.objects.filter(customer_id=review.customer_id, requested_at__lt=review.requested_at)
        .order_by("-requested_at")
        .values("requested_at")[:1]
    )
    sessions = LivenessSession.objects.select_for_update().filter(
        customer_id=review.customer_id,
        status=LivenessStatus.PROCESSED,
        score=LivenessScore.PASSED,
        documents_requested_at__isnull=True,
        created_at__lte=review.requested_at,
    )
    if earlier:
        sessions = sessions.filter(created_at__gt=earlier[0]["requested_at"])
    session = sessions.order_by("-created_at").first()
    if session is None:
        return None
    session.documents_requested_at = timezone.now()
    session.save(update_fields=["documents_requested_at", "updated_at"])
    audit.record(
        action=DOCUMENTS_REQUESTED,
        actor=requested.actor,
        customer_id=session.customer_id,
        target=session,
        changes={"documents_requested_at": [None, session.documents_requested_at.isoformat()]},
        reason=f"KYC review #{review.pk} requested on the strength of the passed check",
    )
    session_pk = session.pk
    transaction.on_commit(lambda: _queue_documents_request(session_pk))
    return session


DOCUMENTS_ASKED_AGAIN = "kyc.liveness.documents_asked_again"


def documents_awaited(session: LivenessSession) -> bool:
    """The documents of a passed check were asked for and no ``document.create`` came yet."""
    return (
        session.passed
        and session.documents_requested_at is not None
        and not session.events.filter(event_type=webhooks.DOCUMENT_CREATE).exists()
    )


@transaction.atomic
def ask_again_for_documents(*, actor, session: LivenessSession) -> LivenessSession:
    """Staff's "Ask again": the provider has not sent the documents asked for with the review
    (unreachable then, or its answer lost); ask once more now rather than wait for the sweep.
    Harmless if they are on their way: the provider's events are recognised as replays."""
    session = LivenessSession.objects.select_for_update().get(pk=session.pk)
    if not documents_awaited(session):
        raise DomainError("The provider's documents are not awaited for this live verification: nothing to ask.")
    before = session.documents_requested_at
    session.documents_requested_at = timezone.now()
    session.save(update_fields=["documents_requested_at", "updated_at"])
    audit.record(
        action=DOCUMENTS_ASKED_AGAIN,
        actor=actor,
        customer_id=session.customer_id,
        target=session,
        changes={"documents_requested_at": [before.isoformat(), session.documents_requested_at.isoformat()]},
        reason="The provider had not sent the documents yet",
    )
    session_pk = session.pk
    transaction.on_commit(lambda: _queue_documents_request(session_pk))
    return session


def _queue_documents_request(session_pk: int) -> None:
    from backoffice import jobs

    from ..tasks import request_liveness_documents

    jobs.enqueue(request_liveness_documents, session_pk, what=f"Documents of live verification #{session_pk}")


# How long the sweep keeps asking a provider that did not send the documents of a passed check.
ASK_AGAIN_FOR = timedelta(days=1)


def sessions_awaiting_documents(*, older_than: timedelta) -> list[int]:
    """Passed sessions whose documents were asked for more than ``older_than`` ago (and less
    than ``ASK_AGAIN_FOR``) and of which no ``document.create`` arrived: the request was lost
    (Redis down, the provider unreachable past the task's retries). Asking again is harmless:
    the provider's events are recognised as replays."""
    now = timezone.now()
    received = ProviderEvent.objects.filter(event_type=webhooks.DOCUMENT_CREATE, session__isnull=False).values(
        "session_id"
    )
    return list(
        LivenessSession.objects.filter(
            status=LivenessStatus.PROCESSED,
            score=LivenessScore.PASSED,
            documents_requested_at__lt=now - older_than,
            documents_requested_at__gt=now - ASK_AGAIN_FOR,
        )
        .exclude(pk__in=received)
        .order_by("documents_requested_at")
        .values_list("pk", flat=True)[:200]
    )


DOCUMENTS_ACTOR = SystemActor("liveness-documents")


def request_documents(*, session_id: int) -> None:
    """Ask the session's provider for its documents (the task; retried while it is unavailable).
    Each attempt is kept as a ``ProviderCall``, failed ones too."""
    session = LivenessSession.objects.get(pk=session_id)
    with calls.calling(
        provider=session.provider,
        customer_id=session.customer_id,
        session_id=session.pk,
        operation=ProviderOperation.REQUEST_DOCUMENTS,
        request={"userId": session.customer_id, "identification-id": session.reference},
        actor=DOCUMENTS_ACTOR,
    ) as call:
        provider_client(session.provider).request_documents(session.reference)
        call.answer = {"accepted": True}


def _webhook_secret_configured() -> bool:
    if settings.LIVENESS_WEBHOOK_SECRET:
        return True
    logger.error("LIVENESS_WEBHOOK_SECRET is not set: live verification is unavailable.")
    return False


def record_event(*, provider: str, event: webhooks.WebhookEvent) -> tuple[ProviderEvent, bool]:
    """Keep the webhook as it came, for ``process_event``; ``(event, False)`` for a replay, which
    changes nothing. Refused (``WebhookRefused`` 400) when it names no session of ``provider``."""
    existing = ProviderEvent.objects.filter(provider=provider, event_id=event.event_id).first()
    if existing is not None:
        return existing, False
    session = LivenessSession.objects.filter(provider=provider, reference=event.reference).first()
    if session is None:
        raise webhooks.WebhookRefused(400, "unknown session reference")
    try:
        with transaction.atomic():
            stored = ProviderEvent.objects.create(
                provider=provider,
                event_id=event.event_id,
                event_type=event.event_type,
                occurred_at=event.occurred_at,
                session=session,
                payload=event.payload,
            )
    except IntegrityError:  # the same event, delivered twice at once
        return ProviderEvent.objects.get(provider=provider, event_id=event.event_id), False
    return stored, True


def process_event(*, event_id: int) -> ProviderEvent:
    """Apply one stored event to its session, once. Running it again changes nothing."""
    event = ProviderEvent.objects.select_related("session").get(pk=event_id)
    if event.processed_at is not None:
        return event
    if event.event_type == webhooks.DOCUMENT_CREATE:
        return _receive_document(event)
    with transaction.atomic():
        event = ProviderEvent.objects.select_for_update().get(pk=event_id)
        if event.processed_at is not None:
            return event
        session = LivenessSession.objects.select_for_update().get(pk=event.session_id)
        _apply_liveness_state(event, session)
        return _finish(event)


def _finish(event: ProviderEvent) -> ProviderEvent:
    event.processed_at = timezone.now()
    event.outcome = event.outcome[:200]
    event.save(update_fields=["processed_at", "outcome"])
    return event


def _stale_reason(event: ProviderEvent, session: LivenessSession, status: str, score: int) -> str | None:
    current = session.get_status_display().lower()
    if session.state_at is not None and event.occurred_at < session.state_at:
        return f"stale: occurred before the event that made the session {current}"
    if RANK[status] < RANK[session.status]:
        return f"stale: the session is already {current}"
    if (status, score) == (session.status, session.score):
        return f"unchanged: the session is already {current}"
    if session.failed:
        return "stale: the check failed, which is final; a new session is needed"
    return None


def _apply_liveness_state(event: ProviderEvent, session: LivenessSession) -> None:
    obj = event.payload["object"]
    status = obj.get("kyc-status", webhooks.DEFAULT_STATUS[event.event_type])
    score = int(obj["score"])
    ignored = _stale_reason(event, session, status, score)
    if ignored:
        event.outcome = ignored
        audit.record(
            action=IGNORED,
            actor=LIVENESS_ACTOR,
            customer_id=session.customer_id,
            target=session,
            reason=f"{event.event_type} {event.event_id}: {ignored}",
        )
        return
    changes = {"status": [session.status, status], "score": [session.score, score]}
    changes = {field: pair for field, pair in changes.items() if pair[0] != pair[1]}  # only what changed
    session.status, session.score, session.state_at = status, score, event.occurred_at
    session.save(update_fields=["status", "score", "state_at", "updated_at"])
    label = LivenessScore(score).label.lower() if status == LivenessStatus.PROCESSED else "score -1"
    event.outcome = f"{status} ({label})"
    audit.record(
        action=STATUS_ACTIONS[status],
        actor=LIVENESS_ACTOR,
        customer_id=session.customer_id,
        target=session,
        changes=changes,
        reason=f"{event.event_type} {event.event_id}",
    )


def _already_stored(event: ProviderEvent, document_ref: str) -> ProviderEvent | None:
    """Another event of the session that already brought this provider document."""
    return (
        ProviderEvent.objects.filter(
            session_id=event.session_id,
            event_type=webhooks.DOCUMENT_CREATE,
            payload__object__documentId=document_ref,
            processed_at__isnull=False,
        )
        .exclude(pk=event.pk)
        .first()
    )


def _receive_document(event: ProviderEvent) -> ProviderEvent:
    """Fetch the file outside any transaction (a real provider is a slow HTTP call; a transient
    failure raises ``ProviderUnavailable`` and the task retries), then store it and mark the
    event processed in one transaction, under the event's lock: one document per event."""
    session = event.session
    document_ref = event.payload["object"]["documentId"]
    try:
        with calls.calling(
            provider=session.provider,
            customer_id=session.customer_id,
            session_id=session.pk,
            operation=ProviderOperation.FETCH_DOCUMENT,
            request={"identification-id": session.reference, "documentId": document_ref},
            actor=LIVENESS_ACTOR,
        ) as call:
            fetched = provider_client(session.provider).fetch_document(session.reference, document_ref)
            call.answer = {
                "fileName": fetched.file_name,
                "documentTypeId": fetched.document_type,
                "bytes": len(fetched.content),
            }
    except UnknownDocument as error:
        fetched = error
    with transaction.atomic():
        event = (
            ProviderEvent.objects.select_for_update(of=("self",)).select_related("session__customer").get(pk=event.pk)
        )
        if event.processed_at is not None:
            return event
        earlier = _already_stored(event, document_ref)
        if earlier is not None:
            event.outcome, action = f"stale: document already stored by event {earlier.event_id}", IGNORED
        elif isinstance(fetched, FetchedDocument):
            event.outcome, action = _store_document(event, fetched)
        else:
            event.outcome, action = f"refused: {fetched}", DOCUMENT_REFUSED
        audit.record(
            action=action,
            actor=LIVENESS_ACTOR,
            customer_id=event.session.customer_id,
            target=event.session,
            changes={"document": [None, document_ref]},
            reason=f"{event.event_type} {event.event_id}: {event.outcome}",
        )
        return _finish(event)


def _store_document(event: ProviderEvent, fetched: FetchedDocument) -> tuple[str, str]:
    try:
        with transaction.atomic():
            document = upload_documents(
                actor=LIVENESS_ACTOR,
                customer=event.session.customer,
                details=DocumentDetails(document_type=fetched.document_type),
                files=[(fetched.file_name, fetched.content)],
                source=DocumentSource.LIVENESS,
            )[0]
    except DomainError as error:  # the customer was refused for good, or the file is unsafe
        return f"refused: {error.message}", DOCUMENT_REFUSED
    outcome = f"stored as document #{document.pk} ({document.get_document_type_display()})"
    session = event.session
    review = Review.objects.filter(
        customer=document.customer, status=ReviewStatus.PENDING, requested_at__gte=session.created_at
    ).first()
    if review is not None and session.score == LivenessScore.PASSED:
        # Requested on the strength of the passed check (seed 002: the review comes before the
        # documents): the provider checked them, so they join the pending review pre-validated.
        document.status, document.review_comment = DocumentStatus.PRE_VALIDATED, CHECKED_BY_PROVIDER
        document.save(update_fields=["status", "review_comment"])
        ReviewDocument.objects.create(review=review, document=document)
        outcome += f", submitted with the pending review #{review.pk}"
    return outcome, DOCUMENT_RECEIVED
