"""What the domain apps add to the top bar: a count that links to where it is worked on (the
work queues' "my overdue items"), registered from their ``AppConfig.ready`` as dashboard panels
are: ``backoffice`` imports none of them. A badge's count is read on every page, so it must come
from the cache when warm (as the approvals' awaiting count does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Badge:
    key: str  # the link's id
    url_name: str
    icon: str
    title: str  # what the count counts ("your overdue work items")
    count: Callable[[object], int]  # the signed-in staff member → how many
    query: str = ""  # the list's filters ("?whose=mine&due=overdue")
    colour: str = "danger"
    order: int = 50


_badges: dict[str, Badge] = {}


def register_badge(badge: Badge) -> None:
    _badges[badge.key] = badge


def bounded_label(count: int) -> str:
    """A count as the top bar shows it: "" for none, "1,000+" past the bound every list keeps."""
    if not count:
        return ""
    limit = settings.LIST_EXACT_COUNT_LIMIT
    return f"{limit:,}+" if count > limit else str(count)


def badges_for(user) -> list[tuple[Badge, str]]:
    """Each badge with something to count for ``user``, and its label."""
    shown = []
    for badge in sorted(_badges.values(), key=lambda badge: badge.order):
        label = bounded_label(badge.count(user))
        if label:
            shown.append((badge, label))
    return shown
