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


def approval_of(hit: ScreeningHit):
    """The approved request a confirmed hit was decided by (its maker and its checker), if any."""
    from backoffice.models import ApprovalRequest

    if hit.status != HitStatus.CONFIRMED:
        return None
    approved = ApprovalRequest.objects.filter(
        target_model="screening.screeninghit", target_id=str(hit.pk), command="screening.hit.confirm", status="approved"
    )
    return approved.select_related("maker", "checker").order_by("-decided_at").first()


def filtered_customer(user: StaffUser, customer_id: str):
    """The customer a hits list is filtered to (the KYC tab's link), if one the viewer may see."""
    from customers.selectors import customer_of_filter

    return customer_of_filter(user, customer_id) if user.has_perm(VIEW) else None


def hit_url(hit: ScreeningHit) -> str:
    return reverse("screening-hit", args=[hit.pk])


def versions() -> QuerySet[ListVersion]:
    return ListVersion.objects.select_related("loaded_by")


def _in_force():
    from django.db.models import OuterRef, Subquery

    from .models import LoadStatus

    loaded = ListVersion.objects.filter(status=LoadStatus.LOADED)
    newest = loaded.filter(source=OuterRef("source")).order_by("-loaded_at", "-pk").values("pk")[:1]
    return loaded.filter(pk=Subquery(newest)).order_by("source")  # each list's latest, however old


def in_force_ids() -> set[int]:
    """The version each list screens against now."""
    return set(_in_force().values_list("pk", flat=True))


def outcomes_of(user: StaffUser, customer_id: int) -> dict | None:
    """The KYC tab's "Watchlist outcomes": last screening, the list versions in force, the hits
    by status (None for whoever may not see screening)."""
    from django.db.models import Count

    from .models import CustomerScreening

    if not user.has_perm(VIEW):
        return None
    screening = CustomerScreening.objects.filter(customer_id=customer_id).first()
    counts = dict(
        ScreeningHit.objects.filter(customer_id=customer_id).values_list("status").annotate(n=Count("pk")).order_by()
    )
    in_force = _in_force()
    return {
        "screened_at": screening.screened_at if screening else None,
        "versions": list(in_force),
        "open": counts.get(HitStatus.OPEN, 0),
        "cleared": counts.get(HitStatus.CLEARED, 0),
        "confirmed": counts.get(HitStatus.CONFIRMED, 0),
        "hits_url": f"{reverse('screening-hits')}?customer={customer_id}&status=any",
    }
