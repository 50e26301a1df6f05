"""The payment systems' API keys: issued once (only the SHA-256 is kept), checked on each call."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError

from ..models import ClientSystem

KEY_PREFIX = "bo_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_key(*, actor, name: str) -> tuple[ClientSystem, str]:
    """A new client system and its key (returned once, never stored), or a new key for an
    existing one (the old key stops working)."""
    name = name.strip()
    if not name:
        raise DomainError("Name the client system.", field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    system, created = ClientSystem.objects.select_for_update().get_or_create(
        name=name, defaults={"key_prefix": key[:10], "key_hash": _digest(key)}
    )
    if not created:
        system.key_prefix, system.key_hash, system.is_active = key[:10], _digest(key), True
        system.save(update_fields=["key_prefix", "key_hash", "is_active"])
    audit.record(
        action="compliance.client_system.key_issued",
        actor=actor,
        target=system,
        changes={"key_prefix": [None, system.key_prefix]},
    )
    return system, key


def system_for_key(key: str) -> ClientSystem | None:
    if not key.startswith(KEY_PREFIX):
        return None
    system = ClientSystem.objects.filter(key_hash=_digest(key), is_active=True).first()
    if system is not None:
        ClientSystem.objects.filter(pk=system.pk).update(last_used_at=timezone.now())
    return system
