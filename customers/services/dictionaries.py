"""The dictionaries administrators keep: types, price lists, tags, access roles and groups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction

from backoffice import audit
from backoffice.errors import DomainError

from ..selectors import VERIFICATION_LEVEL_NAMES, dictionary_choices_key


@transaction.atomic
def save_dictionary_entry(*, actor: audit.Actor, entry, values: Mapping[str, Any]):
    """Create (``entry`` unsaved) or edit an entry of a dictionary (types, price lists, tags,
    access roles and groups)."""
    creating = entry.pk is None
    before = {} if creating else {name: str(getattr(entry, name)) for name in values}
    for name, value in values.items():
        setattr(entry, name, value)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise DomainError("An entry with this name already exists.", field="name") from None
    changes = audit.diff(before, {name: str(getattr(entry, name)) for name in values})
    key = dictionary_choices_key(type(entry))
    transaction.on_commit(lambda: cache.delete_many([key, VERIFICATION_LEVEL_NAMES]))
    if changes:
        label = entry._meta.model_name
        audit.record(
            action=f"customers.{label}.{'created' if creating else 'updated'}",
            actor=actor,
            target=entry,
            changes=changes,
        )
    return entry
