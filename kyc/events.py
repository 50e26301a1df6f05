"""What the KYC app tells the apps above it (the layers let ``compliance`` import ``kyc``, never
the reverse): a list of subscribers per event, called inside the transaction of the change.

``review_requested`` runs at the end of ``kyc.services.reviews.request_review``: live
verification subscribes (``kyc.liveness.services.ask_for_documents``) to ask the provider for
the documents of a passed check, which then join the pending review (seed 002, step 8).

``review_decided`` runs at the end of each review decision (``kyc.services.reviews``), after the review
and the customer are saved: ``compliance`` subscribes in its ``AppConfig.ready`` and writes the
``user.kycreview`` event to its outbox (same transaction: the event exists if and only if the
decision committed); ``kyc.services.vigilance`` subscribes to open the vigilance transfer's
refund.

Why a registry rather than moving the outbox down to ``backoffice``: the outbox, its deliveries
and its payloads (Treezor's user object) are compliance's concern and already used by its
restrictions and deactivation; ``backoffice`` names no domain app, so a generic outbox there would
still need someone above to build the user object. A list of callables keeps ``kyc`` ignorant of
who listens, and a subscriber that raises rolls the decision back, as any part of it would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from customers.models import Customer


@dataclass(frozen=True)
class ReviewDecided:
    actor: object
    customer: Customer  # saved with its new kyc_level and kyc_review
    review: object  # kyc.models.Review, decided
    decision: str  # "validate", "refuse" or "refuse_permanently"


@dataclass(frozen=True)
class ReviewRequested:
    actor: object
    customer: Customer
    review: object  # kyc.models.Review, pending


ReviewDecidedSubscriber = Callable[[ReviewDecided], None]
ReviewRequestedSubscriber = Callable[[ReviewRequested], None]
_review_decided: list[ReviewDecidedSubscriber] = []
_review_requested: list[ReviewRequestedSubscriber] = []


def on_review_requested(subscriber: ReviewRequestedSubscriber) -> ReviewRequestedSubscriber:
    """Subscribe to ``review_requested`` (once)."""
    if subscriber not in _review_requested:
        _review_requested.append(subscriber)
    return subscriber


def review_requested(*, actor, customer: Customer, review) -> None:
    event = ReviewRequested(actor=actor, customer=customer, review=review)
    for subscriber in list(_review_requested):
        subscriber(event)


def on_review_decided(subscriber: ReviewDecidedSubscriber) -> ReviewDecidedSubscriber:
    """Subscribe (once: ``ready()`` may run twice in tests); usable as a decorator."""
    if subscriber not in _review_decided:
        _review_decided.append(subscriber)
    return subscriber


def review_decided(*, actor, customer: Customer, review, decision: str) -> None:
    """Tell every subscriber, in the order they subscribed."""
    event = ReviewDecided(actor=actor, customer=customer, review=review, decision=decision)
    for subscriber in list(_review_decided):
        subscriber(event)
