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
    """Why the hit cannot be decided now: decided already, or a decision on it waits for a second
    reviewer (no one decides around it: approve, reject or withdraw that request first)."""
    return _status_refusal(hit) or _waiting_refusal(hit)


def _status_refusal(hit: ScreeningHit) -> str | None:
    if hit.status != HitStatus.OPEN:
        return f"This hit was decided already: {hit.get_status_display().lower()}."
    return None


def _waiting_refusal(hit: ScreeningHit) -> str | None:
    from backoffice.models import ApprovalRequest

    waiting = ApprovalRequest.objects.filter(
        target_model="screening.screeninghit", target_id=str(hit.pk), status="pending", expires_at__gt=timezone.now()
    ).first()
    if waiting is None:
        return None
    return (
        f"A decision on this hit waits for a second reviewer (request #{waiting.pk}): approve, reject or "
        "withdraw it first."
    )


def _locked(hit: ScreeningHit, reason: str, *, approved: bool = False) -> tuple[ScreeningHit, str]:
    """The hit, locked, if it may be decided (``approved``: the waiting request is this decision's own)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is kept with the decision and in the audit log.", field="reason")
    hit = ScreeningHit.objects.select_for_update().select_related("entity").get(pk=hit.pk)
    refusal = _status_refusal(hit) or (None if approved else _waiting_refusal(hit))
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
    """The customer is the listed subject (a true match): run once a second reviewer approved
    (the command always waits: its own request is the one waiting)."""
    hit, reason = _locked(hit, reason, approved=True)
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
