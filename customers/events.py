"""What the customers app tells the apps above it (``work`` imports ``customers``, never the
reverse), as ``kyc.events`` does: lists of subscribers, called in the transaction of the change.

``identity_changed`` runs when a customer is created or their identity (names, birth date,
nationalities, legal name) changes: watchlist screening subscribes and screens them again once
the change commits.

``delivery_failed`` runs when something staff asked for did not reach its recipient for good: a
password reset email given up after its retries, a statement the worker could not produce.
``delivery_settled`` runs when that is made good (a later reset email left, the statement was
retried). The work queues subscribe to open and close an item for each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class DeliveryFailed:
    subject: models.Model  # a PasswordReset or a StatementExport
    customer_id: int
    title: str  # what did not arrive, for whoever makes it good
    permission: str  # who may make it good (send the email again, retry the statement)
    requested_by: object = None  # the staff member who asked for it (a statement is theirs to retry)
    confidential: bool = False  # its item only for those who see confidential data (a regulator dossier)


_failed: list[Callable[[DeliveryFailed], None]] = []
_settled: list[Callable[[models.Model, object], None]] = []


def on_delivery_failed(subscriber: Callable[[DeliveryFailed], None]) -> None:
    if subscriber not in _failed:
        _failed.append(subscriber)


def on_delivery_settled(subscriber: Callable[[models.Model, object], None]) -> None:
    if subscriber not in _settled:
        _settled.append(subscriber)


def delivery_failed(event: DeliveryFailed) -> None:
    for subscriber in _failed:
        subscriber(event)


def delivery_settled(subject: models.Model, actor) -> None:
    for subscriber in _settled:
        subscriber(subject, actor)


_identity: list[Callable[[object, tuple[str, ...]], None]] = []


def on_identity_changed(subscriber: Callable[[object, tuple[str, ...]], None]) -> None:
    if subscriber not in _identity:
        _identity.append(subscriber)


def identity_changed(customer, fields: tuple[str, ...]) -> None:
    """``customer`` was created (``fields`` empty) or these identity fields of theirs changed."""
    for subscriber in _identity:
        subscriber(customer, fields)


_type_changed: list[Callable[..., None]] = []


def on_type_changed(subscriber: Callable[..., None]) -> None:
    """``subscriber(customer, actor)`` once a customer's person or company type changed, in the
    transaction of the change (compliance lets go of a limit pack chosen by hand of another type)."""
    if subscriber not in _type_changed:
        _type_changed.append(subscriber)


def type_changed(customer, actor) -> None:
    for subscriber in _type_changed:
        subscriber(customer, actor)
