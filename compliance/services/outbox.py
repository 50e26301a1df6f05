"""Writing events to the outbox (in the caller's transaction) and delivering them.

A delivery is claimed with a lease (a second worker, or the same task delivered twice, skips it
while the lease runs), POSTed signed the Standard Webhooks way (``backoffice.signing``:
``webhook-id`` is the event's id, one ``v1,`` signature per secret of ``EVENT_WEBHOOK_SECRETS``),
and marked delivered on a 2xx answer; otherwise it is due again after a backoff (30 s, 1 min, 2 min…
up to an hour). The task is queued on commit; the sweep queues whatever is due, so an event whose
task was lost (Redis down at commit time) is delivered once Redis is back.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backoffice import jobs
from backoffice.signing import standard_webhook_headers

from ..models import OutboxDelivery, OutboxEvent

LEASE = timedelta(minutes=2)
MAX_BACKOFF = timedelta(hours=1)
USER_UPDATE = "user.update"
USER_KYCREVIEW = "user.kycreview"


def emit(event_type: str, *, customer_id: int | None, payload: dict) -> OutboxEvent:
    """Add an event, with one delivery per configured endpoint, and queue its delivery once the
    transaction commits. Call inside the transaction of the change it reports."""
    event = OutboxEvent.objects.create(event_type=event_type, customer_id=customer_id, payload=payload)
    OutboxDelivery.objects.bulk_create(
        [OutboxDelivery(event=event, endpoint=url) for url in settings.EVENT_WEBHOOK_URLS]
    )
    transaction.on_commit(lambda: _queue(event.pk))
    return event


def _queue(event_id: int) -> None:
    from ..tasks import deliver_event

    jobs.enqueue(deliver_event, event_id, what=f"Outbox event {event_id}")


def user_update_payload(customer, *, webhook: str = USER_UPDATE) -> dict:
    """Treezor's ``user.update`` (or ``user.kycreview``) webhook body: the user object with the
    fields other systems act on. Value types as Treezor's: ``userId`` a string; the flags
    ``isFreezed`` (seed 004: "the isFreezed field valued to 1"), ``isFrozen`` (the same, under the
    name of the User object's attribute) and ``IsLegalFrozen`` integers 0 or 1; ``kycLevel`` and
    ``kycReview`` the integers of seed 002's tables. ``webhook_id`` (the event's id) is added
    when it is sent."""
    return {
        "webhook": webhook,
        "object": "user",
        "object_id": str(customer.pk),
        "object_payload": {
            "users": [
                {
                    "userId": str(customer.pk),
                    "userStatus": customer.status,
                    "isFreezed": int(customer.is_frozen),
                    "isFrozen": int(customer.is_frozen),
                    "IsLegalFrozen": int(customer.is_legal_frozen),
                    "state": customer.state,
                    "kycLevel": customer.kyc_level,
                    "kycReview": customer.kyc_review,
                }
            ]
        },
        "webhook_created_at": timezone.now().isoformat(),
    }


def emit_kyc_review(decided) -> OutboxEvent:
    """``user.kycreview`` for a KYC decision (validate, refuse, refuse permanently): subscribed
    to ``kyc.events.review_decided`` in ``ComplianceConfig.ready``, so it is written in the
    decision's transaction. The user object carries the new ``kycLevel`` and ``kycReview``."""
    customer = decided.customer
    return emit(USER_KYCREVIEW, customer_id=customer.pk, payload=user_update_payload(customer, webhook=USER_KYCREVIEW))


def _claim(delivery_id: int) -> OutboxDelivery | None:
    now = timezone.now()
    with transaction.atomic():
        delivery = OutboxDelivery.objects.select_for_update().select_related("event").filter(pk=delivery_id).first()
        if delivery is None or delivery.delivered_at is not None or delivery.next_attempt_at > now:
            return None
        if delivery.claimed_at is not None and now - delivery.claimed_at < LEASE:
            return None
        # In order, per customer and endpoint: a later event waits for an earlier one still
        # undelivered (else a retried "unfreeze" could land after the "freeze" that followed it).
        earlier = OutboxDelivery.objects.filter(
            endpoint=delivery.endpoint,
            event__customer_id=delivery.event.customer_id,
            event_id__lt=delivery.event_id,
            delivered_at__isnull=True,
        )
        if delivery.event.customer_id is not None and earlier.exists():
            return None
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["claimed_at", "attempts"])
    return delivery


DELIVERED, FAILED, SKIPPED = "delivered", "failed", "skipped"


def deliver(delivery_id: int) -> bool:
    """Try one delivery now; True once it is delivered (now or before)."""
    outcome = attempt(delivery_id)
    if outcome == SKIPPED:
        return OutboxDelivery.objects.filter(pk=delivery_id, delivered_at__isnull=False).exists()
    return outcome == DELIVERED


def attempt(delivery_id: int) -> str:
    """POST one delivery if it is due and first in its line: delivered, failed, or skipped."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return SKIPPED
    webhook_id = str(delivery.event_id)
    body = json.dumps({**delivery.event.payload, "webhook_id": webhook_id}, sort_keys=True).encode()
    timestamp = int(time.time())
    error = ""
    if not delivery.endpoint.startswith(("https://", "http://")):
        return _failed(delivery, f"Not an HTTP endpoint: {delivery.endpoint}"[:300])
    try:
        signed = standard_webhook_headers(
            body, msg_id=webhook_id, secrets=settings.EVENT_WEBHOOK_SECRETS, timestamp=timestamp
        )
    except Exception:  # no secret, or one not base64: the deploy checks say which
        return _failed(delivery, "Not signed: EVENT_WEBHOOK_SECRETS is empty or invalid (manage.py check --deploy)")
    request = urllib.request.Request(  # noqa: S310 (http and https only, checked above)
        delivery.endpoint,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **signed},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.EVENT_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                error = f"HTTP {response.status}"
    except urllib.error.HTTPError as failure:
        error = f"HTTP {failure.code}"
    except (urllib.error.URLError, OSError) as failure:
        error = str(getattr(failure, "reason", failure))[:300] or failure.__class__.__name__
    if error:
        return _failed(delivery, error)
    OutboxDelivery.objects.filter(pk=delivery.pk).update(claimed_at=None, delivered_at=timezone.now(), last_error="")
    return DELIVERED


def _failed(delivery: OutboxDelivery, error: str) -> str:
    """Due again after a backoff that doubles with each attempt: 30 s, 1 min, 2 min… up to an hour."""
    backoff = min(timedelta(seconds=30 * 2 ** (delivery.attempts - 1)), MAX_BACKOFF)
    OutboxDelivery.objects.filter(pk=delivery.pk).update(
        claimed_at=None, next_attempt_at=timezone.now() + backoff, last_error=error
    )
    return FAILED


def due_deliveries(limit: int = 500) -> list[tuple[int, str]]:
    """(delivery, endpoint) due now, oldest event first (the order they must arrive in)."""
    now = timezone.now()
    return list(
        OutboxDelivery.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=now)
        .order_by("event_id", "pk")
        .values_list("pk", "endpoint")[:limit]
    )


def deliver_due() -> int:
    """The sweep: every due delivery, except to an endpoint that failed earlier in this sweep (a
    down endpoint costs one timeout per sweep, not one per waiting event)."""
    delivered, failing = 0, set()
    for pk, endpoint in due_deliveries():
        if endpoint in failing:
            continue
        outcome = attempt(pk)
        delivered += outcome == DELIVERED
        if outcome == FAILED:
            failing.add(endpoint)
    return delivered
