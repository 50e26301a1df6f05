"""Panel settings (issue 21, Treezor's "Configuration"): switches administrators turn on the
settings page (``/settings/``) instead of asking for a deployment. Whether a customer's SCA
devices show on the Profile tab or on a tab of their own, whether "Send forgot password" is
offered, whether verification level 5 is.

``backoffice`` knows no domain app: each app declares its switches here from ``AppConfig.ready``
(as it declares its tabs and commands). A switch has a few named values; its initial value is a
Django setting (an environment variable), and the administrators' choice, once made, is a
``PanelSetting`` row that wins over it. Changing one is the declared command
``backoffice.panel_setting.set`` (``backoffice.services.panel_settings``), audited.

Reading is cheap and consistent within a request: every stored choice is read in one query, the
first time a page asks for any, and kept for the rest of the request (``PanelSettingsMiddleware``);
outside a request (a Celery task, a management command) each call reads the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

from .models import PanelSetting


@dataclass(frozen=True)
class Switch:
    key: str  # also the last segment of its page's URL: "sca-devices"
    label: str  # "SCA devices"
    question: str  # what the administrator chooses: "Where does the profile show the SCA devices?"
    choices: tuple[tuple[str, str], ...]  # (value, label), in the order offered
    default_setting: str  # the Django setting holding the initial value: "PANEL_SCA_DEVICES"
    effect: str  # what a change does, as its confirmation page says it
    order: int = 0

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    def default(self) -> str:
        """The initial value: the Django setting when it names one of the choices, else the first."""
        value = str(getattr(settings, self.default_setting, "") or "")
        return value if value in self.values else self.choices[0][0]

    def label_of(self, value: str) -> str:
        return dict(self.choices).get(value, value)


class SwitchRegistry:
    def __init__(self):
        self._switches: dict[str, Switch] = {}

    def register(self, *switches: Switch) -> None:
        for switch in switches:
            known = self._switches.get(switch.key)
            if known is not None and known != switch:
                raise ValueError(f"A panel setting named {switch.key!r} is already registered.")
            if not switch.choices:
                raise ValueError(f"The panel setting {switch.key!r} offers no value.")
            self._switches[switch.key] = switch

    def get(self, key: str) -> Switch | None:
        return self._switches.get(key)

    def __iter__(self) -> Iterator[Switch]:
        return iter(sorted(self._switches.values(), key=lambda switch: (switch.order, switch.key)))


switches = SwitchRegistry()

# The stored choices of the request being answered ({} until read); None outside a request.
_request_values: ContextVar[dict[str, str] | None] = ContextVar("panel_settings", default=None)
_READ = "__read__"


def stored_values() -> dict[str, str]:
    """The administrators' choices as stored now (one query)."""
    return dict(PanelSetting.objects.values_list("key", "value"))


def _stored() -> dict[str, str]:
    memo = _request_values.get()
    if memo is None:
        return stored_values()
    if _READ not in memo:
        memo.update(stored_values())
        memo[_READ] = ""
    return memo


def value_of(key: str) -> str:
    """The value of the switch ``key`` in force: the administrators' choice, else the initial one.
    A stored value the switch no longer offers counts as not chosen."""
    switch = switches.get(key)
    if switch is None:
        raise KeyError(f"No panel setting is named {key!r}.")
    stored = _stored().get(key)
    return stored if stored in switch.values else switch.default()


def is_set_to(key: str, value: str) -> bool:
    return value_of(key) == value


def forget_request_values() -> None:
    """After a change: the rest of this request reads the table again."""
    memo = _request_values.get()
    if memo is not None:
        memo.clear()


class PanelSettingsMiddleware:
    """Gives each request its own copy of the stored choices, read once when first asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_values.set({})
        try:
            return self.get_response(request)
        finally:
            _request_values.reset(token)
