"""The outbox delivers user.update and user.kycreview events to a real HTTP endpoint: signed the
Standard Webhooks way (checked with the package's own verifier, as a receiver would), retried
with backoff while the endpoint fails, marked delivered once, and never lost when the task could
not be queued (the sweep delivers it)."""

import base64
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from compliance import tasks
from compliance.models import OutboxDelivery, OutboxEvent
from compliance.services import outbox
from compliance.services.restrictions import freeze_assets, lift_asset_freeze
from kyc.services.reviews import request_review
from tests.compliance.endpoints import Endpoint
from tests.customers.factories import ROBOT, make_person
from tests.kyc.reviews import decide_review, upload_all

pytestmark = pytest.mark.django_db
SECRET = "whsec_" + base64.b64encode(b"endpoint-secret-of-32-bytes-long").decode()
NEXT_SECRET = "whsec_" + base64.b64encode(b"the-next-secret-after-rotation!!").decode()


@pytest.fixture
def endpoint(settings):
    def start(*statuses):
        server = Endpoint(statuses)
        settings.EVENT_WEBHOOK_URLS, settings.EVENT_WEBHOOK_SECRETS = [server.url], [SECRET]
        started.append(server)
        return server

    started = []
    yield start
    for server in started:
        server.close()


def freeze(person):
    with transaction.atomic():
        return freeze_assets(actor=ROBOT, customer=person, comment="Court order.")


def test_an_event_is_delivered_signed_once_the_change_commits(endpoint, django_capture_on_commit_callbacks):
    server = endpoint(200)
    person = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        freeze(person)
    ((headers, body),) = server.received
    payload = Webhook(SECRET).verify(body, headers)  # the off-the-shelf verifier, as a receiver runs it
    delivery = OutboxDelivery.objects.get()
    assert headers["webhook-id"] == payload["webhook_id"] == str(delivery.event_id)
    assert headers["webhook-signature"].startswith("v1,") and " " not in headers["webhook-signature"]
    assert payload["webhook"] == "user.update" and payload["object"] == "user"
    assert payload["object_payload"]["users"][0] == {
        "userId": str(person.pk),
        "userStatus": person.status,
        "isFreezed": 1,
        "isFrozen": 1,
        "IsLegalFrozen": 0,
        "state": person.state,
        "kycLevel": 0,
        "kycReview": 0,
    }
    assert delivery.delivered_at is not None and delivery.attempts == 1
    assert tasks.deliver_event(delivery.event_id) == 0 and len(server.received) == 1  # delivered once


def test_a_failing_endpoint_is_retried_with_backoff_until_it_accepts(endpoint, django_capture_on_commit_callbacks):
    server = endpoint(500, 503, 200)
    with django_capture_on_commit_callbacks(execute=True):
        freeze(make_person())
    delivery = OutboxDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.last_error == "HTTP 500"
    assert timedelta(seconds=25) < delivery.next_attempt_at - timezone.now() <= timedelta(seconds=30)
    assert tasks.deliver_due_events() == 0, "not due before its backoff"
    OutboxDelivery.objects.update(next_attempt_at=timezone.now())
    assert tasks.deliver_due_events() == 0
    delivery.refresh_from_db()
    assert delivery.last_error == "HTTP 503" and delivery.attempts == 2
    assert timedelta(seconds=55) < delivery.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    OutboxDelivery.objects.update(next_attempt_at=timezone.now())
    assert tasks.deliver_due_events() == 1
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None and delivery.attempts == 3 and len(server.received) == 3


def test_an_unreachable_endpoint_keeps_the_event(settings, django_capture_on_commit_callbacks):
    settings.EVENT_WEBHOOK_URLS, settings.EVENT_WEBHOOK_SECRETS = ["http://127.0.0.1:9/nothing-listens"], [SECRET]
    with django_capture_on_commit_callbacks(execute=True):
        freeze(make_person())
    delivery = OutboxDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.last_error and delivery.attempts == 1


def test_an_event_whose_task_was_not_queued_is_delivered_by_the_sweep(
    endpoint, monkeypatch, django_capture_on_commit_callbacks
):
    server = endpoint()

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.deliver_event, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        freeze(make_person())  # the change commits; queuing its delivery fails, and is logged
    assert OutboxDelivery.objects.get().delivered_at is None and server.received == []
    monkeypatch.undo()  # Redis is back: the beat's sweep runs
    assert tasks.deliver_due_events() == 1
    assert len(server.received) == 1 and OutboxDelivery.objects.get().delivered_at is not None


def test_a_claimed_delivery_is_skipped_while_its_lease_runs(endpoint):
    server = endpoint()
    freeze(make_person())  # the on_commit callback is not run: nothing delivered yet
    OutboxDelivery.objects.update(claimed_at=timezone.now())
    assert tasks.deliver_due_events() == 0 and server.received == []
    OutboxDelivery.objects.update(claimed_at=timezone.now() - outbox.LEASE - timedelta(seconds=1))
    assert tasks.deliver_due_events() == 1 and len(server.received) == 1


def test_a_later_event_waits_for_an_earlier_one_still_undelivered(endpoint, django_capture_on_commit_callbacks):
    """A retried "unfreeze" must not land after the "freeze" that followed it."""
    server = endpoint(500)
    person = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        freeze(person)  # refused by the endpoint: due again later
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        lift_asset_freeze(actor=ROBOT, customer=person, comment="Lifted.")
    assert len(server.received) == 1, "the second event waits for the first"
    OutboxDelivery.objects.update(next_attempt_at=timezone.now())
    assert tasks.deliver_due_events() == 2
    frozen = [json.loads(body)["object_payload"]["users"][0]["isFreezed"] for _, body in server.received]
    assert frozen == [1, 1, 0], "retried in order: the freeze, then the unfreeze"


