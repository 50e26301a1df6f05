"""The "KYC form" (T) administrators keep: per customer kind, a default form for every country and,
where a country needs other documents, a form of its own that replaces the default for customers
whose legal address is there (``kyc.requirements.form_for``).

A form is saved whole, as its page shows it: the vigilance flag and every line at once, or nothing.
Each change is audited with a readable summary of the form before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django_countries import countries

from backoffice import audit
from backoffice.errors import ConcurrentEditError, DomainError
from backoffice.models import StaffUser
from customers.choices import Kind

from ..choices import Applicant, DocumentType
from ..models import KycForm, KycFormRequirement
from ..models.kyc_form import LABEL_MAX_LENGTH

MAX_LINES = 30


@dataclass(frozen=True)
class RequirementLine:
    """One line of the form as the page sends it: an existing line (``pk``) or a new one.
    ``order`` is the position asked for (lines without one go last, in the order given)."""

    label: str
    document_types: tuple[int, ...]
    applicant: str = Applicant.CUSTOMER
    order: int | None = None
    pk: int | None = None


class RequirementLineError(DomainError):
    """A rule refused one line: ``line`` is its index in the list the caller gave."""

    def __init__(self, line: int, message: str, *, field: str | None = None):
        super().__init__(message, field=field)
        self.line = line


def checked_lines(kind: int, lines: list[RequirementLine]) -> list[RequirementLine]:
    """The lines, cleaned and in their final order, once every rule holds."""
    if not lines:
        raise DomainError(
            "Keep at least one line: a form without lines would let a review be requested without documents."
        )
    if len(lines) > MAX_LINES:
        raise DomainError(f"A form has at most {MAX_LINES} lines.")
    labels: set[str] = set()
    checked = []
    for index, line in enumerate(lines):
        label = " ".join(line.label.split())
        if not label:
            raise RequirementLineError(index, "Give the line a label: the KYC tab shows it to staff.", field="label")
        if len(label) > LABEL_MAX_LENGTH:
            raise RequirementLineError(index, f"At most {LABEL_MAX_LENGTH} characters.", field="label")
        if label.casefold() in labels:
            raise RequirementLineError(
                index, f"Another line is already labelled “{label}”: give each line its own label.", field="label"
            )
        labels.add(label.casefold())
        types = tuple(dict.fromkeys(int(value) for value in line.document_types))
        if not types:
            raise RequirementLineError(
                index, "Tick at least one document type: any one of them meets the line.", field="document_types"
            )
        unknown = [value for value in types if value not in DocumentType.values]
        if unknown:
            raise RequirementLineError(index, f"Unknown document type {unknown[0]}.", field="document_types")
        if line.applicant not in Applicant.values:
            raise RequirementLineError(index, "Choose whose documents the line asks for.", field="applicant")
        if kind == Kind.PERSON and line.applicant == Applicant.GROUP_MEMBER:
            raise RequirementLineError(
                index,
                "A person has no legal representatives or owners: on a person's form, every line asks for "
                "the customer's own documents.",
                field="applicant",
            )
        checked.append((line.order if line.order is not None else 10_000, index, line, label, types))
    checked.sort(key=lambda item: item[:2])
    return [
        RequirementLine(label=label, document_types=types, applicant=line.applicant, order=position, pk=line.pk)
        for position, (_, _, line, label, types) in enumerate(checked)
    ]


def line_summary(label: str, document_types, applicant: str) -> str:
    """One line as the audit log shows it: ``Identity document: Passport, Identity card``."""
    names = ", ".join(DocumentType(t).label if t in DocumentType.values else str(t) for t in document_types)
    whose = " (each legal representative and owner)" if applicant == Applicant.GROUP_MEMBER else ""
    return f"{label}{whose}: {names}"


def form_summary(requirements) -> list[str]:
    return [line_summary(r.label, r.document_types, r.applicant) for r in requirements]


def _staff(actor) -> StaffUser | None:
    return actor if isinstance(actor, StaffUser) else None  # a system actor is named in the audit only


@transaction.atomic
def save_kyc_form(
    *,
    actor: audit.Actor,
    form: KycForm,
    vigilance_payin_required: bool,
    lines: list[RequirementLine],
    opened_at: datetime | None = None,
) -> KycForm:
    """Save the vigilance flag and every line of ``form`` at once: lines kept are updated, lines
    left out are deleted, new lines (no ``pk``) added. ``opened_at`` is the form's ``updated_at``
    when the page was opened: a form saved by someone else since is not overwritten."""
    locked = KycForm.objects.select_for_update().filter(pk=form.pk).first()
    if locked is None:
        raise DomainError("This form was deleted meanwhile: go back to the list of KYC forms.")
    form = locked
    if opened_at is not None and form.updated_at != opened_at:
        raise ConcurrentEditError("this KYC form")
    wanted = checked_lines(form.kind, lines)
    current = {requirement.pk: requirement for requirement in form.requirements.all()}
    if {line.pk for line in wanted if line.pk is not None} - set(current):
        raise ConcurrentEditError("this KYC form")
    before = form_summary(current.values())
    after = [line_summary(line.label, line.document_types, line.applicant) for line in wanted]
    changes: dict[str, list[Any]] = {}
    if before != after:
        changes["requirements"] = [before, after]
    if form.vigilance_payin_required != vigilance_payin_required:
        changes["vigilance_payin_required"] = [form.vigilance_payin_required, vigilance_payin_required]
    kept = {line.pk for line in wanted}
    if not changes and all(current[line.pk].order == line.order for line in wanted if line.pk is not None):
        return form
    KycFormRequirement.objects.filter(form=form).exclude(pk__in=[pk for pk in kept if pk is not None]).delete()
    new = []
    for line in wanted:
        values = {
            "label": line.label,
            "document_types": list(line.document_types),
            "applicant": line.applicant,
            "order": line.order,
        }
        if line.pk is None:
            new.append(KycFormRequirement(form=form, **values))
            continue
        requirement = current[line.pk]
        changed = [name for name, value in values.items() if getattr(requirement, name) != value]
        if changed:
            for name in changed:
                setattr(requirement, name, values[name])
            requirement.save(update_fields=changed)
    KycFormRequirement.objects.bulk_create(new)
    form.vigilance_payin_required = vigilance_payin_required
    form.updated_by = _staff(actor)
    form.save(update_fields=["vigilance_payin_required", "updated_by", "updated_at"])
    if changes:
        audit.record(action="kyc.form.updated", actor=actor, target=form, changes=changes)
    return form


@transaction.atomic
def create_country_form(*, actor: audit.Actor, kind: int, country: str) -> KycForm:
    """A form of its own for customers of ``kind`` whose legal address is in ``country``. It
    starts as a copy of the kind's default (lines and vigilance flag), to edit from there."""
    if kind not in Kind.values:
        raise DomainError("Choose the kind of customer the form is for.", field="kind")
    country = (country or "").strip().upper()
    if not country:
        raise DomainError("Choose the country: the form with no country is the kind's default.", field="country")
    if country not in countries:
        raise DomainError("Choose a country from the list.", field="country")
    kind_label, country_name = Kind(kind).label, countries.name(country)
    # Locking the default serialises two administrators adding a form of the same kind.
    default = KycForm.objects.select_for_update().filter(kind=kind, country="").first()
    taken = DomainError(
        f"{country_name} already has its own form for {kind_label.lower()} customers: edit that one instead.",
        field="country",
    )
    if KycForm.objects.filter(kind=kind, country=country).exists():
        raise taken
    try:
        with transaction.atomic():
            form = KycForm.objects.create(
                kind=kind,
                country=country,
                vigilance_payin_required=default.vigilance_payin_required if default else False,
                updated_by=_staff(actor),
            )
    except IntegrityError:
        raise taken from None
    copies = [
        KycFormRequirement(
            form=form,
            label=requirement.label,
            document_types=list(requirement.document_types),
            applicant=requirement.applicant,
            order=position,
        )
        for position, requirement in enumerate(default.requirements.all() if default else [])
    ]
    KycFormRequirement.objects.bulk_create(copies)
    audit.record(
        action="kyc.form.created",
        actor=actor,
        target=form,
        changes={
            "requirements": [None, form_summary(copies)],
            "vigilance_payin_required": [None, form.vigilance_payin_required],
        },
    )
    return form


@transaction.atomic
def delete_country_form(*, actor: audit.Actor, form: KycForm) -> None:
    """Delete a country's own form: its customers follow the kind's default again. A kind's
    default is never deleted (customers of every other country follow it)."""
    locked = KycForm.objects.select_for_update().filter(pk=form.pk).first()
    if locked is None:
        raise DomainError("This form was already deleted.")
    form = locked
    if not form.country:
        raise DomainError(
            "The default form of a kind is never deleted: customers of every country without a form of "
            "their own follow it. Edit its lines instead."
        )
    audit.record(
        action="kyc.form.deleted",
        actor=actor,
        target=form,
        changes={
            "requirements": [form_summary(form.requirements.all()), None],
            "vigilance_payin_required": [form.vigilance_payin_required, None],
        },
    )
    form.delete()
