"""The columns each staff member chooses for a list ("Columns" on every list page).

The list's table says which columns exist, which are shown by default and which cannot be
hidden; these services only keep the choice. Choosing the defaults again, or resetting, removes
the row, so a list whose defaults change later shows the new ones.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from .. import audit
from ..errors import DomainError
from ..models import StaffUser, TableConfiguration

CONFIGURED = "staff.table.configured"


@dataclass(frozen=True)
class ColumnChoice:
    columns: tuple[str, ...]  # what the list shows now
    ignored: tuple[str, ...] = ()  # names that are no column of the list
    kept: tuple[str, ...] = ()  # required columns that were left out and stay


def _save(*, actor: StaffUser, table: str, columns: list[str] | None) -> None:
    existing = TableConfiguration.objects.select_for_update().filter(staff=actor, table=table).first()
    before = existing.columns if existing else None
    if before == columns:
        return
    if columns is None:
        assert existing is not None
        existing.delete()
    elif existing is None:
        TableConfiguration.objects.create(staff=actor, table=table, columns=columns)
    else:
        existing.columns = columns
        existing.save(update_fields=["columns", "updated_at"])
    audit.record(
        action=CONFIGURED,
        actor=actor,
        target=actor,
        changes={"table": [None, table], "columns": [before, columns]},
    )


def _place(name: str, chosen: list[str], default: list[str]) -> int:
    """Where a required column left out goes back: after the chosen columns that come before it
    in the default order (first, when it has no default place)."""
    if name not in default:
        return 0
    rank = default.index(name)
    return sum(1 for other in chosen if other in default and default.index(other) < rank)


@transaction.atomic
def configure_table_columns(
    *,
    actor: StaffUser,
    table: str,
    columns: Sequence[str],
    available: Sequence[str],
    required: Sequence[str] = (),
    default: Sequence[str] = (),
) -> ColumnChoice:
    """Keep ``columns`` (in that order) as what ``table`` shows ``actor``. Names that are no
    column of the table are ignored; the ``required`` ones are shown even when left out."""
    known = set(available)
    ignored = tuple(dict.fromkeys(name for name in columns if name not in known))
    chosen = list(dict.fromkeys(name for name in columns if name in known))
    kept = tuple(name for name in required if name in known and name not in chosen)
    for name in kept:
        chosen.insert(_place(name, chosen, list(default)), name)
    if not chosen:
        raise DomainError("Choose at least one column to show.", field="columns")
    _save(actor=actor, table=table, columns=None if chosen == list(default) else chosen)
    return ColumnChoice(columns=tuple(chosen), ignored=ignored, kept=kept)


@transaction.atomic
def reset_table_columns(*, actor: StaffUser, table: str) -> None:
    """Show ``table``'s default columns to ``actor`` again."""
    _save(actor=actor, table=table, columns=None)