def test_the_sweep_gives_up_on_a_failing_endpoint_for_this_round(settings):
    settings.EVENT_WEBHOOK_URLS, settings.EVENT_WEBHOOK_SECRETS = ["http://127.0.0.1:9/down"], [SECRET]
    for _ in range(3):
        freeze(make_person())  # three customers: three independent lines
    assert tasks.deliver_due_events() == 0
    assert sorted(OutboxDelivery.objects.values_list("attempts", flat=True)) == [0, 0, 1]


def test_during_a_rotation_a_receiver_holding_either_secret_verifies_the_event(
    endpoint, settings, django_capture_on_commit_callbacks
):
    server = endpoint(200)
    settings.EVENT_WEBHOOK_SECRETS = [SECRET, NEXT_SECRET]
    with django_capture_on_commit_callbacks(execute=True):
        freeze(make_person())
    ((headers, body),) = server.received
    assert len(headers["webhook-signature"].split(" ")) == 2, "one v1 signature per current secret"
    assert Webhook(SECRET).verify(body, headers)["webhook"] == "user.update"  # a receiver not yet rotated
    assert Webhook(NEXT_SECRET).verify(body, headers)["webhook"] == "user.update"  # one already rotated
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + base64.b64encode(b"some-other-secret-32-bytes-long!").decode()).verify(body, headers)


def test_a_tampered_body_or_event_id_fails_the_receivers_verification(endpoint, django_capture_on_commit_callbacks):
    server = endpoint(200)
    with django_capture_on_commit_callbacks(execute=True):
        freeze(make_person())
    ((headers, body),) = server.received
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body.replace(b'"isFreezed": 1', b'"isFreezed": 0'), headers)
    with pytest.raises(WebhookVerificationError):  # the id is signed: a replay under a new id fails
        Webhook(SECRET).verify(body, {**headers, "webhook-id": str(int(headers["webhook-id"]) + 1)})


def test_without_a_secret_nothing_is_sent_and_the_delivery_says_why(
    endpoint, settings, django_capture_on_commit_callbacks
):
    server = endpoint(200)
    settings.EVENT_WEBHOOK_SECRETS = []
    with django_capture_on_commit_callbacks(execute=True):
        freeze(make_person())
    delivery = OutboxDelivery.objects.get()
    assert server.received == [] and delivery.delivered_at is None
    assert delivery.last_error.startswith("Not signed: EVENT_WEBHOOK_SECRETS")


@pytest.mark.parametrize(
    ("decision", "level", "after"),
    [("validate", 2, (2, 2)), ("refuse", 1, (1, 3)), ("refuse_permanently", None, (4, 3))],
)
def test_a_kyc_decision_sends_user_kycreview_through_the_outbox(
    endpoint, django_capture_on_commit_callbacks, decision, level, after
):
    server = endpoint(200)
    person = make_person()
    passport, _ = upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    assert server.received == [], "a request is no decision: no event"
    reasons = {passport.pk: "Expired."} if decision == "refuse" else None
    with django_capture_on_commit_callbacks(execute=True):
        decide_review(
            actor=ROBOT, review=review, decision=decision, level=level, reason="Checked.", document_reasons=reasons
        )
    ((headers, body),) = server.received
    payload = Webhook(SECRET).verify(body, headers)
    assert (payload["webhook"], payload["object"], payload["object_id"]) == ("user.kycreview", "user", str(person.pk))
    user = payload["object_payload"]["users"][0]
    assert (user["userId"], user["kycLevel"], user["kycReview"]) == (str(person.pk), *after)
    assert "Checked." not in body.decode() and "Expired." not in body.decode(), "no reason leaves the back office"
    assert OutboxEvent.objects.get().event_type == "user.kycreview"


def test_the_served_demo_s_in_process_beat_retries_a_failed_delivery(
    endpoint, settings, django_capture_on_commit_callbacks
):
    """No broker, no ``celery beat`` in the demo: ``demo --serve`` runs the beat schedule in a
    thread, so a delivery that failed is retried once its backoff is over."""
    from backoffice.in_process_beat import InProcessBeat

    server = endpoint(500, 200)
    with django_capture_on_commit_callbacks(execute=True):
        freeze(make_person())
    delivery = OutboxDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.last_error == "HTTP 500"
    now = [0.0]
    beat = InProcessBeat(settings.CELERY_BEAT_SCHEDULE, clock=lambda: now[0])
    assert beat.run_due() == [], "nothing due at the start"
    OutboxDelivery.objects.update(next_attempt_at=timezone.now())
    now[0] = 61
    assert "deliver-due-events" in beat.run_due()
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None and len(server.received) == 2
    assert beat.run_due() == [], "next in a minute"


def test_the_demo_starts_the_in_process_beat_only_without_a_broker(monkeypatch):
    from backoffice.celery import app as celery_app
    from backoffice.management.commands.demo import start_in_process_beat
    from tests.conftest import NO_BROKER_URL

    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:6379/0")
    assert start_in_process_beat() is None, "with Redis, celery beat runs the schedule"
    monkeypatch.setitem(celery_app.conf, "broker_url", NO_BROKER_URL)
    beat = start_in_process_beat()
    try:
        assert beat._thread.is_alive() and {"deliver-due-events", "requeue-liveness-events"} <= set(beat.entries)
    finally:
        beat.stop()
    assert not beat._thread.is_alive()
