"""The KYC review lifecycle (seed 002): request a review, assign it, decide it.

The customer's (``kyc_level``, ``kyc_review``) pair moves only as ``KYC_TRANSITIONS`` declares,
a table read straight off seed 002's lifecycles:

- a first request, or one after a refusal, resets the level to NONE while the review is pending
  ("non-compliant documents", step 5);
- a validated customer keeps REGULAR (or STRONG) while a new review is pending ("modifying an
  already validated user": full service meanwhile);
- compliance validates with REGULAR or STRONG, refuses with LIGHT, REGULAR or STRONG, or refuses
  permanently (REFUSED: every later upload and request is refused).

Each decision also settles the submitted documents (validated, or refused with their reason) and
brings the verification status and level in step (``customers.services.verification``). Moving
to a level where cards may not pay (None, Light, Refused) locks the customer's active cards in the
same transaction (seed 002).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from customers.choices import KYC_DECIDED_REVIEWS
from customers.choices import KycLevel as L
from customers.choices import KycReview as R
from customers.models import Customer
from customers.services.cards import lock_cards_for_kyc_level
from customers.services.common import require_open_customer
from customers.services.verification import refresh_verification

from .. import events, work_items
from ..choices import DocumentStatus, ReviewStatus
from ..models import Document, Review, ReviewDocument
from ..requirements import checklist, review_blockers
from ..review_status import kyc_review_from_documents

CHOSEN = "chosen"  # the level compliance picks in the decision
DECIDABLE = (L.NONE, L.REGULAR, L.STRONG)  # the levels a pending review can be at

# command → {(kyc_level, kyc_review) before: (kyc_level, kyc_review) after}
KYC_TRANSITIONS: dict[str, dict[tuple[int, int], tuple[int | str, int]]] = {
    "request": {
        (L.NONE, R.NONE): (L.NONE, R.PENDING),
        (L.LIGHT, R.REFUSED): (L.NONE, R.PENDING),
        (L.REGULAR, R.REFUSED): (L.NONE, R.PENDING),
        (L.STRONG, R.REFUSED): (L.NONE, R.PENDING),
        (L.REGULAR, R.VALIDATED): (L.REGULAR, R.PENDING),
        (L.STRONG, R.VALIDATED): (L.STRONG, R.PENDING),
    },
    "validate": {(level, R.PENDING): (CHOSEN, R.VALIDATED) for level in DECIDABLE},
    "refuse": {(level, R.PENDING): (CHOSEN, R.REFUSED) for level in DECIDABLE},
    "refuse_permanently": {(level, R.PENDING): (L.REFUSED, R.REFUSED) for level in DECIDABLE},
}
# The levels compliance may choose, per decision.
DECISION_LEVELS = {
    "validate": (L.REGULAR, L.STRONG),
    "refuse": (L.LIGHT, L.REGULAR, L.STRONG),
    "refuse_permanently": (L.REFUSED,),
}
REVIEW_OUTCOMES = {
    "validate": ReviewStatus.VALIDATED,
    "refuse": ReviewStatus.REFUSED,
    "refuse_permanently": ReviewStatus.REFUSED_PERMANENTLY,
}
AUDIT_ACTIONS = {
    "validate": "kyc.review.validated",
    "refuse": "kyc.review.refused",
    "refuse_permanently": "kyc.review.refused_permanently",
}


def permanent_refusal_refusal(review: Review) -> str | None:
    """Why the review can no longer be refused for good (decided meanwhile), or None."""
    return None if review.is_pending else f"This review was decided already: {review.get_status_display().lower()}."


def decision_refusal(review: Review, actor, parameters: dict | None = None) -> str | None:
    """Segregation of duties: the staff member who asked for the review does not decide it."""
    if isinstance(actor, StaffUser) and review.requested_by_id == actor.pk:
        return "You asked for this review: another person decides it (segregation of duties)."
    return None


def kyc_transition(customer: Customer, command: str, level: int | None = None) -> tuple[int, int]:
    """The (level, review) the customer moves to, or a DomainError naming why not."""
    after = KYC_TRANSITIONS[command].get((customer.kyc_level, customer.kyc_review))
    if after is None:
        state = f"KYC level {L(customer.kyc_level).label}, review {R(customer.kyc_review).label}"
        raise DomainError(f"Not possible at {state.lower()}.")
    new_level, new_review = after
    if isinstance(new_level, int):
        return new_level, new_review
    # CHOSEN: the level the decision gives
    if level is None or level not in DECISION_LEVELS[command]:
        names = " or ".join(L(choice).label for choice in DECISION_LEVELS[command])
        raise DomainError(f"Choose the KYC level: {names}.", field="level")
    return level, new_review


def _move(*, actor, customer: Customer, level: int, review: int, reason: str) -> dict[str, list[Any]]:
    """Move the (locked) customer's pair; a move to a level where cards may not pay (seed 002)
    locks the active cards, each lock audited with ``reason``, the decision's."""
    changes: dict[str, list[Any]] = {}
    if customer.kyc_level != level:
        changes["kyc_level"] = [L(customer.kyc_level).label, L(level).label]
    if customer.kyc_review != review:
        changes["kyc_review"] = [R(customer.kyc_review).label, R(review).label]
    customer.kyc_level, customer.kyc_review = level, review
    fields = ["kyc_level", "kyc_review", "updated_at"]
    if review in KYC_DECIDED_REVIEWS:  # S's "last date that KYC was run"
        customer.kyc_checked_at = timezone.now()
        fields.append("kyc_checked_at")
    customer.save(update_fields=fields)
    if "kyc_level" in changes:
        # Seed 002: where cards may not pay "it is your responsibility to lock the User's Cards".
        locked = lock_cards_for_kyc_level(actor=actor, customer=customer, decision_reason=reason)
        if locked:
            changes["cards_locked"] = [None, [str(card) for card in locked]]
    return changes


