"""Reads of the KYC app, scoped to what the staff member may see."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import CharField, F, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from backoffice.markup import choice_label
from backoffice.models import AuditEntry
from backoffice.pagination import BoundedPaginator
from backoffice.prepared import Prepared
from backoffice.selectors import audit_entries_visible_to, customer_history
from customers.choices import AddressKind
from customers.masking import masked_birth_date, masked_last4, sees_full_pii
from customers.models import Address, Customer
from customers.selectors import named, of_visible_customers
from customers.selectors.holdings import count_of

from .choices import IDENTITY_DOCUMENTS, DocumentStatus, ReviewStatus
from .models import Document, LivenessSession, Review, ReviewDocument, TaxResidence

# What the KYC tab's history lists: every KYC transition (tax residences, documents, reviews, live
# verification) and the verification status and level.
KYC_HISTORY_ACTIONS = ("kyc.", "customers.verification.")
KYC_HISTORY_LIMIT = 50


def tax_residences_of(customer: Customer) -> list[TaxResidence]:
    return list(TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True).order_by("country", "id"))


def masked_tin(value: str, user) -> str:
    """The whole TIN for those who see personal data whole; its last four otherwise (DESIGN.md)."""
    if not value or sees_full_pii(user):
        return value
    return masked_last4(value[-4:])


def tax_residences_as_seen_by(user, customer: Customer) -> list[tuple[TaxResidence, str]]:
    return [(residence, masked_tin(residence.tin, user)) for residence in tax_residences_of(customer)]


def documents_of(customer: Customer) -> dict:
    """Treezor's KYC tab: documents to review, and those processed (validated, refused, canceled);
    and the standing of the identity document in force (re-KYC, issue 19)."""
    documents = list(Document.objects.filter(customer=customer).select_related("uploaded_by").order_by("-uploaded_at"))
    return {
        "to_review": [d for d in documents if d.awaits_review],
        "processed": [d for d in documents if not d.awaits_review],
        "identity": identity_standing(documents),
    }


@dataclass(frozen=True)
class IdentityStanding:
    """The identity document in force (passed the first line or validated, the latest expiry),
    and whether it expired or expires within ``EXPIRY_WARNING_DAYS``."""

    document: Document
    today: date

    @property
    def days_left(self) -> int | None:
        expiry = self.document.expiry_date
        return None if expiry is None else (expiry - self.today).days

    @property
    def expired(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def expiring(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= EXPIRY_WARNING_DAYS


EXPIRY_WARNING_DAYS = 30


def identity_standing(documents: list[Document], today: date | None = None) -> IdentityStanding | None:
    in_force = [
        document
        for document in documents
        if document.document_type in IDENTITY_DOCUMENTS
        and document.status in (DocumentStatus.PRE_VALIDATED, DocumentStatus.VALIDATED)
    ]
    if not in_force:
        return None
    latest = max(in_force, key=lambda document: (document.expiry_date or date.max, document.uploaded_at))
    return IdentityStanding(latest, today or timezone.localdate())


def document_for(user, pk: int) -> Document:
    """A document whose customer the staff member may see (404 otherwise)."""
    return get_object_or_404(of_visible_customers(Document.objects.select_related("customer"), user), pk=pk)


# --- reviews ---------------------------------------------------------------------------------


def pending_review_of(customer: Customer) -> Review | None:
    return (
        Review.objects.filter(customer=customer, status=ReviewStatus.PENDING)
        .select_related("requested_by", "assigned_to")
        .first()
    )


def review_for(user, pk: int) -> Review:
    """A review whose customer the staff member may see (404 otherwise)."""
    reviews = Review.objects.select_related("customer", "requested_by", "assigned_to", "decided_by")
    return get_object_or_404(of_visible_customers(reviews, user), pk=pk)


def submitted_documents(review: Review) -> list:
    """The review's documents with their refusal reasons, the company's first, then each member's."""
    rows = review.submitted.select_related("document__customer", "document__uploaded_by").order_by(
        "document__customer_id", "document_id"
    )
    return sorted(rows, key=lambda row: (row.document.customer_id != review.customer_id, row.document.customer_id))


