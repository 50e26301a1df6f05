"""What every page's shell needs: the navigation, the open profiles, the demo banner."""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from . import board
from .navigation import NavItem, navigation_for


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


def _search_url() -> str | None:
    """The omnibox's target, once an app provides the ``search`` URL."""
    try:
        return reverse("search")
    except NoReverseMatch:
        return None


def shell(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"navigation": [], "navigation_links": [], "open_profiles": [], "demo_mode": settings.DEBUG}
    links = []
    for item in navigation_for(user):
        url = reverse(item.url_name)
        active = request.path == url or (url != "/" and request.path.startswith(url))
        links.append(NavLink(item, url, active))
    return {
        "navigation": _sections(links),
        "navigation_links": links,  # flat: the dashboard's sections
        "open_profiles": board.open_profiles(request),
        "search_url": _search_url(),
        "demo_mode": settings.DEBUG,
    }
