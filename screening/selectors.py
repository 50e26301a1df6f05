"""Reads of screening: hits and list versions, for those who see screening outcomes only
(compliance officers and administrators: never a support agent)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from backoffice.models import StaffUser

from .models import HitStatus, ListVersion, ScreeningHit

VIEW = "screening.view_screening"


def hits_visible_to(user: StaffUser) -> QuerySet[ScreeningHit]:
    if not user.has_perm(VIEW):
        return ScreeningHit.objects.none()
    return ScreeningHit.objects.select_related("customer", "entity", "version", "decided_by")


def hit_visible_to(user: StaffUser, pk) -> ScreeningHit:
    return get_object_or_404(hits_visible_to(user), pk=pk)


def hit_url(hit: ScreeningHit) -> str:
    return reverse("screening-hit", args=[hit.pk])


def versions() -> QuerySet[ListVersion]:
    return ListVersion.objects.select_related("loaded_by")


def outcomes_of(user: StaffUser, customer_id: int) -> dict | None:
    """The KYC tab's "Watchlist outcomes": last screening, the list versions in force, the hits
    by status (None for whoever may not see screening)."""
    from django.db.models import Count, OuterRef, Subquery

    from .models import CustomerScreening, LoadStatus

    if not user.has_perm(VIEW):
        return None
    screening = CustomerScreening.objects.filter(customer_id=customer_id).first()
    counts = dict(
        ScreeningHit.objects.filter(customer_id=customer_id).values_list("status").annotate(n=Count("pk")).order_by()
    )
    loaded = ListVersion.objects.filter(status=LoadStatus.LOADED)
    newest = loaded.filter(source=OuterRef("source")).order_by("-loaded_at", "-pk").values("pk")[:1]
    in_force = loaded.filter(pk=Subquery(newest)).order_by("source")  # each list's latest, however old
    return {
        "screened_at": screening.screened_at if screening else None,
        "versions": list(in_force),
        "open": counts.get(HitStatus.OPEN, 0),
        "cleared": counts.get(HitStatus.CLEARED, 0),
        "confirmed": counts.get(HitStatus.CONFIRMED, 0),
        "hits_url": f"{reverse('screening-hits')}?customer={customer_id}&status=any",
    }
