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


def hit_found(hit) -> None:
    work.open_item(
        kind=WorkKind.SCREENING_HIT,
        subject=hit,
        title=f"{hit.explanation.get('customer_name', hit.customer)} may be {hit.entity.caption} "
        f"({round(hit.score * 100)} %)",
        permission=DECIDE,
        customer_id=hit.customer_id,
        confidential=True,
    )


def hit_decided(hit, actor) -> None:
    work.close_items(kind=WorkKind.SCREENING_HIT, subject=hit, actor=actor)
