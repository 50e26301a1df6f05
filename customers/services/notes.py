"""Staff notes: written once, never edited or deleted; pinning is the only change.

A deactivated customer's notes stay writable (added, pinned, unpinned): a note annotates the
profile and changes nothing about the customer, so ``require_open_customer`` does not apply (the
record of why an account was closed is often written after it was)."""

from __future__ import annotations

from django.db import transaction

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import NoteVisibility
from ..models import Customer, Note

COMPLIANCE_NOTES = "customers.view_compliance_notes"


@transaction.atomic
def add_note(*, actor, customer: Customer, body: str, visibility: str, pinned: bool = False) -> Note:
    if not body.strip():
        raise DomainError("Write the note.", field="body")
    if visibility == NoteVisibility.COMPLIANCE and not actor.has_perm(COMPLIANCE_NOTES):
        raise DomainError(
            "Only compliance officers and administrators write compliance-only notes.", field="visibility"
        )
    note = Note.objects.create(
        customer=customer, author=actor, body=body.strip(), visibility=visibility, is_pinned=pinned
    )
    audit.record(
        action="customers.note.added",
        actor=actor,
        customer_id=customer.pk,
        target=note,
        changes={"body": [None, note.body], "visibility": [None, visibility], "pinned": [None, pinned]},
        # A compliance-only note stays between those who may read it, in the history too.
        confidential=note.is_confidential,
    )
    return note


@transaction.atomic
def _set_pinned(*, actor, note: Note, pinned: bool) -> Note:
    note = Note.objects.select_for_update().get(pk=note.pk)
    if note.is_confidential and not actor.has_perm(COMPLIANCE_NOTES):
        raise DomainError("Only compliance officers and administrators handle compliance-only notes.")
    if note.is_pinned == pinned:
        raise DomainError("This note is pinned already." if pinned else "This note is not pinned.")
    note.is_pinned = pinned
    note.save(update_fields=["is_pinned"])
    audit.record(
        action="customers.note.pinned" if pinned else "customers.note.unpinned",
        actor=actor,
        customer_id=note.customer_id,
        target=note,
        changes={"pinned": [not pinned, pinned]},
        confidential=note.is_confidential,
    )
    return note


def pin_note(*, actor, note: Note) -> Note:
    return _set_pinned(actor=actor, note=note, pinned=True)


def unpin_note(*, actor, note: Note) -> Note:
    return _set_pinned(actor=actor, note=note, pinned=False)
