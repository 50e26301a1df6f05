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
    from .liveness.selectors import liveness_sessions_of
    from .models import Review

    review = Review.objects.filter(customer=customer).select_related("decided_by").order_by("-requested_at").first()
    sessions = liveness_sessions_of(customer)
    return {"review": review, "session": sessions[0] if sessions else None}


def register_identity_outcomes() -> None:
    register_outcome(Outcome("kyc/_identity_outcomes.html", identity_outcomes, order=10))
