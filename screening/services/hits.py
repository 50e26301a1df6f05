"""Deciding a watchlist hit (issue 20): a false positive, with its reason, clears the pair until
either side changes (``ClearedPair``); a true match is decided by two people (the command waits
for a second reviewer: ``screening.commands``) and proposes freezing the customer's assets.
Every decision is audited, confidentially (hits are not for support agents)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser

from .. import work_items
from ..models import ClearedPair, HitStatus, ScreeningHit


def decided_refusal(hit: ScreeningHit) -> str | None:
    """Why the hit cannot be decided now (decided already), or None."""
    if hit.status != HitStatus.OPEN:
        return f"This hit was decided already: {hit.get_status_display().lower()}."
    return None


def _locked(hit: ScreeningHit, reason: str) -> tuple[ScreeningHit, str]:
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is kept with the decision and in the audit log.", field="reason")
    hit = ScreeningHit.objects.select_for_update().select_related("entity").get(pk=hit.pk)
    refusal = decided_refusal(hit)
    if refusal:
        raise DomainError(refusal)
    return hit, reason


@transaction.atomic
def clear_hit(*, actor, hit: ScreeningHit, reason: str) -> ScreeningHit:
    """Not the listed subject (a false positive): the pair is not a hit again until the customer's
    screened fields or the listed subject change."""
    hit, reason = _locked(hit, reason)
    _decide(hit, HitStatus.CLEARED, actor, reason)
    ClearedPair.objects.update_or_create(
        customer_id=hit.customer_id,
        entity_id=hit.entity_id,
        defaults={
            "customer_fingerprint": hit.customer_fingerprint,
            "entity_fingerprint": hit.entity_fingerprint,
            "hit": hit,
        },
    )
    return hit


@transaction.atomic
def confirm_hit(*, actor, hit: ScreeningHit, reason: str) -> ScreeningHit:
    """The customer is the listed subject (a true match): run once a second reviewer approved."""
    hit, reason = _locked(hit, reason)
    _decide(hit, HitStatus.CONFIRMED, actor, reason)
    return hit


def _decide(hit: ScreeningHit, status: str, actor, reason: str) -> None:
    before = hit.status
    hit.status, hit.decided_at = status, timezone.now()
    hit.decided_by, hit.decision_reason = (actor if isinstance(actor, StaffUser) else None), reason
    hit.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    audit.record(
        action=f"screening.hit.{status}",
        actor=actor,
        customer_id=hit.customer_id,
        target=hit,
        changes={"status": [before, status], "listed": [None, f"{hit.entity.caption} ({hit.entity.source_id})"]},
        reason=reason,
        confidential=True,
    )
    work_items.hit_decided(hit, actor)
