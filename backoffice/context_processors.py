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
class NavGroup:
    """A dropdown of the top bar: the links of one ``NavItem.group``."""

    label: str
    icon: str
    links: list[NavLink] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


def _grouped(links: list[NavLink]) -> list[NavLink | NavGroup]:
    entries: list[NavLink | NavGroup] = []
    groups: dict[str, NavGroup] = {}
    for link in links:
        group = link.item.group
        if not group:
            entries.append(link)
        elif group in groups:
            groups[group].links.append(link)
        else:
            groups[group] = NavGroup(group, link.item.icon, [link])
            entries.append(groups[group])
    # A group with one link the user may open is just that link.
    return [entry.links[0] if isinstance(entry, NavGroup) and len(entry.links) == 1 else entry for entry in entries]


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
        "navigation": _grouped(links),
        "navigation_links": links,  # flat: the dashboard's sections
        "open_profiles": board.open_profiles(request),
        "search_url": _search_url(),
        "demo_mode": settings.DEBUG,
    }
