"""Helpers for the live verification tests: a started session, the provider's webhook bodies, and
sending them signed through the real endpoint (the processing task runs once the event commits)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from kyc.liveness import services, webhooks
from kyc.models import LivenessSession
from tests.customers.factories import ROBOT

T0 = datetime(2024, 4, 10, 7, 14, 25, tzinfo=UTC)


def start(customer, actor=ROBOT) -> LivenessSession:
    return services.start_session(actor=actor, customer=customer)


def event(session, event_type, *, at: datetime | None = None, event_id: str | None = None, **obj) -> dict:
    return {
        "eventId": event_id or f"evt_{uuid.uuid4().hex}",
        "eventType": event_type,
        "occurredAt": (at or timezone.now()).isoformat(),
        "object": {"identification-id": session.reference, **obj},
    }


def created(session, *, at=None, **extra) -> dict:
    return event(session, webhooks.KYCLIVENESS_CREATE, at=at, **{"kyc-status": "processing", "score": -1}, **extra)


def updated(session, score: int, *, at=None, **extra) -> dict:
    return event(session, webhooks.KYCLIVENESS_UPDATE, at=at, **{"kyc-status": "processed", "score": score}, **extra)


def document(session, kind: str, document_type: int, *, at=None, **extra) -> dict:
    ref = f"{session.reference}-{kind}"
    return event(session, webhooks.DOCUMENT_CREATE, at=at, documentId=ref, documentTypeId=document_type, **extra)


def passport(session, *, at=None) -> dict:
    return document(session, "passport", 17, at=at)


def proof_of_address(session, *, at=None) -> dict:
    return document(session, "proof-of-address", 12, at=at)


def send(client, payload, *, body: bytes | None = None, headers: dict | None = None, **signing):
    """POST ``payload`` (or raw ``body``) to the webhook, signed unless ``headers`` are given;
    callbacks queued on commit (the processing task) run before this returns."""
    body = json.dumps(payload).encode() if body is None else body
    headers = webhooks.signed_headers(body, **signing) if headers is None else headers
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("kyc-liveness-webhook"), data=body, content_type="application/json", headers=headers)


def later(moment: datetime, seconds: int) -> datetime:
    return moment + timedelta(seconds=seconds)


def session_state(session) -> tuple[str, int]:
    """(kyc-status, score) as stored now."""
    session = LivenessSession.objects.get(pk=session.pk)
    return session.status, session.score
