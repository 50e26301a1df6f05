"""Reads of live verification: a customer's sessions with their event logs, a session by the
provider's reference."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from customers.models import Customer

from ..models import LivenessSession, ProviderEvent


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
