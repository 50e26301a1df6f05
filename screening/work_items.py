"""Watchlist hits as work (``work``): an item per hit, opened when the screening finds it and
closed when it is decided. Confidential: for compliance officers and administrators."""

from __future__ import annotations

from django.urls import reverse

from work import services as work
from work.choices import WorkKind
from work.kinds import register_link

DECIDE = "screening.decide_screening_hit"


def register_work_links() -> None:
    register_link(WorkKind.SCREENING_HIT, lambda item: reverse("screening-hit", args=[item.subject_id]))


def hits_found(hits: list) -> None:
    """An item per new hit, opened at once (a company's screening may find fifteen)."""
    work.open_items(
        kind=WorkKind.SCREENING_HIT,
        subjects=[(hit, _title(hit), hit.customer_id) for hit in hits],
        permission=DECIDE,
        confidential=True,
    )


def _title(hit) -> str:
    name = hit.explanation.get("customer_name", hit.customer)
    return f"{name} may be {hit.entity.caption} ({round(hit.score * 100)} %)"


def hit_decided(hit, actor) -> None:
    work.close_items(kind=WorkKind.SCREENING_HIT, subject=hit, actor=actor)
