"""Processing the provider's events: a session only moves forward, late and out-of-order events
are kept as "stale" and change nothing, each document arrives once, and running the task again
changes nothing."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.models import AuditEntry
from customers.models import Customer
from kyc import tasks
from kyc.liveness import providers, services, webhooks
from kyc.models import Document, LivenessSession, ProviderEvent
from tests.customers.factories import make_person
from tests.helpers import audit_actions
from tests.kyc.liveness import T0, created, later, passport, proof_of_address, send, session_state, start, updated

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return start(make_person())


def outcome_of(payload) -> str:
    return ProviderEvent.objects.get(event_id=payload["eventId"]).outcome


def test_create_then_update_move_the_session_forward_each_audited_by_the_webhook_actor(client, session):
    send(client, created(session, at=T0))
    assert session_state(session) == ("processing", -1)
    send(client, updated(session, 1, at=later(T0, 60)))
    assert session_state(session) == ("processed", 1)
    assert LivenessSession.objects.get(pk=session.pk).state_at == later(T0, 60)
    entries = AuditEntry.objects.filter(action__startswith="kyc.liveness.").exclude(action="kyc.liveness.started")
    assert [(e.action, e.actor_label, e.changes) for e in entries.order_by("id")] == [
        (
            "kyc.liveness.processing",
            "system:liveness-webhook",
            {"status": ["initiated", "processing"]},
        ),
        (
            "kyc.liveness.processed",
            "system:liveness-webhook",
            {"status": ["processing", "processed"], "score": [-1, 1]},
        ),
    ]
    assert all(entry.customer_id == session.customer_id for entry in entries)


def test_an_update_before_the_create_makes_the_session_processed_and_the_late_create_is_stale(client, session):
    update, create = updated(session, 1, at=later(T0, 60)), created(session, at=T0)
    send(client, update)
    assert session_state(session) == ("processed", 1)
    send(client, create)
    assert session_state(session) == ("processed", 1)
    assert outcome_of(create) == "stale: occurred before the event that made the session processed"
    assert LivenessSession.objects.get(pk=session.pk).state_at == later(T0, 60)
    assert audit_actions(action__startswith="kyc.liveness.")[-2:] == [
        "kyc.liveness.processed",
        "kyc.liveness.event_ignored",
    ]


def test_an_older_event_arriving_after_a_newer_one_changes_nothing(client, session):
    send(client, created(session, at=T0))
    newer, older = updated(session, 1, at=later(T0, 120)), updated(session, 0, at=later(T0, 60))
    send(client, newer)
    send(client, older)
    assert session_state(session) == ("processed", 1)
    assert outcome_of(older).startswith("stale: occurred before")


def test_a_create_never_moves_a_processed_session_back_even_with_a_later_time(client, session):
    send(client, updated(session, 0, at=T0))
    skewed = created(session, at=later(T0, 30))
    send(client, skewed)
    assert session_state(session) == ("processed", 0)
    assert outcome_of(skewed) == "stale: the session is already processed"


def test_a_second_create_is_kept_as_unchanged(client, session):
    send(client, created(session, at=T0))
    again = created(session, at=later(T0, 5))
    send(client, again)
    assert outcome_of(again) == "unchanged: the session is already processing"
    assert LivenessSession.objects.get(pk=session.pk).state_at == T0


def test_a_failed_check_is_final_no_later_update_turns_it_into_a_pass(client, session):
    """Seed 002, "non-compliant documents, using KYC Liveness": processed with score 0 ends it."""
    send(client, updated(session, 0, at=T0))
    retry = updated(session, 1, at=later(T0, 60))
    send(client, retry)
    assert session_state(session) == ("processed", 0)
    assert outcome_of(retry) == "stale: the check failed, which is final; a new session is needed"


def test_a_newer_update_may_still_withdraw_a_pass(client, session):
    send(client, updated(session, 1, at=T0))
    send(client, updated(session, 0, at=later(T0, 60)))
    assert session_state(session) == ("processed", 0)


def test_a_document_event_stores_the_provider_s_file_as_a_pending_liveness_document(client, session, settings):
    payload = passport(session)
    assert send(client, payload).status_code == 202
    document = Document.objects.get()
    assert (document.customer_id, document.document_type, document.source, document.status) == (
        session.customer_id,
        17,
        "liveness",
        "pending",
    )
    assert document.original_name == "passport.png" and document.uploaded_by is None
    assert (settings.KYC_DOCUMENTS_DIR / document.stored_name).read_bytes().startswith(b"\x89PNG")
    assert outcome_of(payload) == f"stored as document #{document.pk} (Passport)"
    uploaded = AuditEntry.objects.get(action="kyc.document.uploaded")
    received = AuditEntry.objects.get(action="kyc.liveness.document_received")
    assert uploaded.actor_label == received.actor_label == "system:liveness-webhook"
    assert received.changes == {"document": [None, f"{session.reference}-passport"]}


def test_running_the_task_twice_changes_nothing(client, session):
    payloads = [created(session, at=T0), updated(session, 1, at=later(T0, 9)), passport(session)]
    for payload in payloads:
        send(client, payload)
    before = (
        list(ProviderEvent.objects.order_by("id").values_list("processed_at", "outcome")),
        AuditEntry.objects.count(),
        Document.objects.count(),
        session_state(session),
    )
    for event in ProviderEvent.objects.all():
        tasks.process_liveness_event.delay(event.pk)
        tasks.process_liveness_event(event.pk)
    after = (
        list(ProviderEvent.objects.order_by("id").values_list("processed_at", "outcome")),
        AuditEntry.objects.count(),
        Document.objects.count(),
        session_state(session),
    )
    assert after == before and before[2] == 1


def test_the_same_provider_document_in_two_events_is_stored_once(client, session):
    first, second = passport(session), passport(session)
    send(client, first)
    send(client, second)
    assert Document.objects.count() == 1
    assert outcome_of(second) == f"stale: document already stored by event {first['eventId']}"


def test_a_document_for_a_customer_refused_for_good_is_refused_and_said_so(client, session):
    Customer.objects.filter(pk=session.customer_id).update(kyc_level=4, kyc_review=3)
    payload = proof_of_address(session)
    send(client, payload)
    assert not Document.objects.exists()
    assert outcome_of(payload).startswith("refused: This customer's KYC was refused for good")
    assert audit_actions(action__startswith="kyc.liveness.document") == ["kyc.liveness.document_refused"]


def test_a_document_the_provider_does_not_have_is_refused(client, session):
    payload = passport(session)
    payload["object"]["documentId"] = "someone-else-passport"
    send(client, payload)
    assert not Document.objects.exists()
    assert outcome_of(payload).startswith("refused: the sandbox has no document")


def test_a_provider_that_is_briefly_unavailable_is_asked_again(client, session, monkeypatch):
    real_fetch, calls = providers.SandboxProvider.fetch_document, []

    def flaky_fetch(self, reference, document_ref):
        calls.append(document_ref)
        if len(calls) == 1:
            raise providers.ProviderUnavailable("503 from the provider")
        return real_fetch(self, reference, document_ref)

    monkeypatch.setattr(providers.SandboxProvider, "fetch_document", flaky_fetch)
    payload = passport(session)
    event, _ = services.record_event(provider="sandbox", event=webhooks.parse_event(json.dumps(payload).encode()))
    tasks.process_liveness_event.apply(args=[event.pk], throw=False)  # in-process: the retry runs at once
    assert len(calls) == 2 and Document.objects.count() == 1
    assert outcome_of(payload).startswith("stored as document")


def test_the_sweep_processes_events_whose_task_was_lost(session):
    payload = created(session, at=T0)
    event, _ = services.record_event(provider="sandbox", event=webhooks.parse_event(json.dumps(payload).encode()))
    assert event.processed_at is None  # its task never ran (no commit in this test)
    assert tasks.requeue_unprocessed_liveness_events() == 0, "too recent: its task may still be queued"
    ProviderEvent.objects.filter(pk=event.pk).update(received_at=timezone.now() - timedelta(minutes=6))
    assert tasks.requeue_unprocessed_liveness_events() == 1
    assert session_state(session) == ("processing", -1)
    assert tasks.requeue_unprocessed_liveness_events() == 0
