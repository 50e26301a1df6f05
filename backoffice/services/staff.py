"""Staff accounts and roles, managed by administrators.

Rules: nobody grants a role they do not hold themselves (a superuser, created on the command line,
holds them all); nobody removes their own roles or deactivates themselves; staff choose their own
password through an emailed link, never an administrator.
"""

import uuid
from collections.abc import Iterable

from axes.utils import reset as reset_axes_attempts
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import audit
from ..errors import DomainError
from ..models import StaffUser
from ..roles import ADMINISTRATOR, grantable_roles, roles_beyond

PROFILE_FIELDS = ("first_name", "last_name", "email")


def _check_can_grant(actor: audit.Actor, added: Iterable[str]) -> None:
    if isinstance(actor, audit.SystemActor):
        return
    refused = sorted(set(added) - set(grantable_roles(actor)))
    if refused:
        raise DomainError(f"You cannot grant a role you do not hold yourself: {', '.join(refused)}.", field="roles")


def _check_may_reset_credentials(actor: audit.Actor, staff: StaffUser) -> None:
    """Changing someone's email, password link or second factor is taking their account over:
    allowed only on accounts whose every role the actor holds."""
    if isinstance(actor, audit.SystemActor):
        return
    beyond = roles_beyond(actor, staff)
    if beyond:
        raise DomainError(
            f"{staff.username} holds a role you do not hold ({', '.join(beyond)}): ask a colleague who holds it.",
            field="email",
        )


def _check_an_administrator_remains(staff: StaffUser, *, losing_admin: bool) -> None:
    """Never leave the panel without an active administrator (rows locked, so two
    administrators removing each other at once cannot both succeed)."""
    if not losing_admin:
        return
    others = (
        StaffUser.objects.select_for_update().filter(groups__name=ADMINISTRATOR, is_active=True).exclude(pk=staff.pk)
    )
    if not list(others):
        raise DomainError(f"{staff.username} is the last active administrator: appoint another one first.")


def _locked(staff_id: int) -> StaffUser:
    return StaffUser.objects.select_for_update().get(pk=staff_id)


def _queue_password_link(staff: StaffUser, *, invitation: bool) -> None:
    from ..tasks import send_staff_password_link_email

    send_staff_password_link_email.delay_on_commit(staff.pk, invitation=invitation, dispatch_key=uuid.uuid4().hex)


def _queue_email_changed_notice(staff: StaffUser, old_email: str) -> None:
    from ..tasks import send_staff_email_changed_notice

    send_staff_email_changed_notice.delay_on_commit(staff.pk, old_email=old_email, dispatch_key=uuid.uuid4().hex)


@transaction.atomic
def create_staff_member(
    *,
    actor: audit.Actor,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
) -> StaffUser:
    """Create an account with no password; the staff member sets theirs from the emailed link."""
    roles = sorted(set(roles))
    _check_can_grant(actor, roles)
    if StaffUser.objects.filter(username__iexact=username).exists():
        raise DomainError("This username is already taken.", field="username")
    staff = StaffUser(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        created_by=actor if isinstance(actor, StaffUser) else None,
    )
    staff.set_unusable_password()
    staff.save()
    staff.groups.set(Group.objects.filter(name__in=roles))
    audit.record(
        action="staff.created",
        actor=actor,
        target=staff,
        changes=audit.diff({}, {"username": username, "email": email, "roles": roles}),
    )
    _queue_password_link(staff, invitation=True)
    return staff


@transaction.atomic
def update_staff_member(
    *, actor: StaffUser, staff: StaffUser, version: int | None, first_name: str, last_name: str, email: str
) -> StaffUser:
    """Name and email. A new email is where password links go, so it is a credential: the old
    address is told of the change."""
    staff = _locked(staff.pk)
    before = audit.snapshot(staff, PROFILE_FIELDS)
    after = {"first_name": first_name, "last_name": last_name, "email": email}
    changes = audit.diff(before, after)
    if not changes:
        return staff
    if "email" in changes:
        _check_may_reset_credentials(actor, staff)
    staff.check_version(version, "this staff member")
    for field, value in after.items():
        setattr(staff, field, value)
    staff.save(update_fields=[*changes, "version"])
    audit.record(action="staff.updated", actor=actor, target=staff, changes=changes)
    if "email" in changes and before["email"]:
        _queue_email_changed_notice(staff, before["email"])
    return staff


