"""What the profile board's strip shows of each open profile: read fresh on every page, in one
query, so a name or status changed by someone else shows at once."""

from __future__ import annotations

from collections.abc import Sequence

from backoffice.board import OpenProfile
from backoffice.markup import url_maker
from backoffice.prepared import Prepared, unfiltered

from ..choices import AggregatedStatus, colour
from ..models import Customer
from . import customers_visible_to

_TAB = "TAB-KEY"  # a tab's key in its route, written in after the route is reversed once

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


# Compiled once per number of open profiles (backoffice.prepared): the strip is on every page.
_STRIP = Prepared(lambda *pks: Customer.objects.filter(pk__in=pks).only(*STRIP_COLUMNS))


def board_profiles(user, entries: Sequence[tuple[int, str]], shown: dict | None = None) -> list[OpenProfile]:
    """The open profiles ``user`` may still see, in the order they were opened; the customers in
    ``shown`` were read by the page, within the viewer's scope, and are not read again."""
    found = dict(shown or {})
    pks = sorted({pk for pk, _ in entries} - found.keys())
    if pks:
        scope = customers_visible_to(user)
        rows = _STRIP.all(*pks) if unfiltered(scope) else scope.filter(pk__in=pks).only(*STRIP_COLUMNS)
        found.update((customer.pk, customer) for customer in rows)
    profile_url, tab_url = url_maker("customer-profile"), url_maker("customer-tab", _TAB)
    close_url = url_maker("customer-close")
    profiles = []
    for pk, tab in entries:
        customer = found.get(pk)
        if customer is None:
            continue
        status = customer.aggregated_status
        base_url = profile_url(pk)
        profiles.append(
            OpenProfile(
                pk=pk,
                name=customer.display_name,
                url=tab_url(pk).replace(_TAB, tab) if tab else base_url,
                base_url=base_url,
                close_url=close_url(pk),
                badge_label=AggregatedStatus(status).label,
                badge_colour=colour(status),
            )
        )
    return profiles