@transaction.atomic
def request_review(*, actor, customer: Customer) -> Review:
    """Submit the customer (with its KYB group) for review: every pre-validated document of the
    group goes with it. Refused, with every reason, unless ``review_blockers`` is empty."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "requesting a KYC review")
    list_ = checklist(customer)
    blockers = review_blockers(customer, list_)
    if blockers:
        raise DomainError(" ".join(blockers))
    level, review_state = kyc_transition(customer, "request")
    owners = [customer.pk, *(member.pk for member in list_.members)]
    # A document goes to one review at a time: a member's own pending review keeps its documents.
    in_review = ReviewDocument.objects.filter(review__status=ReviewStatus.PENDING).values("document_id")
    documents = list(
        Document.objects.select_for_update()
        .filter(customer_id__in=owners, status=DocumentStatus.PRE_VALIDATED)
        .exclude(pk__in=in_review)
    )
    review = Review.objects.create(
        customer=customer,
        requested_by=actor if isinstance(actor, StaffUser) else None,
        level_before=customer.kyc_level,
        review_before=customer.kyc_review,
    )
    ReviewDocument.objects.bulk_create([ReviewDocument(review=review, document=d) for d in documents])
    review_state = kyc_review_from_documents([d.status for d in documents], review_decided=False)
    changes = _move(
        actor=actor, customer=customer, level=level, review=review_state, reason=f"KYC review #{review.pk} requested."
    )
    changes["documents"] = [None, [str(d) for d in documents]]
    audit.record(action="kyc.review.requested", actor=actor, customer_id=customer.pk, target=review, changes=changes)
    refresh_verification(actor=actor, customer=customer, reason=f"KYC review #{review.pk} requested")
    events.review_requested(actor=actor, customer=customer, review=review)
    work_items.review_requested(review)
    return review


@transaction.atomic
def assign_review(*, actor, review: Review, assignee: StaffUser | None) -> Review:
    """Take a pending review ("assign to me"), or give it back (``assignee`` None)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_pending:
        raise DomainError(f"This review is {review.get_status_display().lower()} already: nothing to assign.")
    if assignee is not None and review.requested_by_id == assignee.pk:  # segregation of duties
        whose = "You asked" if assignee == actor else f"{assignee} asked"
        raise DomainError(f"{whose} for this review: another person decides it.")
    before = review.assigned_to.get_username() if review.assigned_to else None
    after = assignee.get_username() if assignee else None
    if before == after:
        return review
    review.assigned_to, review.assigned_at = assignee, timezone.now() if assignee else None
    review.save(update_fields=["assigned_to", "assigned_at"])
    audit.record(
        action="kyc.review.assigned",
        actor=actor,
        customer_id=review.customer_id,
        target=review,
        changes={"assigned_to": [before, after]},
    )
    work_items.review_assigned(review)
    return review


def take_review(*, actor: StaffUser, review: Review) -> Review:
    """ "Assign to me"."""
    return assign_review(actor=actor, review=review, assignee=actor)


def release_review(*, actor, review: Review) -> Review:
    """Give the review back to the queue."""
    return assign_review(actor=actor, review=review, assignee=None)


def validate_review(
    *, actor, review: Review, level: int, reason: str = "", documents_seen: set[int] | None = None
) -> Review:
    """Validate the review at REGULAR or STRONG: every submitted document is validated."""
    return _decide(actor, review, "validate", level, reason, None, documents_seen)


def refuse_review(
    *,
    actor,
    review: Review,
    level: int,
    reason: str,
    document_reasons: dict[int, str] | None = None,
    documents_seen: set[int] | None = None,
) -> Review:
    """Refuse the review (LIGHT, or REGULAR or STRONG kept), with the reason and at least one
    refused document's."""
    return _decide(actor, review, "refuse", level, reason, document_reasons, documents_seen)


def refuse_permanently(*, actor, review: Review, reason: str, documents_seen: set[int] | None = None) -> Review:
    """Refuse the customer for good: every submitted document is refused."""
    return _decide(actor, review, "refuse_permanently", None, reason, None, documents_seen)


