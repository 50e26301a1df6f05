"""The provider's webhook endpoint: only signed, fresh, well-formed events about a known session
are kept; a replayed event is recognised and changes nothing."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from django.conf import settings
from django.urls import reverse
from standardwebhooks import Webhook

from kyc.liveness import webhooks
from kyc.models import Document, ProviderEvent
from tests.customers.factories import make_person
from tests.kyc.liveness import created, passport, send, session_state, start, updated

pytestmark = pytest.mark.django_db
NOW = str(int(time.time()))
SECRET = "whsec_" + base64.b64encode(b"not-the-secret-shared-with-the-provider").decode()


@pytest.fixture
def session():
    return start(make_person())


def test_a_signed_event_is_kept_answered_202_and_processed(client, session):
    payload = created(session)
    response = send(client, payload)
    assert response.status_code == 202
    assert response.json() == {"status": "accepted", "eventId": payload["eventId"]}
    stored = ProviderEvent.objects.get()
    assert (stored.event_id, stored.event_type, stored.session, stored.payload) == (
        payload["eventId"],
        "kycliveness.create",
        session,
        payload,
    )
    assert stored.processed_at is not None and stored.outcome == "processing (score -1)"
    assert session_state(session) == ("processing", -1)


def test_the_signature_is_standard_webhooks_with_the_event_id_and_an_off_the_shelf_verifier_accepts_it(session):
    payload = created(session)
    body = json.dumps(payload).encode()
    headers = webhooks.signed_headers(body)
    assert headers["webhook-id"] == payload["eventId"] and headers["webhook-signature"].startswith("v1,")
    assert Webhook(settings.LIVENESS_WEBHOOK_SECRET).verify(body, headers) == payload
    fixed = webhooks.signed_headers(b'{"eventId": "1"}', secret=SECRET, timestamp=1_700_000_000)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    expected = hmac.new(key, b'1.1700000000.{"eventId": "1"}', hashlib.sha256).digest()
    assert fixed == {
        "webhook-id": "1",
        "webhook-timestamp": "1700000000",
        "webhook-signature": "v1," + base64.b64encode(expected).decode(),
    }


@pytest.mark.parametrize(
    ("headers", "error"),
    [
        ({}, "missing signature"),
        ({"webhook-id": "e1", "webhook-timestamp": NOW}, "missing signature"),
        ({"webhook-timestamp": NOW, "webhook-signature": "v1,AAAA"}, "missing signature"),
        ({"webhook-id": "e1", "webhook-timestamp": NOW, "webhook-signature": "v1,AAAA"}, "invalid signature"),
        ({"webhook-id": "e1", "webhook-timestamp": "yesterday", "webhook-signature": "v1,AAAA"}, "invalid timestamp"),
    ],
)
def test_a_missing_or_wrong_signature_is_refused_and_nothing_is_kept(client, session, headers, error):
    response = send(client, created(session), headers=headers)
    assert (response.status_code, response.json()) == (401, {"error": error})
    assert not ProviderEvent.objects.exists()
    assert session_state(session) == ("initiated", -1)


def test_a_body_signed_with_another_secret_or_changed_after_signing_is_refused(client, session):
    assert send(client, created(session), secret=SECRET).status_code == 401
    body = json.dumps(created(session)).encode()
    headers = webhooks.signed_headers(body)
    tampered = body.replace(b'"score": -1', b'"score": 1')
    assert send(client, None, body=tampered, headers=headers).json() == {"error": "invalid signature"}
    other_id = {**headers, "webhook-id": "evt_another"}  # the id is signed too
    assert send(client, None, body=body, headers=other_id).json() == {"error": "invalid signature"}
    assert not ProviderEvent.objects.exists()


@pytest.mark.parametrize("offset", [-305, 305, -86_400])
def test_a_timestamp_outside_the_tolerance_is_refused(client, session, offset):
    response = send(client, created(session), timestamp=int(time.time()) + offset)
    assert (response.status_code, response.json()) == (401, {"error": "timestamp outside the tolerance"})
    assert not ProviderEvent.objects.exists()


def test_the_tolerance_is_a_setting(client, session, settings):
    settings.LIVENESS_WEBHOOK_TOLERANCE = 3600
    assert send(client, created(session), timestamp=int(time.time()) - 1800).status_code == 202


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"{not json", "malformed JSON"),
        (b"\xff\xfe", "malformed JSON"),
        (b"[]", "the body must be an object with an object"),
        (b'{"eventId": "e1", "eventType": "kycliveness.create"}', "the body must be an object with an object"),
    ],
)
def test_malformed_bodies_answer_400(client, session, body, error):
    response = send(client, None, body=body)
    assert (response.status_code, response.json()) == (400, {"error": error})
    assert not ProviderEvent.objects.exists()


def _set(key, value):
    return lambda payload: payload.update({key: value})


def _set_object(**fields):
    return lambda payload: payload["object"].update(fields)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (_set("eventType", "user.update"), "unknown eventType"),
        (_set("eventId", ""), "eventId missing or invalid"),
        (_set("eventId", "x" * 65), "eventId missing or invalid"),
        (_set("occurredAt", "10/04/2024"), "occurredAt must be an ISO 8601 time with its offset"),
        (_set("occurredAt", "2024-04-10T07:14:25"), "occurredAt must be an ISO 8601 time with its offset"),
        (lambda payload: payload["object"].pop("identification-id"), "identification-id missing or invalid"),
        (_set_object(**{"kyc-status": "processed", "score": -1}), "object kyc-status and score do not match"),
        (_set_object(score=7), "object kyc-status and score do not match"),
        (_set_object(score=True), "object.score missing or invalid"),
    ],
)
def test_fields_that_do_not_make_an_event_answer_400(client, session, change, error):
    payload = created(session)
    change(payload)
    response = send(client, payload)
    assert response.status_code == 400
    assert response.json()["error"].startswith(error)
    assert not ProviderEvent.objects.exists()


def test_a_document_event_names_its_file_and_type(client, session):
    payload = passport(session)
    del payload["object"]["documentTypeId"]
    assert send(client, payload).json() == {"error": "object.documentTypeId missing or invalid"}


def test_an_event_about_an_unknown_session_answers_400(client, session):
    payload = created(session)
    payload["object"]["identification-id"] = "sbx_nobody"
    response = send(client, payload)
    assert (response.status_code, response.json()) == (400, {"error": "unknown session reference"})
    assert not ProviderEvent.objects.exists()


def test_get_is_not_allowed(client):
    assert client.get(reverse("kyc-liveness-webhook")).status_code == 405


def test_without_a_configured_secret_every_webhook_is_refused(client, session, settings):
    payload = created(session)
    body = json.dumps(payload).encode()
    headers = webhooks.signed_headers(body)
    settings.LIVENESS_WEBHOOK_SECRET = ""
    response = send(client, None, body=body, headers=headers)
    assert (response.status_code, response.json()) == (503, {"error": "webhook secret not configured"})


def test_a_replayed_event_answers_duplicate_and_changes_nothing(client, session):
    update = updated(session, 1)
    assert send(client, update).status_code == 202
    doc = passport(session)
    assert send(client, doc).status_code == 202
    assert Document.objects.count() == 1
    before = list(ProviderEvent.objects.order_by("id").values("id", "processed_at", "outcome"))
    for payload in (update, doc):
        response = send(client, payload)  # signed again, fresh timestamp: only the event id tells
        assert (response.status_code, response.json()) == (200, {"status": "duplicate", "eventId": payload["eventId"]})
    assert list(ProviderEvent.objects.order_by("id").values("id", "processed_at", "outcome")) == before
    assert Document.objects.count() == 1, "no second document"
    assert session_state(session) == ("processed", 1)
