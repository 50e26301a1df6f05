"""The audit log's evidence: every entry is sealed with a keyed hash chained to the entry before.

``hash = HMAC-SHA256(AUDIT_CHAIN_KEY, canonical(entry) + "\\n" + prev_hash)`` in lower-case hex,
where ``prev_hash`` is the ``hash`` of the entry with the next lower id (``GENESIS`` for the
first). Changing or deleting an entry breaks a link that ``verify_audit`` finds; so does
inserting one anywhere, even at the end, without the key. The hash is keyed, and the key lives
with the application, never in the database: a database role that can INSERT (the
application's) or even rewrite the table (its owner) cannot seal a forged entry. A plain
SHA-256, or a trigger computing it in the database, would let any role that can INSERT append a
perfectly linked forgery.

Writers take the chain in turn inside their own transaction: on PostgreSQL a transaction-level
advisory lock, held until commit, is taken before the last hash is read; SQLite runs one writer
at a time (IMMEDIATE transactions). Ids come from the sequence after the lock is taken, so the
chain's order is the order of ids.

``canonical`` is the stable text the hash covers (version 1). It must never change for sealed
entries; a new format would need a new version. It is one JSON object of ``"v": 1`` and the
``SEALED_FIELDS`` (not the id: the chain fixes each entry's place), keys sorted at every level,
no spaces, ASCII only (``\\uXXXX`` escapes), and:

- ``occurred_at`` as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (microseconds, what both databases keep);
- numbers in JSON values as ``str(Decimal(str(n)).normalize())``, every digit kept (``1``,
  ``1.0`` and ``1E+0`` alike, ``100`` as ``1E+2``, so that PostgreSQL's ``jsonb``, which keeps
  numbers as numeric, reads back to the same text), zero as ``0``;
- ``ip_address`` in Python's ``ipaddress`` form (PostgreSQL's ``inet`` may spell an address
  differently from how it was given), empty as ``null``;
- the values as the database returns them: JSON fields go through ``json`` as Django stores them.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Context, Decimal
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

VERSION = 1
GENESIS = "0" * 64
# The key of the PostgreSQL advisory lock that queues writers of the chain (any constant that
# no other lock of the project uses: "audit" in ASCII).
LOCK_KEY = 0x6175646974

SEALED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "customer_id",
    "target_type",
    "target_id",
    "target_repr",
    "changes",
    "reason",
    "confidential",
    "confidential_fields",
    "request_id",
    "ip_address",
)


def chain_key() -> bytes:
    """``AUDIT_CHAIN_KEY``, or a key derived from ``SECRET_KEY`` when it is not set (the demo;
    ``check --deploy`` warns, since rotating ``SECRET_KEY`` would then break every link)."""
    key = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if key:
        return key.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"backoffice.audit.chain", hashlib.sha256).digest()


def _number(value: int | float | Decimal) -> str:
    text = str(value)  # every digit kept: the default context would round past 28
    return "0" if value == 0 else str(Decimal(text).normalize(Context(prec=len(text))))


def _canonical_json(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=True)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_canonical_json(item) for item in value) + "]"
    if isinstance(value, Mapping):
        items = sorted((str(key), item) for key, item in value.items())
        pairs = (f"{json.dumps(key, ensure_ascii=True)}:{_canonical_json(item)}" for key, item in items)
        return "{" + ",".join(pairs) + "}"
    raise TypeError(f"{type(value).__name__} has no canonical form in the audit chain")


def _timestamp(value: datetime) -> str:
    if timezone.is_naive(value):  # as Django stores a naive value (with its warning)
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ip(value: str | None) -> str | None:
    return str(ipaddress.ip_address(value)) if value else None


def _stored_json(value: Any) -> Any:
    """The value as it comes back from a JSON column (tuples as lists, keys as text)."""
    return json.loads(json.dumps(value))


def canonical(values: Mapping[str, Any]) -> str:
    """The text the hash covers: ``values`` holds ``SEALED_FIELDS`` as the model has them."""
    document = {
        "v": VERSION,
        "occurred_at": _timestamp(values["occurred_at"]),
        "actor_id": values["actor_id"],
        "actor_label": values["actor_label"],
        "action": values["action"],
        "customer_id": values["customer_id"],
        "target_type": values["target_type"],
        "target_id": values["target_id"],
        "target_repr": values["target_repr"],
        "changes": _stored_json(values["changes"]),
        "reason": values["reason"],
        "confidential": bool(values["confidential"]),
        "confidential_fields": _stored_json(values["confidential_fields"]),
        "request_id": values["request_id"],
        "ip_address": _ip(values["ip_address"]),
    }
    return _canonical_json(document)


def link_hash(values: Mapping[str, Any], prev_hash: str, *, key: bytes | None = None) -> str:
    message = f"{canonical(values)}\n{prev_hash}".encode("ascii")
    return hmac.new(key if key is not None else chain_key(), message, hashlib.sha256).hexdigest()


def _field_values(entry) -> dict[str, Any]:
    """The entry's sealed values as the database will return them (``to_python`` on each)."""
    values = {}
    for name in SEALED_FIELDS:
        raw = getattr(entry, name)
        keep = name in ("actor_id", "changes", "confidential_fields")
        values[name] = raw if keep else entry._meta.get_field(name).to_python(raw)
    return values


