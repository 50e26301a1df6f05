"""What a customer must provide before a review can be requested (T "KYC form"): the document
types required per customer kind, and the completeness checklist the KYC tab shows.

The defaults here are the sensible ones (DOMAIN.md): a person provides an identity document and a
proof of address; a company its registration, its statutes, and the identity of its legal
representatives and of its owners of more than 25 % (KYB: the group is reviewed together).
Administrators' configuration per kind and country builds on these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from customers.choices import RelationshipKind
from customers.models import Customer, Relationship

from .choices import DocumentStatus, DocumentType
from .models import Document

IDENTITY = (
    DocumentType.IDENTITY_CARD,
    DocumentType.PASSPORT,
    DocumentType.RESIDENCE_PERMIT,
    DocumentType.DRIVING_LICENCE,
)
ADDRESS = (DocumentType.PROOF_OF_ADDRESS, DocumentType.MOBILE_PHONE_INVOICE, DocumentType.OTHER_INVOICE)
REGISTRATION = (DocumentType.COMPANY_REGISTRATION, DocumentType.COMPANY_REGISTRATION_OFFICIAL)
STATUTES = (DocumentType.BUSINESS_LEGAL_STATUS,)
# A document counts towards a requirement until it is refused or withdrawn.
COUNTING = (DocumentStatus.PENDING, DocumentStatus.PRE_VALIDATED, DocumentStatus.VALIDATED)
OWNER_THRESHOLD = 25


@dataclass(frozen=True)
class Requirement:
    label: str
    document_types: tuple[int, ...]


PERSON_REQUIREMENTS = (
    Requirement("Identity document (identity card, passport, residence permit or driving licence)", IDENTITY),
    Requirement("Proof of address (less than three months old)", ADDRESS),
)
COMPANY_REQUIREMENTS = (
    Requirement("Company registration (Kbis or official extract)", REGISTRATION),
    Requirement("Statutes (business legal status)", STATUTES),
)


@dataclass
class ChecklistLine:
    requirement: Requirement
    customer: Customer
    documents: list[Document] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.documents)


def group_members(company: Customer) -> list[Customer]:
    """The persons reviewed with a company (KYB): its legal representatives and its owners of more
    than 25 %."""
    links = Relationship.objects.filter(customer=company).select_related("related")
    members = {}
    for link in links:
        owner = link.kind == RelationshipKind.SHAREHOLDER and (link.ownership_percent or 0) > OWNER_THRESHOLD
        if (link.kind == RelationshipKind.LEGAL_REPRESENTATIVE or owner) and link.related.is_person:
            members[link.related_id] = link.related
    return list(members.values())


def checklist(customer: Customer) -> list[ChecklistLine]:
    """Each requirement of the customer (and, for a company, of its group) with the documents
    that meet it; two queries whatever the group's size."""
    lines = [ChecklistLine(r, customer) for r in (PERSON_REQUIREMENTS if customer.is_person else COMPANY_REQUIREMENTS)]
    if customer.is_company:
        members = group_members(customer)
        lines += [ChecklistLine(PERSON_REQUIREMENTS[0], member) for member in members]
    owners = {line.customer.pk for line in lines}
    documents = Document.objects.filter(customer_id__in=owners, status__in=COUNTING).order_by("uploaded_at")
    for document in documents:
        for line in lines:
            if line.customer.pk == document.customer_id and document.document_type in line.requirement.document_types:
                line.documents.append(document)
    return lines
