"""The panel settings administrators change."""

from django.db import models

from .staff import StaffUser


class PanelSetting(models.Model):
    """An administrator's choice for one panel setting (``backoffice.panel_settings``): a switch
    without a row has its initial value, from the Django settings. Changed only by the command
    ``backoffice.panel_setting.set``, which writes the audit entry."""

    key = models.CharField(max_length=60, primary_key=True)
    value = models.CharField(max_length=60)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(StaffUser, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        default_permissions = ()
        ordering = ["key"]
        permissions = [("configure_panel", "Change the panel's settings")]

    def __str__(self):
        from ..panel_settings import switches

        switch = switches.get(self.key)
        return f"Panel setting “{switch.label if switch else self.key}”"