def take_turn(using: str) -> str:
    """Wait for the chain (PostgreSQL: until the other writers' transactions end) and return the
    hash of the last entry. Call inside a transaction: the turn is held until it ends."""
    from .models import AuditEntry

    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("The audit chain is taken inside a transaction (transaction.atomic).")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    last = AuditEntry.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
    return GENESIS if last is None else last


def seal(entries: Iterable, using: str) -> None:
    """Give each new entry its ``prev_hash`` and ``hash``, in the order they will be inserted."""
    previous = take_turn(using)
    key = chain_key()
    for entry in entries:
        entry.prev_hash = previous
        entry.hash = link_hash(_field_values(entry), previous, key=key)
        previous = entry.hash


@dataclass(frozen=True)
class BrokenLink:
    entry_id: int | None  # None: an entry after the last intact one could not even be read
    occurred_at: datetime | None
    action: str
    problem: str


# What a value written behind the application's back (an impossible address, a time that is no
# time) raises when it is read or sealed: the entry is then a broken link, not a crash.
UNREADABLE = (ValueError, TypeError, AttributeError, KeyError)


@dataclass(frozen=True)
class Verification:
    checked: int
    last_id: int | None
    last_hash: str | None
    broken: BrokenLink | None


def rows_in_chain_order(queryset) -> Iterator[dict[str, Any]]:
    return queryset.order_by("id").values("id", "prev_hash", "hash", *SEALED_FIELDS).iterator(chunk_size=2000)


def verify(rows: Iterable[Mapping[str, Any]], *, key: bytes | None = None) -> Verification:
    """Walk the chain in id order and stop at the first entry whose link does not hold."""
    key = key if key is not None else chain_key()
    previous, checked = GENESIS, 0
    last_id: int | None = None  # the last entry whose link holds
    last_hash: str | None = None
    rows = iter(rows)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except UNREADABLE as error:  # the database gave back a value its column's type cannot hold
            broken = BrokenLink(None, None, "", f"an entry cannot be read ({error}): changed outside the application")
            return Verification(checked, last_id, last_hash, broken)
        problem = None
        if row["prev_hash"] != previous:
            problem = (
                "it does not follow the entry before it (an entry before it was deleted or changed, "
                "or this one was inserted out of the chain)"
            )
        else:
            try:
                sealed = link_hash(row, row["prev_hash"], key=key)
            except UNREADABLE as error:
                problem = f"a value cannot be read ({error}): changed outside the application"
            else:
                if not hmac.compare_digest(row["hash"] or "", sealed):
                    problem = "its contents do not match its seal (changed, or inserted without the chain's key)"
        if problem:
            occurred_at = row.get("occurred_at")
            broken = BrokenLink(
                row["id"], occurred_at if isinstance(occurred_at, datetime) else None, row["action"], problem
            )
            return Verification(checked, last_id, last_hash, broken)
        previous, checked, last_id, last_hash = row["hash"], checked + 1, row["id"], row["hash"]
    return Verification(checked, last_id, last_hash, None)
