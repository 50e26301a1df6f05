"""The profile board (T "Profile Boards"): the customers a staff member opened stay open as tabs
in a strip under the top bar, across pages and searches, until closed with ×.

The session keeps only ids and the sub-tab last shown; the names and status badges are read
fresh on every page (one query, for the ten at most), so the strip never shows a stale status
and a customer who went out of the viewer's scope drops out of it. ``backoffice`` knows no
customer model: the ``customers`` app registers the function that describes the open profiles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .tabs import profile_tabs

SESSION_KEY = "open_profiles"
MAX_OPEN = 10


@dataclass(frozen=True)
class OpenProfile:
    pk: int
    name: str
    url: str  # the sub-tab it showed last
    base_url: str  # every page about this customer starts with it
    close_url: str
    badge_label: str = ""
    badge_colour: str = "secondary"
    active: bool = False

    def tab_url(self, tab: str) -> str:
        """The URL of its sub-tab ``tab`` ("" for the Profile tab): a tab's URL is the profile's
        followed by the tab's key (``backoffice.tabs``)."""
        return f"{self.base_url}{tab}/" if tab else self.base_url


Describer = Callable[[object, Sequence[tuple[int, str]], dict], list[OpenProfile]]
_describer: list[Describer] = []


def register_describer(describe: Describer) -> None:
    """``describe(user, [(pk, tab), …], shown)`` → the ``OpenProfile`` of each one the user may
    see, in order; ``shown`` holds the customers the page already read, by id (``show``)."""
    _describer[:] = [describe]


def _entries(request) -> list[dict]:
    entries = request.session.get(SESSION_KEY, [])
    return [entry for entry in entries if isinstance(entry, dict) and isinstance(entry.get("pk"), int)]


def remember(request, pk: int, tab: str = "") -> bool:
    """Open ``pk`` on the board (or note the sub-tab it now shows). The 11th closes the one
    opened first; returns True when it did, so the page can say so."""
    entries = _entries(request)
    for entry in entries:
        if entry["pk"] == pk:
            if entry.get("tab", "") != tab:
                entry["tab"] = tab
                request.session[SESSION_KEY] = entries
            return False
    entries.append({"pk": pk, "tab": tab})
    request.session[SESSION_KEY] = entries[-MAX_OPEN:]
    return len(entries) > MAX_OPEN


def forget(request, pk: int) -> tuple[int, str] | None:
    """Close ``pk``; return the profile to show next and its sub-tab (its right neighbour, else
    its left), if any."""
    entries = _entries(request)
    position = next((i for i, entry in enumerate(entries) if entry["pk"] == pk), None)
    if position is None:
        return None
    del entries[position]
    request.session[SESSION_KEY] = entries
    if not entries:
        return None
    following = entries[min(position, len(entries) - 1)]
    return following["pk"], following.get("tab", "")


def show(request, customer) -> None:
    """``customer``, read by this page within the viewer's scope, is not read again for the
    strip: a profile's own customer is most often the only one on the board."""
    request.board_shown = {customer.pk: customer}


def open_profiles(request) -> list[OpenProfile]:
    """Read once per request: a page that renders a tab inside itself asks twice."""
    cached = getattr(request, "_open_profiles", None)
    if cached is not None and cached[0] == _entries(request):
        return cached[1]
    entries = _entries(request)
    profiles = []
    if entries and _describer:
        wanted = [(entry["pk"], entry.get("tab", "")) for entry in entries]
        described = _describer[0](request.user, wanted, getattr(request, "board_shown", {}))
        profiles = [replace(profile, active=request.path.startswith(profile.base_url)) for profile in described]
        tab = _tab_on_screen(request, profiles, entries)
        if tab is not None:  # switching profiles keeps the tab the staff member is on
            profiles = [p if p.active else replace(p, url=p.tab_url(tab)) for p in profiles]
        if len(profiles) < len(entries):  # out of the viewer's scope now: off the board for good
            shown = {profile.pk for profile in profiles}
            entries = [entry for entry in entries if entry["pk"] in shown]
            request.session[SESSION_KEY] = entries
    request._open_profiles = (entries, profiles)
    return profiles


def _tab_on_screen(request, profiles: list[OpenProfile], entries: list[dict]) -> str | None:
    """The sub-tab of the profile on screen ("" for its Profile tab), which the strip's other
    profiles then open on; None on a page about no open profile (each keeps the tab it showed
    last). Read from the URL: ``/customers/5/accounts/`` and ``/customers/5/accounts/12/`` are
    the Accounts tab; a page of the profile that is no tab (``/customers/5/edit/identity/``)
    counts as the tab the profile showed last. A tab the staff member may not open is Profile."""
    active = next((profile for profile in profiles if profile.active), None)
    if active is None:
        return None
    segment = request.path[len(active.base_url) :].split("/", 1)[0]
    if not segment:
        return ""
    if profile_tabs.visible_tab(segment, request.user) is not None:
        return segment
    remembered = next((entry.get("tab", "") for entry in entries if entry["pk"] == active.pk), "")
    return remembered if remembered and profile_tabs.visible_tab(remembered, request.user) is not None else ""
