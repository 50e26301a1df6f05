"""What staff asked for that did not arrive, as work (issue 19): a password reset email given up
after its retries, a statement or a regulator dossier the worker could not produce. Opened when
``customers`` says so (``customers.events``) and closed when it is made good: a later reset email
left, the statement or dossier was retried. A statement's or a dossier's item is its requester's
(only they see their exports)."""

from __future__ import annotations

from django.urls import reverse

from backoffice.models import StaffUser
from customers import events

from . import services
from .choices import WorkKind
from .kinds import register_link

STATEMENT = "customers.statementexport"
DOSSIER = "customers.dossierexport"


def subscribe() -> None:
    register_link(WorkKind.FAILED_EMAIL, _link)
    events.on_delivery_failed(_failed)
    events.on_delivery_settled(_settled)


def _link(item) -> str:
    if item.subject_model == STATEMENT:
        return reverse("export-detail", args=[item.subject_id])
    if item.subject_model == DOSSIER:
        return reverse("dossier-detail", args=[item.subject_id])
    return reverse("customer-profile", args=[item.customer_id])  # where the reset email is sent again


def _failed(event: events.DeliveryFailed) -> None:
    """A statement's item is its requester's alone (``personal``); a reset email's, any holder of
    the permission to send one."""
    requester = event.requested_by if isinstance(event.requested_by, StaffUser) else None
    services.open_item(
        kind=WorkKind.FAILED_EMAIL,
        subject=event.subject,
        title=event.title,
        permission=event.permission,
        customer_id=event.customer_id,
        confidential=event.confidential,
        assignee=requester,
        personal=requester is not None,
    )


def _settled(subject, actor) -> None:
    services.close_items(kind=WorkKind.FAILED_EMAIL, subject=subject, actor=actor)
