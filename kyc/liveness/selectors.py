"""Reads of live verification: a customer's sessions with their event logs, a session by the
provider's reference."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from customers.models import Customer

from ..choices import LivenessScore, LivenessStatus, ReviewStatus
from ..models import LivenessSession, ProviderEvent, Review


def liveness_sessions_of(customer: Customer) -> list[LivenessSession]:
    """Newest first, each with ``events`` (oldest first) and who started it: two queries whatever
    the number of sessions and events."""
    events = Prefetch("events", queryset=ProviderEvent.objects.order_by("occurred_at", "received_at", "id"))
    return list(
        LivenessSession.objects.filter(customer=customer)
        .select_related("created_by")
        .prefetch_related(events)
        .order_by("-created_at", "-id")
    )


def session_by_reference(reference: str) -> LivenessSession:
    """The session the provider calls ``reference`` (404 otherwise), with its customer."""
    session = LivenessSession.objects.select_related("customer").filter(reference=reference).first()
    if session is None:
        raise Http404("No such live verification session.")
    return session


UNDER_WAY = (LivenessStatus.INITIATED, LivenessStatus.PROCESSING)
REFUSED_REVIEWS = (ReviewStatus.REFUSED, ReviewStatus.REFUSED_PERMANENTLY)


def standing_session(customer: Customer) -> LivenessSession | None:
    """The session that makes a new one pointless (seed 002 offers a new session only after a
    fail): one under way, or a passed one that no refused review requested since then set
    aside (after a refusal a new cycle may need a new check)."""
    under_way = LivenessSession.objects.filter(customer=customer, status__in=UNDER_WAY).order_by("-created_at").first()
    if under_way is not None:
        return under_way
    passed = (
        LivenessSession.objects.filter(customer=customer, status=LivenessStatus.PROCESSED, score=LivenessScore.PASSED)
        .order_by("-created_at")
        .first()
    )
    if passed is None:
        return None
    refused = Review.objects.filter(customer=customer, status__in=REFUSED_REVIEWS, requested_at__gte=passed.created_at)
    return None if refused.exists() else passed