def kyc_history(user, customer: Customer) -> list[tuple]:
    """The KYC side of the customer's audit trail: (entry, changes, reason), newest first."""
    return customer_history(user, customer.pk, prefixes=KYC_HISTORY_ACTIONS, limit=KYC_HISTORY_LIMIT)


# --- queues ----------------------------------------------------------------------------------


def prereview_queue(user) -> QuerySet[Document]:
    """Every pending document across the customers the staff member may see, oldest first, but
    the ones they uploaded: another person pre-reviews those (segregation of duties)."""
    return (
        of_visible_customers(Document.objects.filter(status=DocumentStatus.PENDING), user)
        .exclude(uploaded_by=user)
        .select_related("customer")
        # What the queue's rows show, and the customer's name only.
        .only("uploaded_at", "customer", "document_type", "original_name", "source", *named("customer"))
        .order_by("uploaded_at", "id")
    )


def next_pending_document(user, *, after: Document | None = None) -> Document | None:
    """The oldest pending document ``user`` may pre-review (not one they uploaded: segregation of
    duties), skipping ``after`` (the one just reviewed)."""
    queue = prereview_queue(user)
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.first()


def review_queue(user) -> QuerySet[Review]:
    """Pending reviews, oldest first, with what the queue's columns show."""
    return of_visible_customers(_review_queue_rows(), user).all()


@functools.cache
def _review_queue_rows() -> QuerySet[Review]:
    """The queue's rows, built once per process and cloned by each page (their columns, related
    rows and correlated count cost some 1,500 Python calls to build, issue 17)."""
    return (
        Review.objects.filter(status=ReviewStatus.PENDING)
        .select_related("customer", "requested_by", "assigned_to")
        # What the queue's rows show: the customer's name and country, the staff members' names.
        .only(
            *("requested_at", "customer", "requested_by", "assigned_to", *named("customer", "country")),
            *("requested_by__username", "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name"),
        )
        # A correlated count, not a GROUP BY: the page's LIMIT applies before any counting.
        .annotate(document_count=count_of(ReviewDocument.objects, link="review"))
        .order_by("requested_at", "id")
    )


def declared_data(user, owners: list[Customer]) -> dict[int, list[tuple[str, str]]]:
    """What each customer declared, to read beside their documents: (label, value) pairs, personal
    data masked as the staff member sees it; the legal addresses in one query."""
    addresses = {a.customer_id: a for a in Address.objects.filter(customer__in=owners, kind=AddressKind.LEGAL)}
    declared: dict[int, list[tuple[str, str]]] = {}
    for owner in owners:
        address = addresses.get(owner.pk)
        where = (
            ", ".join(p for p in (address.line1, address.postcode, address.city, str(address.country.name)) if p)
            if address
            else ""
        )
        if owner.is_person:
            pairs = [
                ("Name", " ".join(p for p in (owner.first_name, owner.middle_names, owner.last_name) if p)),
                ("Born", f"{masked_birth_date(owner.birth_date, user)} {owner.birth_place}".strip()),
                ("Nationality", owner.nationality.name if owner.nationality else ""),
            ]
        else:
            pairs = [
                ("Legal name", owner.legal_name),
                ("Registration number", owner.registration_number),
                ("Legal form", owner.legal_form),
                ("Registered on", owner.registration_date.isoformat() if owner.registration_date else ""),
            ]
        declared[owner.pk] = [(label, value or "—") for label, value in [*pairs, ("Legal address", where)]]
    return declared


def _officers_query():
    from backoffice.models import StaffUser

    decide = Q(groups__permissions__codename="decide_kyc_review") | Q(user_permissions__codename="decide_kyc_review")
    return (
        StaffUser.objects.filter(decide, is_active=True)
        .distinct()
        .only("id", "first_name", "last_name", "username")
        .order_by("first_name", "username")
    )


_OFFICERS = Prepared(_officers_query)  # the queue draws it on every page: compiled once


def review_officers() -> list:
    """The staff members who may decide reviews (their names only): the queue's assignee filter."""
    return _OFFICERS.all()


