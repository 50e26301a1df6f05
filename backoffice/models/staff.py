"""Staff accounts."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from .base import Versioned

# The backends of settings.AUTHENTICATION_BACKENDS under which StaffUser.has_perm may answer from
# the permissions ModelBackend loaded (only StaffBackend, a ModelBackend, answers permissions).
_PERMISSION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "backoffice.auth_backends.StaffBackend"]


class StaffUser(Versioned, AbstractUser):
    """A member of staff. Roles are Django groups (see ``backoffice.roles``).

    Staff accounts are never deleted (audit entries point at them); they are deactivated.
    """

    created_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Moves on whenever what this member may do or how they sign in changes (roles, permissions,
    # second-factor devices): a session's remembered permissions and device are then read again
    # (backoffice.access_stamp).
    access_stamp = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = "staff member"
        verbose_name_plural = "staff members"
        ordering = ["username"]
        permissions = [("manage_staff", "Manage staff accounts and roles")]
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="staff_username_unique_ignoring_case",
                violation_error_message="This username is already taken.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None):
        """Django asks every authentication backend, importing each from its dotted path, for
        every permission a page checks (some 60 calls a check, a tenth of a profile). Once
        ``ModelBackend`` has loaded the member's permissions (``_perm_cache``, or the session's
        copy of it: ``backoffice.access_stamp``), the answer is that set, as long as it is the
        only backend that answers permissions (the axes backend answers none)."""
        cached = self.__dict__.get("_perm_cache")
        if obj is None and cached is not None and settings.AUTHENTICATION_BACKENDS == _PERMISSION_BACKENDS:
            return self.is_active and (self.is_superuser or perm in cached)
        return super().has_perm(perm, obj)

    def has_perms(self, perm_list, obj=None):
        if isinstance(perm_list, str):
            raise ValueError("perm_list must be an iterable of permissions.")
        return all(self.has_perm(perm, obj) for perm in perm_list)

    @property
    def role_names(self) -> list[str]:
        # The signed-in member's roles come from the session while its stamp holds
        # (backoffice.access_stamp); any other member's are read.
        remembered = self.__dict__.get("remembered_role_names")
        if remembered is not None:
            return remembered
        return sorted(group.name for group in self.groups.all())
