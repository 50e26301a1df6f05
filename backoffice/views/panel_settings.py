"""``/settings/``: the panel settings administrators choose (``backoffice.panel_settings``), each
changed through the declared command ``backoffice.panel_setting.set`` on its own page."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.views.generic import TemplateView

from ..access import AccessMixin
from ..models import ApprovalRequest, ApprovalStatus, PanelSetting
from ..panel_settings import switches, value_of
from ..services.panel_settings import CONFIGURE_PANEL, SET_SETTING, stored_setting
from .commands import LocatedCommandView


class PanelSettingsView(AccessMixin, TemplateView):
    """Every switch: its value in force, whether administrators chose it or it is the initial one
    (and when, by whom), a change waiting for approval; each row opens the command that changes it."""

    help_page = "panel-settings"
    permission_required = CONFIGURE_PANEL
    template_name = "backoffice/panel_settings.html"

    def get_context_data(self, **kwargs):
        stored = PanelSetting.objects.select_related("updated_by").in_bulk()
        waiting = dict(
            ApprovalRequest.objects.filter(
                command=SET_SETTING, status=ApprovalStatus.PENDING, expires_at__gt=timezone.now()
            ).values_list("target_id", "pk")
        )
        rows = []
        for switch in switches:
            value, row = value_of(switch.key), stored.get(switch.key)
            rows.append(
                {
                    "switch": switch,
                    "value": switch.label_of(value),
                    "chosen": row if row is not None and row.value in switch.values else None,
                    "initial": switch.label_of(switch.default()),
                    "waiting": waiting.get(switch.key),
                }
            )
        return super().get_context_data(title="Panel settings", rows=rows, **kwargs)


class PanelSettingEditView(LocatedCommandView):
    """The command ``backoffice.panel_setting.set`` on one switch (``/settings/<key>/``)."""

    help_page = "panel-settings"

    def get(self, request, *args, **kwargs):
        return self.waiting_elsewhere(self.target, self.target_url()) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.waiting_elsewhere(self.target, self.target_url()) or super().post(request, *args, **kwargs)

    def perform(self, form):
        parameters = form.parameters()
        with transaction.atomic():  # the row stored to ask on goes if the request is refused
            target = stored_setting(self.target.key) if self.target._state.adding else self.target
            self.ask_or_run(target, parameters, form=form, now_only={"shown": form.cleaned_data["shown"] or None})
        return self.target_url()

    def get_title(self):
        switch = switches.get(self.target.key)
        return f"Panel setting: {switch.label if switch else self.target.key}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=self.target_url(), back_label="Panel settings", subtitle=self._subtitle(), **kwargs
        )

    def _subtitle(self) -> str:
        switch = switches.get(self.target.key)
        if switch is None:
            return ""
        return f"In force: {switch.label_of(value_of(self.target.key))}"