# The decision page's choice → the service of that verb.
DECISIONS = {"validate": validate_review, "refuse": refuse_review, "refuse_permanently": refuse_permanently}


@transaction.atomic
def _decide(
    actor,
    review: Review,
    decision: str,
    level: int | None,
    reason: str,
    document_reasons: dict[int, str] | None,
    documents_seen: set[int] | None,
) -> Review:
    """Validate (REGULAR or STRONG), refuse (LIGHT, REGULAR or STRONG, with the reason and the
    refused documents' reasons) or refuse permanently. Validating validates every submitted
    document; refusing refuses those given a reason (at least one, seed 002: "rejects at least one
    document") and validates the others; a permanent refusal refuses them all. A refusal keeps
    REGULAR or STRONG only if the customer held it before the request. ``documents_seen``: the
    documents the decision page showed; if others joined the review since (a live verification's),
    the decision is refused so that nobody validates a document they have not looked at."""
    if decision not in KYC_TRANSITIONS or decision == "request":
        raise DomainError("Unknown decision.")
    review = Review.objects.select_for_update().select_related("customer").get(pk=review.pk)
    if not review.is_pending:
        raise DomainError(f"This review was decided already: {review.get_status_display().lower()}.")
    refusal = decision_refusal(review, actor)
    if refusal:
        raise DomainError(refusal)
    customer = Customer.objects.select_for_update().get(pk=review.customer_id)
    reason = reason.strip()
    reasons = {int(pk): text.strip() for pk, text in (document_reasons or {}).items() if text.strip()}
    if documents_seen is not None:
        documents_seen = {int(pk) for pk in documents_seen}  # a stored request keeps them as a JSON list
    if decision != "validate" and not reason:
        raise DomainError("Say why the customer is refused: the reason is required.", field="reason")
    if decision == "validate" and reasons:
        raise DomainError("A validation refuses no document: clear the document reasons, or refuse instead.")
    new_level, new_review = kyc_transition(customer, decision, L.REFUSED if decision == "refuse_permanently" else level)
    if decision == "refuse" and level in (L.REGULAR, L.STRONG) and level > review.level_before:
        raise DomainError(
            f"A refusal keeps Regular or Strong only for a customer who held it before the request "
            f"(this one had {L(review.level_before).label}): choose Light.",
            field="level",
        )
    submitted = list(review.submitted.select_related("document").select_for_update(of=("self",)))
    submitted_ids = {row.document_id for row in submitted}
    if set(reasons) - submitted_ids:
        raise DomainError("A document reason names a document this review did not submit.")
    if documents_seen is not None and submitted_ids - documents_seen:
        raise DomainError("Documents joined this review after you opened it: look at them, then decide again.")
    if decision == "validate" and not submitted:
        raise DomainError("No document was submitted yet (a live verification's arrive by themselves): wait for them.")
    if decision == "refuse" and submitted and not reasons:
        raise DomainError("Refusing: give the reason beside at least one refused document.")
    now, staff = timezone.now(), actor if isinstance(actor, StaffUser) else None
    settled = []
    for row in submitted:
        if row.document.status != DocumentStatus.PRE_VALIDATED:
            continue  # decided elsewhere already (never decided twice)
        refused = decision == "refuse_permanently" or row.document_id in reasons
        document = row.document
        document.status = DocumentStatus.REFUSED if refused else DocumentStatus.VALIDATED
        document.review_comment = reasons.get(row.document_id, reason if refused else "")
        document.reviewed_at, document.reviewed_by = now, staff
        document.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by"])
        row.refusal_reason = document.review_comment if refused else ""
        row.save(update_fields=["refusal_reason"])
        # Each document's own entry, under its own customer: a group member's history shows it.
        audit.record(
            action=f"kyc.document.{document.status}",
            actor=actor,
            customer_id=document.customer_id,
            target=document,
            changes={"status": [DocumentStatus.PRE_VALIDATED, document.status]},
            reason=document.review_comment,
        )
        settled.append(f"{document}: {document.get_status_display().lower()}")
    review.status = REVIEW_OUTCOMES[decision]
    review.decided_at, review.decided_by = now, staff
    review.level_after, review.reason = new_level, reason
    review.save(update_fields=["status", "decided_at", "decided_by", "level_after", "reason"])
    # Seed 002: the review status is deduced from the documents' (the table's column agrees).
    new_review = kyc_review_from_documents([row.document.status for row in submitted], review_decided=True)
    changes = _move(actor=actor, customer=customer, level=new_level, review=new_review, reason=reason)
    changes["documents"] = [None, settled]
    audit.record(
        action=AUDIT_ACTIONS[decision],
        actor=actor,
        customer_id=customer.pk,
        target=review,
        changes=changes,
        reason=reason,
    )
    refresh_verification(
        actor=actor, customer=customer, reason=f"KYC review #{review.pk}: {review.get_status_display()}"
    )
    events.review_decided(actor=actor, customer=customer, review=review, decision=decision)
    work_items.review_decided(review, actor)
    return review
