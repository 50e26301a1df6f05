"""The customer profile's tabs: a registry that apps fill from their ``AppConfig.ready``.

``backoffice`` imports no domain app; the ``customers`` profile board asks this registry which
tabs the staff member may open, and each app's ``tabs.py`` registers its own::

    profile_tabs.register(ProfileTab(key="kyc", label="KYC", view="kyc.views.KycTabView",
                                     permission="customers.browse_customers", order=20))

The toolbar of counters above the tabs (C) is a registry of its own, ``profile_counters``.

A tab is a URL of its own (``/customers/<id>/<key>/``); ``badge`` returns a short text shown
next to its label (a count, a warning), or None.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from .access import Required, has_access


@dataclass(frozen=True)
class ProfileTab:
    key: str
    label: str
    view: str
    permission: Required
    order: int
    badge: Callable[[object, object], str | int | None] | None = None
    # Whether the tab strip lists it now (a panel setting may move its content to another tab, as
    # SCA devices to the Profile tab); its URL answers either way (its view may then redirect).
    listed: Callable[[], bool] | None = None

    def resolve_view(self):
        """The view callable (``view`` is a dotted path, so registering imports nothing)."""
        return import_string(self.view).as_view()

    def badge_for(self, customer, user) -> str | int | None:
        return self.badge(customer, user) if self.badge else None


class TabRegistry:
    def __init__(self):
        self._tabs: dict[str, ProfileTab] = {}

    def register(self, tab: ProfileTab) -> None:
        if tab.key in self._tabs and self._tabs[tab.key] != tab:
            raise ValueError(f"A profile tab with the key {tab.key!r} is already registered.")
        self._tabs[tab.key] = tab

    def visible_tab(self, key: str, user) -> ProfileTab | None:
        """The tab ``key`` if ``user`` may open it (a URL naming another tab answers 404)."""
        tab = self._tabs.get(key)
        return tab if tab is not None and has_access(user, tab.permission) else None

    def all(self) -> list[ProfileTab]:
        return sorted(self._tabs.values(), key=lambda tab: (tab.order, tab.key))

    def visible_to(self, user) -> list[ProfileTab]:
        """The tabs the strip lists for ``user``."""
        return [tab for tab in self.all() if has_access(user, tab.permission) and (tab.listed is None or tab.listed())]


profile_tabs = TabRegistry()


@dataclass(frozen=True)
class ProfileCounter:
    """One counter of the profile's top toolbar (C): a label, an icon, where it links (a tab,
    and an anchor in it) and a count. ``count(user)`` returns what to count
    (``customers.selectors.holdings.CountOf``), so that every counter of a profile is read in one
    query; a count whose query depends on whether the viewer holds a permission names it in
    ``varies_with`` (its compiled SQL is kept per answer)."""

    key: str
    label: str
    icon: str
    tab: str
    count: Callable[[object], object]
    permission: Required
    order: int
    anchor: str = ""
    varies_with: str = ""
    # A list of its own instead of the tab: the URL name of a list filtered by ``?customer=<id>``.
    page: str = ""
    # Which customers' toolbars show it (C: a person's "Companies", a company's "Company staff"):
    # given the customer, None for every one. Counted with the others either way, so the toolbar
    # stays one query read before the customer's kind is known; only the showing depends on it.
    shown: Callable[[object], bool] | None = None

    def shows_for(self, customer) -> bool:
        return self.shown is None or self.shown(customer)


class CounterRegistry:
    def __init__(self):
        self._counters: dict[str, ProfileCounter] = {}

    def register(self, counter: ProfileCounter) -> None:
        if counter.key in self._counters and self._counters[counter.key] != counter:
            raise ValueError(f"A profile counter with the key {counter.key!r} is already registered.")
        self._counters[counter.key] = counter

    def visible_to(self, user) -> list[ProfileCounter]:
        counters = sorted(self._counters.values(), key=lambda counter: (counter.order, counter.key))
        return [
            counter
            for counter in counters
            if has_access(user, counter.permission) and profile_tabs.visible_tab(counter.tab, user) is not None
        ]


profile_counters = CounterRegistry()
