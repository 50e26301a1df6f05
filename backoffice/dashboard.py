"""What the domain apps add to the dashboard (the work queues' counts), registered from their
``AppConfig.ready`` as tabs and navigation are: ``backoffice`` imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any], dict]  # the signed-in staff member → the template's ``panel``
    order: int = 50


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.template] = panel


def panels_for(user) -> list[tuple[str, dict]]:
    """Each panel's template and context for ``user``; a panel with nothing to show gives no
    context and is left out."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda panel: panel.order):
        context = panel.context(user)
        if context:
            shown.append((panel.template, context))
    return shown
