"""What every page's shell needs: the navigation, the open profiles, the demo banner."""

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse

from . import board, topbar
from .help import help_url_of
from .navigation import NavItem, navigation_for
from .selectors import awaiting_count


def awaiting_label(user) -> str:
    """The top bar's count of requests awaiting ``user``: "" for none, "1,000+" past the bound."""
    return topbar.bounded_label(awaiting_count(user))


@dataclass(frozen=True)
class NavLink:
    item: NavItem
    url: str
    active: bool


@dataclass
class NavSection:
    """A heading of the sidebar and the links under it: the items of one ``NavItem.group``
    (the ungrouped ones, the dashboard, form a section without a heading), placed where its
    first item is."""

    label: str
    links: list[NavLink] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


def _sections(links: list[NavLink]) -> list[NavSection]:
    sections: dict[str, NavSection] = {}
    for link in links:
        sections.setdefault(link.item.group, NavSection(link.item.group)).links.append(link)
    return list(sections.values())


@functools.lru_cache(maxsize=256)
def _url_of(url_name: str, script_prefix: str) -> str:
    """A section's address: the same on every page (reversed once per prefix)."""
    return reverse(url_name)


def _search_url() -> str | None:
    """The omnibox's target, once an app provides the ``search`` URL."""
    try:
        return reverse("search")
    except NoReverseMatch:
        return None


def shell(request):
    """The shell's context, worked out only if the page draws it: each value is a function the
    template calls when it reads it (an htmx fragment, which draws no shell, pays nothing)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"navigation": [], "navigation_links": [], "open_profiles": [], "demo_mode": settings.DEBUG}

    @functools.cache
    def links() -> list[NavLink]:
        found = []
        for item in navigation_for(user):
            url = _url_of(item.url_name, get_script_prefix())
            active = request.path == url or (url != "/" and request.path.startswith(url))
            found.append(NavLink(item, url, active))
        return found

    return {
        "navigation": functools.cache(lambda: _sections(links())),
        "navigation_links": links,  # flat: the dashboard's sections
        "open_profiles": functools.partial(board.open_profiles, request),
        "search_url": functools.cache(_search_url),
        "awaiting_approvals": functools.cache(functools.partial(awaiting_label, user)),
        "topbar_badges": functools.cache(functools.partial(topbar.badges_for, user)),
        # The page header's Help link: the help page the view names (``help_page``), if any.
        "help_url": functools.cache(functools.partial(help_url_of, request)),
        "demo_mode": settings.DEBUG,
    }