@transaction.atomic
def set_staff_roles(
    *, actor: audit.Actor, staff: StaffUser, roles: Iterable[str], version: int | None = None
) -> StaffUser:
    staff = _locked(staff.pk)
    old, new = set(staff.role_names), set(roles)
    if old == new:
        return staff
    if staff == actor and old - new:
        raise DomainError("You cannot remove your own roles. Ask another administrator.", field="roles")
    _check_can_grant(actor, new - old)
    _check_an_administrator_remains(staff, losing_admin=ADMINISTRATOR in old - new and staff.is_active)
    staff.check_version(version, "this staff member")
    staff.save(update_fields=["version"])
    staff.groups.set(Group.objects.filter(name__in=new))
    audit.record(
        action="staff.roles.changed",
        actor=actor,
        target=staff,
        changes={"roles": [sorted(old), sorted(new)]},
    )
    return staff


def _set_active(*, actor: StaffUser, staff: StaffUser, active: bool, reason: str) -> StaffUser:
    staff = _locked(staff.pk)
    if staff.is_active == active:
        raise DomainError(f"{staff.username} is already {'active' if active else 'deactivated'}.")
    _check_an_administrator_remains(staff, losing_admin=not active and ADMINISTRATOR in staff.role_names)
    staff.is_active = active
    staff.deactivated_at = None if active else timezone.now()
    staff.version += 1
    staff.save(update_fields=["is_active", "deactivated_at", "version"])
    audit.record(
        action="staff.reactivated" if active else "staff.deactivated",
        actor=actor,
        target=staff,
        changes={"is_active": [not active, active]},
        reason=reason,
    )
    return staff


@transaction.atomic
def deactivate_staff_member(*, actor: StaffUser, staff: StaffUser, reason: str) -> StaffUser:
    """The account can no longer sign in; its open sessions end at their next request."""
    if staff == actor:
        raise DomainError("You cannot deactivate your own account. Ask another administrator.")
    return _set_active(actor=actor, staff=staff, active=False, reason=reason)


@transaction.atomic
def reactivate_staff_member(*, actor: StaffUser, staff: StaffUser, reason: str) -> StaffUser:
    return _set_active(actor=actor, staff=staff, active=True, reason=reason)


@transaction.atomic
def reset_staff_mfa(*, actor: StaffUser, staff: StaffUser, reason: str) -> StaffUser:
    """Remove the staff member's authenticator: they enrol a new one at their next sign-in, and
    sessions verified with the old one end."""
    staff = _locked(staff.pk)
    _check_may_reset_credentials(actor, staff)
    removed, _ = TOTPDevice.objects.filter(user=staff).delete()
    if not removed:
        raise DomainError(f"{staff.username} has no second factor to reset.")
    audit.record(action="staff.mfa.reset", actor=actor, target=staff, reason=reason)
    return staff


@transaction.atomic
def unlock_staff_member(*, actor: StaffUser, staff: StaffUser) -> StaffUser:
    """Lift a lockout after failed sign-ins before its 30 minutes are over."""
    staff = _locked(staff.pk)
    if not reset_axes_attempts(username=staff.username):
        raise DomainError(f"{staff.username} is not locked out.")
    audit.record(action="staff.unlocked", actor=actor, target=staff)
    return staff


@transaction.atomic
def send_staff_password_link(*, actor: StaffUser, staff: StaffUser) -> StaffUser:
    """Email the staff member a single-use link to choose a new password."""
    staff = _locked(staff.pk)
    _check_may_reset_credentials(actor, staff)
    if not staff.is_active:
        raise DomainError(f"{staff.username} is deactivated: reactivate the account first.")
    if not staff.email:
        raise DomainError(f"{staff.username} has no email address.")
    audit.record(action="staff.password_link.sent", actor=actor, target=staff)
    _queue_password_link(staff, invitation=False)
    return staff