@dataclass
class IdentificationRequest:
    """A row of C's "Identification requests": a review or a live verification session."""

    kind: str
    record: Review | LivenessSession
    log: list = field(default_factory=list)

    @property
    def created_at(self) -> datetime:
        return self.record.requested_at if isinstance(self.record, Review) else self.record.created_at

    @property
    def provider(self) -> str:
        if isinstance(self.record, Review):
            return "Compliance (manual review)"
        return choice_label(LivenessSession, "provider", self.record.provider)

    @property
    def state(self) -> str:
        status = choice_label(type(self.record), "status", self.record.status)
        if isinstance(self.record, Review):
            return status
        score = "" if self.record.score == -1 else f", score {self.record.score}"
        return f"{status}{score}"


# What a request's log shows of each audit entry (kyc.queue_rows): not its changes or context.
LOG_FIELDS = ("target_type", "target_id", "occurred_at", "actor_label", "action", "reason")


# A page's reviews and sessions, compiled once per number of them (backoffice.prepared).
_REVIEWS = Prepared(
    lambda *pks: (
        Review.objects.filter(pk__in=pks)
        .select_related("customer")
        .only("requested_at", "status", "customer", *named("customer"))
    )
)
_SESSIONS = Prepared(
    lambda *pks: (
        LivenessSession.objects.filter(pk__in=pks)
        .select_related("customer")
        .only("created_at", "status", "score", "provider", "reference", "customer", *named("customer"))
    )
)


def identification_requests(user, *, page=None, customer_id: int | None = None):
    """Reviews and live verification sessions, newest first, a page at a time (one UNION query
    and its count), each with its log: the audit entries about it, in one more query; only one
    customer's when ``customer_id`` is given (the profile's toolbar counter lands there)."""
    of_customer = {} if customer_id is None else {"customer_id": customer_id}
    reviews = (
        of_visible_customers(Review.objects.filter(**of_customer), user)
        .annotate(kind=Value("review", output_field=CharField()), created=F("requested_at"))
        .values_list("pk", "kind", "created")
        .order_by()
    )
    sessions = (
        of_visible_customers(LivenessSession.objects.filter(**of_customer), user)
        .annotate(kind=Value("liveness", output_field=CharField()), created=F("created_at"))
        .values_list("pk", "kind", "created")
        .order_by()
    )
    combined = reviews.union(sessions, all=True).order_by("-created", "-pk")
    page = BoundedPaginator(combined, 50).get_page(page)
    wanted = {"review": [pk for pk, kind, _ in page if kind == "review"]}
    wanted["liveness"] = [pk for pk, kind, _ in page if kind == "liveness"]
    records = {("review", r.pk): r for r in (_REVIEWS.all(*wanted["review"]) if wanted["review"] else ())} | {
        ("liveness", s.pk): s for s in (_SESSIONS.all(*wanted["liveness"]) if wanted["liveness"] else ())
    }
    rows = [IdentificationRequest(kind, records[kind, pk]) for pk, kind, _ in page]
    targets = Q(target_type="kyc.review", target_id__in=[str(pk) for pk in wanted["review"]]) | Q(
        target_type="kyc.livenesssession", target_id__in=[str(pk) for pk in wanted["liveness"]]
    )
    by_target: dict[tuple[str, str], list[AuditEntry]] = {}
    log = audit_entries_visible_to(user).filter(targets).only(*LOG_FIELDS).order_by("occurred_at", "pk")
    for entry in log:
        by_target.setdefault((entry.target_type, entry.target_id), []).append(entry)
    for row in rows:
        target_type = "kyc.review" if row.kind == "review" else "kyc.livenesssession"
        row.log = by_target.get((target_type, str(row.record.pk)), [])
    page.object_list = rows
    return page


def vigilance_refunds_of(customer) -> list:
    """The customer's vigilance transfer refunds, newest first, with their transfer and staff."""
    from .models import VigilanceRefund

    return list(
        VigilanceRefund.objects.filter(customer=customer).select_related("payin", "requested_by", "refunded_by")
    )


def review_url(review: Review) -> str:
    """The review's decision page (where a four-eyes request about it links)."""
    from django.urls import reverse

    return reverse("kyc-review-decide", args=[review.pk])
