"""The top navigation, built from what the staff member may do.

Apps add their sections from ``AppConfig.ready``; ``backoffice`` does not know them.
"""

from dataclasses import dataclass

from .access import Required, has_access


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: Required
    icon: str
    order: int
    description: str = ""
    group: str = ""  # items of one group share a dropdown, placed where its first item is


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    if item.url_name in _items and _items[item.url_name] != item:
        raise ValueError(f"A navigation item for {item.url_name!r} is already registered.")
    _items[item.url_name] = item


def navigation_for(user) -> list[NavItem]:
    return sorted((item for item in _items.values() if has_access(user, item.permission)), key=lambda item: item.order)
