"""What a customer must provide before a review can be requested (T "KYC form"), the
completeness checklist the KYC tab shows, and the reasons a review cannot be requested yet.

The form comes from ``KycForm``: the customer's kind and country, else the kind's default. The
migration ``0006`` seeds the defaults (DOMAIN.md): a person provides an identity document and a
proof of address; a company its registration, its statutes, and the identity of its legal
representatives and of its owners of 25 % or more (KYB: the group is reviewed together).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from customers.choices import KycLevel, RelationshipKind, Status
from customers.models import Customer, Relationship, Transaction
from customers.selectors.holdings import vigilance_payin_of
from customers.services.prospects import prospect_refusal

from .choices import Applicant, DocumentStatus, ReviewStatus
from .models import Document, KycForm, KycFormRequirement, LivenessSession, Review, TaxResidence

# A document counts towards a requirement until it is refused or withdrawn.
COUNTING = (DocumentStatus.PENDING, DocumentStatus.PRE_VALIDATED, DocumentStatus.VALIDATED)
OWNER_THRESHOLD = 25


@dataclass
class ChecklistLine:
    requirement: KycFormRequirement
    customer: Customer
    documents: list[Document] = field(default_factory=list)
    # The customer's passed live verification, standing for their own documents (seed 002: the
    # provider sends them after the review request); None on a line documents meet.
    liveness: LivenessSession | None = None

    @property
    def met(self) -> bool:
        return bool(self.documents) or self.liveness is not None


@dataclass
class Checklist:
    form: KycForm | None
    lines: list[ChecklistLine]
    members: list[Customer]
    vigilance_payin: Transaction | None = None
    # The group's deactivated representatives and owners: asked nothing, but the group cannot be
    # reviewed while they are still declared (``group_blockers``).
    departed: list[Customer] = field(default_factory=list)

    @property
    def vigilance_required(self) -> bool:
        return bool(self.form and self.form.vigilance_payin_required)

    @property
    def complete(self) -> bool:
        return all(line.met for line in self.lines) and (
            self.vigilance_payin is not None or not self.vigilance_required
        )

    def __iter__(self):
        return iter(self.lines)


def form_for(customer: Customer) -> KycForm | None:
    """The form of the customer's kind and country, else the kind's default."""
    forms = KycForm.objects.filter(kind=customer.kind, country__in=[customer.country or "", ""]).prefetch_related(
        "requirements"
    )
    return max(forms, key=lambda form: bool(form.country), default=None)


def declared_group(company: Customer) -> list[Customer]:
    """The persons declared in a company's group (KYB): its legal representatives and its owners of
    25 % or more (the issue; AMLD's beneficial owner is above 25 %, so this takes in the owner at
    exactly 25 % too, the safer side for a review), deactivated or not."""
    links = Relationship.objects.filter(customer=company).select_related("related")
    members = {}
    for link in links:
        owner = link.kind == RelationshipKind.SHAREHOLDER and (link.ownership_percent or 0) >= OWNER_THRESHOLD
        if (link.kind == RelationshipKind.LEGAL_REPRESENTATIVE or owner) and link.related.is_person:
            members[link.related_id] = link.related
    return list(members.values())


def group_of(company: Customer) -> tuple[list[Customer], list[Customer]]:
    """The persons reviewed with a company, whose documents its checklist asks for, and the
    declared ones who are deactivated. These are asked nothing: they can upload nothing any more
    (deactivation is irreversible); ``group_blockers`` asks the staff to bring the company's
    relationships up to date instead. One query."""
    declared = declared_group(company)
    return [m for m in declared if not m.is_deactivated], [m for m in declared if m.is_deactivated]


def checklist(customer: Customer) -> Checklist:
    """Each requirement of the customer's form (and, for a company, of each member of its group)
    with the documents that meet it; a fixed number of queries whatever the group's size."""
    form = form_for(customer)
    requirements = list(form.requirements.all()) if form else []
    members, departed = group_of(customer) if customer.is_company else ([], [])
    lines = []
    for requirement in requirements:
        applicants = members if requirement.applicant == Applicant.GROUP_MEMBER else [customer]
        lines += [ChecklistLine(requirement, applicant) for applicant in applicants]
    owners = {customer.pk, *(member.pk for member in members)}
    documents = Document.objects.filter(customer_id__in=owners, status__in=COUNTING).order_by("uploaded_at")
    for document in documents:
        for line in lines:
            if line.customer.pk == document.customer_id and document.document_type in line.requirement.document_types:
                line.documents.append(document)
    liveness = liveness_standing_for_documents(customer)  # always: the tab's queries do not depend on the lines
    for line in lines:
        if not line.documents and line.customer.pk == customer.pk:
            line.liveness = liveness
    payin = vigilance_payin_of(customer) if form and form.vigilance_payin_required else None
    return Checklist(form=form, lines=lines, members=members, vigilance_payin=payin, departed=departed)


