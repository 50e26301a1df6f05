"""Saved views (issue 21): a staff member keeps a list's filters and columns under a name, for
themselves or for everyone of one of their roles. Saving the same name on the same list again
replaces it; only its owner deletes a view. Both are audited."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlencode

from django.db import transaction

from .. import audit
from ..errors import DomainError
from ..models import SavedView, StaffUser
from ..roles import held_roles

SAVED, DELETED = "staff.view.saved", "staff.view.deleted"
MAX_QUERY = 2000


@transaction.atomic
def save_view(
    *, actor: StaffUser, table: str, name: str, query: dict[str, list[str]], columns: list[str], share_with: str = ""
) -> SavedView:
    """Keep ``query`` (the list's filters and sort, paging left out) and ``columns`` under ``name``,
    shared with ``share_with`` when it is one of the actor's roles."""
    # Controls and invisible format characters (a right-to-left override spoofs a shared name).
    name = " ".join("".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf")).split())
    if not name:
        raise DomainError("Name the view.", field="name")
    if len(name) > 80:
        raise DomainError("A view's name has 80 characters at most.", field="name")
    if share_with and share_with not in held_roles(actor):
        raise DomainError("A view is shared only with a role you hold.", field="share_with")
    encoded = urlencode([(key, value) for key, values in query.items() for value in values])
    if len(encoded) > MAX_QUERY:
        raise DomainError("These filters are too long to keep: narrow them.", field="name")
    view, created = SavedView.objects.select_for_update().get_or_create(
        owner=actor, table=table, name=name, defaults={"query": encoded, "columns": columns, "shared_role": share_with}
    )
    before = None if created else {"query": view.query, "columns": view.columns, "shared_role": view.shared_role}
    if not created:
        view.query, view.columns, view.shared_role = encoded, columns, share_with
        view.save(update_fields=["query", "columns", "shared_role"])
    audit.record(
        action=SAVED,
        actor=actor,
        target=view,
        changes={
            "table": [None, table],
            "query": [before and before["query"], encoded],
            "shared_role": [before and before["shared_role"], share_with],
        },
    )
    return view


@transaction.atomic
def delete_view(*, actor: StaffUser, view: SavedView) -> None:
    view = SavedView.objects.select_for_update().get(pk=view.pk)
    if view.owner_id != actor.pk:
        raise DomainError("Only who saved a view deletes it.")
    audit.record(action=DELETED, actor=actor, target=view, changes={"name": [view.name, None]})
    view.delete()
