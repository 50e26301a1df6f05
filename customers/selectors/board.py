"""What the profile board's strip shows of each open profile: read fresh on every page, in one
query, so a name or status changed by someone else shows at once."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from backoffice.board import OpenProfile

from ..choices import AggregatedStatus, colour
from . import customers_visible_to

STRIP_COLUMNS = (
    "id",
    "kind",
    "first_name",
    "last_name",
    "legal_name",
    "public_id",
    "status",
    "state",
    "verification_status",
)


def board_profiles(user, entries: Sequence[tuple[int, str]]) -> list[OpenProfile]:
    """The open profiles ``user`` may still see, in the order they were opened."""
    found = {
        customer.pk: customer
        for customer in customers_visible_to(user).filter(pk__in=[pk for pk, _ in entries]).only(*STRIP_COLUMNS)
    }
    profiles = []
    for pk, tab in entries:
        customer = found.get(pk)
        if customer is None:
            continue
        status = customer.aggregated_status
        base_url = reverse("customer-profile", args=[pk])
        profiles.append(
            OpenProfile(
                pk=pk,
                name=customer.display_name,
                url=reverse("customer-tab", args=[pk, tab]) if tab else base_url,
                base_url=base_url,
                close_url=reverse("customer-close", args=[pk]),
                badge_label=AggregatedStatus(status).label,
                badge_colour=colour(status),
            )
        )
    return profiles
