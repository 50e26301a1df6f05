"""The provider's webhooks: the signature and timestamp checks, and the body read into an event.

Signed the Standard Webhooks way (``backoffice.signing``, the ``standardwebhooks`` package), as
the back office's own events are: ``webhook-id`` (the event's ``eventId``), ``webhook-timestamp``
(Unix seconds) and ``webhook-signature`` (``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{raw
body}">``) under the ``whsec_`` secret shared with the provider
(``settings.LIVENESS_WEBHOOK_SECRET``). Signing the timestamp with the body lets a captured
request be refused once it is older than ``LIVENESS_WEBHOOK_TOLERANCE`` seconds; within that
window the event id (in the signed body) catches a replay: stored once, answered "duplicate".

The body (Treezor's names)::

    {"eventId": "…", "eventType": "kycliveness.create" | "kycliveness.update" | "document.create",
     "occurredAt": "2024-04-10T07:14:25Z",
     "object": {"identification-id": "<session reference>", "kyc-status": "processing", "score": -1}}

``document.create`` objects carry ``documentId`` (the provider's reference of the file) and
``documentTypeId`` instead of a status and score.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from backoffice.signing import SignatureRefused, standard_webhook_headers, verify_standard_webhook

from ..choices import LivenessScore, LivenessStatus

KYCLIVENESS_CREATE = "kycliveness.create"
KYCLIVENESS_UPDATE = "kycliveness.update"
DOCUMENT_CREATE = "document.create"
EVENT_TYPES = (KYCLIVENESS_CREATE, KYCLIVENESS_UPDATE, DOCUMENT_CREATE)

# What a kycliveness object may say: (kyc-status, score). The status by default follows the event.
LIVENESS_STATES = {
    (LivenessStatus.PROCESSING, LivenessScore.UNKNOWN),
    (LivenessStatus.PROCESSED, LivenessScore.FAILED),
    (LivenessStatus.PROCESSED, LivenessScore.PASSED),
}
DEFAULT_STATUS = {KYCLIVENESS_CREATE: LivenessStatus.PROCESSING, KYCLIVENESS_UPDATE: LivenessStatus.PROCESSED}


class WebhookRefused(Exception):
    """The request is refused; ``status`` is the HTTP answer, the message its short JSON error."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class WebhookEvent:
    event_id: str
    event_type: str
    occurred_at: datetime
    reference: str
    object: dict
    payload: dict


def _event_id(body: bytes) -> str:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return ""
    event_id = payload.get("eventId") if isinstance(payload, dict) else None
    return event_id if isinstance(event_id, str) else ""


def signed_headers(
    body: bytes, *, secret: str | None = None, timestamp: int | None = None, msg_id: str | None = None
) -> dict[str, str]:
    """The headers a provider sends with ``body`` (the sandbox and the tests use this); the
    webhook-id is the body's ``eventId``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.LIVENESS_WEBHOOK_SECRET if secret is None else secret
    msg_id = msg_id or _event_id(body) or f"msg_{uuid.uuid4().hex}"
    return standard_webhook_headers(body, msg_id=msg_id, secrets=[secret], timestamp=timestamp)


def verify_signature(body: bytes, headers, *, now: float | None = None) -> None:
    """Refuse (401) a missing or wrong signature, or a timestamp outside the tolerance."""
    secret = settings.LIVENESS_WEBHOOK_SECRET
    if not secret:
        raise WebhookRefused(503, "webhook secret not configured")
    try:
        verify_standard_webhook(
            body,
            headers,
            secret=secret,
            tolerance=settings.LIVENESS_WEBHOOK_TOLERANCE,
            now=time.time() if now is None else now,
        )
    except SignatureRefused as refused:
        raise WebhookRefused(401, str(refused)) from None


def _text(data: dict, key: str, *, limit: int = 64) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise WebhookRefused(400, f"{key} missing or invalid")
    return value.strip()


def _occurred_at(value) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise WebhookRefused(400, "occurredAt must be an ISO 8601 time with its offset")
    return moment


def _integer(data: dict, key: str) -> int:
    value = data.get(key)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        value = int(value)  # Treezor sends some numbers as strings
    if not isinstance(value, int) or isinstance(value, bool):
        raise WebhookRefused(400, f"object.{key} missing or invalid")
    return value


def check_object(event_type: str, obj: dict) -> None:
    """A kycliveness object says a status and score that exist; a document names its file and type."""
    if event_type == DOCUMENT_CREATE:
        _text(obj, "documentId")
        _integer(obj, "documentTypeId")
        return
    status = obj.get("kyc-status", DEFAULT_STATUS[event_type])
    if (status, _integer(obj, "score")) not in LIVENESS_STATES:
        raise WebhookRefused(400, "object kyc-status and score do not match a liveness state")


def parse_event(body: bytes) -> WebhookEvent:
    """The verified body as an event, or 400 for what is malformed."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WebhookRefused(400, "malformed JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("object"), dict):
        raise WebhookRefused(400, "the body must be an object with an object")
    event_type = _text(payload, "eventType")
    if event_type not in EVENT_TYPES:
        raise WebhookRefused(400, "unknown eventType")
    obj = payload["object"]
    check_object(event_type, obj)
    return WebhookEvent(
        event_id=_text(payload, "eventId"),
        event_type=event_type,
        occurred_at=_occurred_at(payload.get("occurredAt")),
        reference=_text(obj, "identification-id"),
        object=obj,
        payload=payload,
    )
