"""What a staff member keeps of the lists: their columns, their saved views."""

from django.db import models
from django.utils import timezone

from .staff import StaffUser


class TableConfiguration(models.Model):
    """The columns one staff member chose for one list (NetBox's "Configure table"): the names of
    the columns shown, in their order. No row means the list's default columns."""

    staff = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="table_configurations")
    table = models.CharField(max_length=100, help_text="The list, by its URL name, e.g. customer-persons.")
    columns = models.JSONField(default=list, help_text="The names of the columns shown, in order.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["staff", "table"], name="table_configuration_per_staff")]

    def __str__(self):
        return f"{self.table} columns of {self.staff.get_username()}"


class SavedView(models.Model):
    """A list's filters and columns under a name (issue 21: "saved views"), its owner's, or shared
    with one of the owner's roles; opened from "Saved views" in the navigation."""

    owner = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="saved_views")
    table = models.CharField(max_length=100, help_text="The list, by its URL name, e.g. customer-persons.")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True, help_text="The filters and sort, as a query string.")
    columns = models.JSONField(default=list, help_text="The columns shown, in order ([]: the viewer's own).")
    shared_role = models.CharField(max_length=150, blank=True, help_text="The role it is shared with, if any.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["table", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "table", "name"], name="saved_view_name_per_list")]

    def __str__(self):
        return self.name
