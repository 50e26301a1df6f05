"""What every page's shell needs: the navigation, the open profiles, the demo banner."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from . import board
from .navigation import NavItem, navigation_for


@dataclass(frozen=True)
class NavLink:
    item: NavItem
    url: str
    active: bool


def _search_url() -> str | None:
    """The omnibox's target, once an app provides the ``search`` URL."""
    try:
        return reverse("search")
    except NoReverseMatch:
        return None


def shell(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"navigation": [], "open_profiles": [], "demo_mode": settings.DEBUG}
    links = []
    for item in navigation_for(user):
        url = reverse(item.url_name)
        active = request.path == url or (url != "/" and request.path.startswith(url))
        links.append(NavLink(item, url, active))
    return {
        "navigation": links,
        "open_profiles": board.open_profiles(request),
        "search_url": _search_url(),
        "demo_mode": settings.DEBUG,
    }
