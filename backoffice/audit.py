"""Writing the audit log: the one helper every service calls, in the transaction of its change.

Entries are written explicitly (never by model signals), so a change made by a Celery task or a
management command is logged too, under a named system actor.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from .models import AuditEntry, StaffUser


@dataclass(frozen=True)
class SystemActor:
    """Who acts when no staff member does: ``SystemActor("celery:statement-export")``."""

    name: str

    @property
    def label(self) -> str:
        return f"system:{self.name}"


Actor = StaffUser | SystemActor


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None


_current_request: ContextVar[RequestContext | None] = ContextVar("audit_request", default=None)


@contextmanager
def request_context(*, request_id: str | None = None, ip_address: str | None = None) -> Iterator[RequestContext]:
    """Bind a request id and client address to every entry written inside the block."""
    context = RequestContext(request_id=request_id or uuid.uuid4().hex, ip_address=ip_address)
    token = _current_request.set(context)
    try:
        yield context
    finally:
        _current_request.reset(token)


def current_request_context() -> RequestContext | None:
    return _current_request.get()


_captured: ContextVar[tuple[list, dict] | None] = ContextVar("audit_captured", default=None)


@contextmanager
def capturing(*, changes: Mapping[str, list[Any]] | None = None) -> Iterator[list[AuditEntry]]:
    """The entries written inside the block, in order, each with ``changes`` added to its own: a
    four-eyes approval seals, into the entries the command's own service writes, the request it
    approved."""
    entries: list[AuditEntry] = []
    token = _captured.set((entries, dict(changes or {})))
    try:
        yield entries
    finally:
        _captured.reset(token)


class _AuditEncoder(DjangoJSONEncoder):
    """Dates, decimals, UUIDs as Django encodes them; other values (a country, a phone number)
    as their text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def json_safe(value: Any) -> Any:
    """Dates, decimals, UUIDs and the like as JSON (model instances as their primary key)."""
    if isinstance(value, models.Model):
        value = value.pk
    return json.loads(json.dumps(value, cls=_AuditEncoder))


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value changed, as ``{field: [before, after]}``."""
    changed = {}
    for field in sorted(set(before) | set(after)):
        old, new = json_safe(before.get(field)), json_safe(after.get(field))
        if old != new:
            changed[field] = [old, new]
    return changed


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` on ``instance``, for a later ``diff``."""
    return {field: getattr(instance, field) for field in fields}


def record(
    *,
    action: str,
    actor: Actor | None,
    customer_id: int | None = None,
    target: models.Model | None = None,
    changes: Mapping[str, list[Any]] | None = None,
    reason: str = "",
    confidential: bool = False,
    confidential_fields: Iterable[str] = (),
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry. Must run inside the transaction of the change it records.

    The entry is sealed into the chain (``backoffice.audit_chain``): from here until the
    transaction ends, other writers of the audit log wait, so record last in the transaction.

    ``actor`` is the staff member, a ``SystemActor``, or None with an ``actor_label`` for an
    anonymous attempt (a failed login names the username that was tried).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Write audit entries inside the transaction of the change (transaction.atomic).")
    context = current_request_context()
    captured = _captured.get()
    if captured is not None and captured[1]:
        changes = {**(changes or {}), **captured[1]}
    staff = actor if isinstance(actor, StaffUser) else None
    if isinstance(actor, SystemActor):
        actor_label = actor.label
    elif staff is not None:
        actor_label = staff.get_username()
    entry = AuditEntry.objects.create(
        action=action,
        actor=staff,
        actor_label=actor_label[:150] or "anonymous",
        customer_id=customer_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=json_safe(dict(changes or {})),
        reason=reason,
        confidential=confidential,
        confidential_fields=sorted(confidential_fields),
        request_id=context.request_id if context else "",
        ip_address=context.ip_address if context else None,
    )
    if captured is not None:
        captured[0].append(entry)
    return entry