def liveness_standing_for_documents(customer: Customer) -> LivenessSession | None:
    """The passed live verification that stands for the customer's documents: one passed since the
    last review request (the review may be requested on its strength), or, while that review is
    pending, the one whose documents were asked for with it (they are on their way). Two queries,
    whatever the customer's state."""
    last = Review.objects.filter(customer=customer).order_by("-requested_at").values("requested_at", "status")[:1]
    sessions = LivenessSession.objects.filter(customer=customer, status="processed", score=1)
    if last:
        since = Q(created_at__gt=last[0]["requested_at"])
        if last[0]["status"] == "pending":
            since |= Q(documents_requested_at__isnull=False, created_at__lte=last[0]["requested_at"])
        sessions = sessions.filter(since)
    return sessions.order_by("-created_at").first()


def passed_liveness(customer: Customer) -> LivenessSession | None:
    """The customer's live verification passed (processed, score 1) since the last review
    request, if any."""
    sessions = LivenessSession.objects.filter(customer=customer, status="processed", score=1)
    last = Review.objects.filter(customer=customer).order_by("-requested_at").values("requested_at")[:1]
    if last:
        sessions = sessions.filter(created_at__gt=last[0]["requested_at"])
    return sessions.order_by("-created_at").first()


def group_blockers(customer: Customer, checklist_: Checklist) -> list[str]:
    """A company is reviewed with its group: it needs a legal representative, and no member may be
    refused for good."""
    if not customer.is_company:
        return []
    reasons = []
    representatives = Relationship.objects.filter(customer=customer, kind=RelationshipKind.LEGAL_REPRESENTATIVE)
    if not representatives.exclude(related__status=Status.CANCELED).exists():
        reasons.append("The company has no legal representative: add one in its relationships.")
    # A deactivated representative or owner can never be identified again: the declared group must
    # be brought up to date (the link removed, a successor linked) before the group is reviewed.
    for person in checklist_.departed:
        reasons.append(f"{person} is deactivated: update the company's relationships (remove or replace them).")
    for member in checklist_.members:
        if member.kyc_level == KycLevel.REFUSED:
            reasons.append(f"{member} was refused permanently: the group cannot be submitted.")
        elif refusal := prospect_refusal(member, doing="submitting the company's group"):
            reasons.append(refusal)
    return reasons


def review_blockers(customer: Customer, checklist_: Checklist | None = None) -> list[str]:
    """Why a review cannot be requested now (empty: it can). The button shows these."""
    if customer.kyc_level == KycLevel.REFUSED:
        return ["The customer was refused permanently: no further review can be requested."]
    if refusal := prospect_refusal(customer, doing="requesting a KYC review"):
        return [refusal]
    # The pending review itself (one per customer is a database constraint), not the kyc_review
    # column: a column that disagrees with the reviews must not lock the customer out.
    if Review.objects.filter(customer=customer, status=ReviewStatus.PENDING).exists():
        return ["A review is already pending."]
    checklist_ = checklist_ or checklist(customer)
    # A passed live verification stands for the documents: the provider collected and checked
    # them, and they arrive (document.create) after the request (seed 002, liveness tables).
    liveness = passed_liveness(customer)
    reasons = []
    for line in checklist_.lines:  # a line the passed check stands for is met (``checklist``)
        own = line.customer.pk == customer.pk
        if not line.met:
            whose = "" if own else f" of {line.customer}"
            reasons.append(f"Missing: {line.requirement.label.lower()}{whose}.")
    reasons += group_blockers(customer, checklist_)
    if (
        customer.is_specified_us_person
        and not TaxResidence.objects.filter(customer=customer, country="US", deleted_at__isnull=True)
        .exclude(tin="")
        .exists()
    ):
        reasons.append("A specified US person needs a United States tax residence with its TIN.")
    owners = [customer.pk, *(member.pk for member in checklist_.members)]
    submitted = Document.objects.filter(customer_id__in=owners)
    waiting = submitted.filter(status=DocumentStatus.PENDING).count()
    if waiting:
        reasons.append(
            f"{waiting} document{'s' if waiting > 1 else ''} still wait{'' if waiting > 1 else 's'} for the pre-review."
        )
    if checklist_.vigilance_required and checklist_.vigilance_payin is None:
        reasons.append("The vigilance transfer from the customer's own EEA bank account is not booked yet.")
    if not reasons and not liveness and not submitted.filter(status=DocumentStatus.PRE_VALIDATED).exists():
        reasons.append("No new pre-validated document to submit: upload and pre-review one first.")
    return reasons
