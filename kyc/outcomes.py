"""The KYC tab's "KYC information" (Synctera's sub-tab): the identity outcomes, and what the apps
above add (the watchlist outcomes of ``screening``, which ``kyc`` never imports), registered
from their ``AppConfig.ready`` as tabs and dashboard panels are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outcome:
    template: str
    context: Callable[[Any, Any], dict | None]  # (staff member, customer) → the template's ``outcome``; None: not shown
    order: int = 50


_outcomes: dict[str, Outcome] = {}


def register_outcome(outcome: Outcome) -> None:
    _outcomes[outcome.template] = outcome


def outcomes_for(user, customer) -> list[tuple[str, dict]]:
    shown = []
    for outcome in sorted(_outcomes.values(), key=lambda outcome: outcome.order):
        context = outcome.context(user, customer)
        if context is not None:
            shown.append((outcome.template, context))
    return shown


def identity_outcomes(user, customer) -> dict:
    """The KYC review and the live verification, their last results, in one place."""
    from .models import LivenessSession, Review

    review = Review.objects.filter(customer=customer).select_related("decided_by").order_by("-requested_at").first()
    # The newest session alone (the tab's own list reads them all, with their events).
    session = LivenessSession.objects.filter(customer=customer).order_by("-created_at", "-id").first()
    return {"review": review, "session": session}


def register_identity_outcomes() -> None:
    register_outcome(Outcome("kyc/_identity_outcomes.html", identity_outcomes, order=10))
