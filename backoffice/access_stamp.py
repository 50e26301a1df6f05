"""What a signed-in request takes from its session instead of the database (issue 17).

Every request used to read the staff member's permissions (two queries), their second-factor
device (one query) and their role names for the top bar (one query) again, although they change a
few times a year. The session now remembers them, with the member's ``access_stamp`` and the
session's last renewal; the remembered copy is used only while

- the stamp is the same: it moves on, in the same transaction, whenever a role (or its name), a
  permission or a second-factor device of the member changes (the signals below, for every way the panel and
  Django's admin change them; ``roles.grant_permissions`` moves every stamp on, for migrations);
- the session has not been renewed since (``SessionRenewalMiddleware``, at most once a minute):
  anything changed behind the panel's back (SQL by hand) is seen within that minute;
- the device in the session is the one remembered.

A deactivated member is refused whatever the session holds: the user row is read on every
request and Django's backend grants nothing to an inactive user. While the copy is used, the
request counts as verified by the device remembered: a device removed behind the panel's back
(SQL by hand) is seen at the next renewal, within the minute, as anything else changed that way.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from .auth_session import SESSION_RENEWED_AT
from .models import StaffUser

SESSION_ACCESS = "backoffice_access"


def move_stamps(users: Q | Iterable[int]) -> None:
    """Move on the stamp of ``users`` (a filter, or their ids)."""
    condition = users if isinstance(users, Q) else Q(pk__in=list(users))
    StaffUser.objects.filter(condition).update(access_stamp=F("access_stamp") + 1)


@receiver(m2m_changed, sender=StaffUser.groups.through)
@receiver(m2m_changed, sender=StaffUser.user_permissions.through)
def _membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # staff.groups.set(…), staff.user_permissions.add(…)
        move_stamps([instance.pk])
    elif isinstance(instance, Group):  # group.user_set.add(…)
        move_stamps(Q(groups=instance) if action == "pre_clear" else pk_set or ())
    else:  # permission.user_set.add(…)
        move_stamps(Q(user_permissions=instance) if action == "pre_clear" else pk_set or ())


@receiver(m2m_changed, sender=Group.permissions.through)
def _role_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # group.permissions.add(…)
        move_stamps(Q(groups=instance))
    elif action == "pre_clear":  # permission.group_set.clear()
        move_stamps(Q(groups__permissions=instance))
    else:
        move_stamps(Q(groups__in=pk_set or ()))


@receiver(pre_delete, sender=Group)
@receiver(post_save, sender=Group)
def _role_renamed_or_deleted(sender, instance, **kwargs):
    move_stamps(Q(groups=instance))


@receiver(pre_delete, sender=Permission)
def _permission_deleted(sender, instance, **kwargs):
    move_stamps(Q(groups__permissions=instance) | Q(user_permissions=instance))


def _device_changed(sender, instance, **kwargs):
    """A second-factor device saved or deleted (enrolled, confirmed, reset by an administrator):
    its member's stamp moves on, and, when the device changed hands, its former member's."""
    members = {instance.user_id, getattr(instance, "_former_user_id", None)} - {None}
    if members:
        move_stamps(members)


def _device_about_to_be_saved(sender, instance, **kwargs):
    """Remember whose the device was, should the save give it to someone else."""
    if instance.pk is not None:
        instance._former_user_id = sender.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()


def connect_device_receivers() -> None:
    """Hear every concrete device model, each by name: a receiver without a sender would hear
    every model's deletes, and Django then loads every row it deletes to send them (no fast
    delete anywhere: the expired sessions' clean-up read them all). Called from ``apps.ready``."""
    for model in apps.get_models():
        if issubclass(model, Device):
            pre_save.connect(_device_about_to_be_saved, sender=model, dispatch_uid=f"access-stamp-pre-{model._meta}")
            post_save.connect(_device_changed, sender=model, dispatch_uid=f"access-stamp-save-{model._meta}")
            post_delete.connect(_device_changed, sender=model, dispatch_uid=f"access-stamp-delete-{model._meta}")


class RememberingOTPMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.otp_device``, ``is_verified()``), reading the device
    and the permissions from the session while they are still valid (see the module)."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        session = request.session
        persistent_id = session.get(DEVICE_ID_SESSION_KEY)
        remembered = session.get(SESSION_ACCESS)
        if (
            remembered
            and remembered.get("member") == user.pk
            and remembered["stamp"] == user.access_stamp
            and remembered["renewed_at"] == session.get(SESSION_RENEWED_AT)
            and remembered["device"] == persistent_id
        ):
            user._perm_cache = set(remembered["permissions"])
            user.remembered_role_names = remembered["roles"]
            if persistent_id:  # the device itself is read only by the code that asks for it
                user.otp_device = SimpleLazyObject(lambda: self._device_from_persistent_id(persistent_id))
            return user
        device = self._device_from_persistent_id(persistent_id) if persistent_id else None
        user.otp_device = self._finalize_device(request, user, device)
        user.remembered_role_names = roles = user.role_names
        session[SESSION_ACCESS] = {
            "member": user.pk,
            "stamp": user.access_stamp,
            "renewed_at": session.get(SESSION_RENEWED_AT),
            "device": session.get(DEVICE_ID_SESSION_KEY),
            "permissions": sorted(user.get_all_permissions()),
            "roles": roles,
        }
        return user
