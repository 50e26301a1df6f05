"""Changing a panel setting (``backoffice.panel_settings``): the declared command
``backoffice.panel_setting.set``, its service, its form and what its page needs.

A setting is configuration that changes what every staff member is offered: like the other
settings administrators keep (work targets, limits), it may be made to wait for a second person
(``may_wait``), off by default; the four-eyes rules page turns it on. Its target is the switch's
``PanelSetting`` row, whose primary key is the switch's key: created with the initial value when
a change is made or asked, never when a page only shows it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from .. import audit
from ..commands import Command, commands
from ..errors import DomainError
from ..forms import CommandForm
from ..models import PanelSetting, StaffUser
from ..panel_settings import forget_request_values, switches, value_of

SET_SETTING = "backoffice.panel_setting.set"
CONFIGURE_PANEL = "backoffice.configure_panel"


def register_commands() -> None:
    commands.register(
        Command(
            name=SET_SETTING,
            label="Change a panel setting",
            permission=CONFIGURE_PANEL,
            service="backoffice.services.panel_settings.set_panel_setting",
            form="backoffice.services.panel_settings.PanelSettingForm",
            form_kwargs="backoffice.services.panel_settings.setting_form_kwargs",
            effect="Every staff member's pages follow the new value from their next page.",
            effect_of="backoffice.services.panel_settings.setting_effect",
            target_model="backoffice.panelsetting",
            target_argument="setting",
            target_kwarg="pk",
            locate="backoffice.services.panel_settings.setting_to_edit",
            target_url="backoffice.services.panel_settings.settings_url",
            describe="backoffice.services.panel_settings.describe_setting",
            compared=("key", "value"),  # the key names the switch on the request's page
            danger=False,
            submit_label="Save the setting",
            success_message="The setting is saved: every page follows it from now on.",
        )
    )


class PanelSettingForm(CommandForm):
    """The value chosen and why; ``shown``, the value in force when the page opened, is given to
    the service only when it runs now (someone else's change meanwhile is refused)."""

    not_parameters = ("shown",)
    value = forms.ChoiceField(label="Value", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why it changes",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log.",
    )
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        switch = switches.get(key)
        if switch is not None:
            value = self.fields["value"]
            assert isinstance(value, forms.ChoiceField)
            value.label, value.choices = switch.question, list(switch.choices)


def setting_to_edit(owner, key: str) -> PanelSetting:
    """The switch's row as stored, or an unsaved one holding the value in force; 404 for a key no
    app declares."""
    if switches.get(key) is None:
        raise Http404("No such setting.")
    stored = PanelSetting.objects.filter(pk=key).first()
    return stored if stored is not None else PanelSetting(key=key, value=value_of(key))


def stored_setting(key: str) -> PanelSetting:
    """The switch's row, created with the value in force when missing (a request is made on a row)."""
    setting, _ = PanelSetting.objects.get_or_create(pk=key, defaults={"value": value_of(key)})
    return setting


def settings_url(setting: PanelSetting) -> str:
    return reverse("panel-settings")


def setting_form_kwargs(owner, setting: PanelSetting) -> dict[str, Any]:
    value = value_of(setting.key)
    return {"key": setting.key, "initial": {"value": value, "shown": value}}


def setting_effect(setting: PanelSetting) -> str:
    switch = switches.get(setting.key)
    return switch.effect if switch is not None else commands.get(SET_SETTING).effect


def describe_setting(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    """A request as the checker reads it: the value asked beside the one in force when asked."""
    key = str(snapshot.get("key", ""))
    switch = switches.get(key)
    if switch is None:
        return [("Setting", key), ("Value", parameters.get("value", "")), ("Why", parameters.get("reason", ""))]
    asked, held = parameters.get("value", ""), snapshot.get("value", "")
    return [
        ("Setting", switch.label),
        ("Value", f"{switch.label_of(asked)} (now {switch.label_of(held)})"),
        ("Why", parameters.get("reason", "")),
    ]


@transaction.atomic
def set_panel_setting(
    *, actor: StaffUser, setting: PanelSetting, value: str, reason: str, shown: str | None = None
) -> PanelSetting:
    """The switch ``setting.key`` takes ``value`` for every staff member, with the reason.
    ``shown``: the value the page showed in force; someone else's change meanwhile is refused,
    not overwritten."""
    switch = switches.get(setting.key)
    if switch is None:
        raise DomainError("This setting no longer exists.")
    if value not in switch.values:
        raise DomainError("Choose one of the values offered.", field="value")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why the setting changes: it is kept in the audit log.", field="reason")
    stored = PanelSetting.objects.select_for_update().filter(pk=setting.key).first()
    before = stored.value if stored is not None and stored.value in switch.values else switch.default()
    if shown is not None and shown != before:
        raise DomainError(
            f"Someone changed this setting since the page opened: it is now “{switch.label_of(before)}”. "
            "Check it and save again."
        )
    if value == before:
        raise DomainError("The setting has this value already.", field="value")
    if stored is None:
        stored = PanelSetting(key=setting.key)
    stored.value, stored.updated_by = value, actor if isinstance(actor, StaffUser) else None
    stored.save()
    audit.record(
        action="backoffice.panel_setting.set",
        actor=actor,
        target=stored,
        changes={setting.key: [before, value]},
        reason=reason,
    )
    transaction.on_commit(forget_request_values)
    forget_request_values()
    return stored
