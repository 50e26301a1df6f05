"""Staff accounts and roles, managed by administrators.

Rules: an administrator may give any role, but a change of roles is a command that waits for a
second person (issue 18): granting the compliance officer or administrator role for a holder of
that role, any other change for a second administrator (``ROLES_COMMAND``); nobody removes their
own roles or deactivates themselves; staff choose their own password through an emailed link,
never an administrator; only a holder of every role of an account may take it over (its email,
password link or second factor).
"""

import uuid
from collections.abc import Iterable
from typing import Any

from axes.utils import reset as reset_axes_attempts
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import audit
from ..commands import commands
from ..errors import DomainError
from ..models import ApprovalRequest, StaffUser
from ..roles import ADMINISTRATOR, COMPLIANCE_OFFICER, PRIVILEGED_ROLES, ROLES, held_roles, roles_beyond

ROLES_COMMAND = "backoffice.staff.roles.set"


def _current_roles(staff: StaffUser) -> set[str]:
    """The account's roles as stored now (``role_names`` may be remembered from earlier)."""
    return set(staff.groups.values_list("name", flat=True))


def roles_state(staff: StaffUser) -> dict[str, Any]:
    """What a change of roles is asked on: the roles, and the email the account signs in with,
    where its password link goes (staff choose their own password, never an administrator). If
    the email changes while the request waits, approving refuses (review 18f: an administrator
    moved a pending compliance officer's email to their own, to approve their own requests as
    them). The password and second factor the holder sets up meanwhile leave it valid."""
    return {"roles": sorted(_current_roles(staff)), "email": staff.email}


def roles_needed(current: Iterable[str], asked: Iterable[str]) -> list[str]:
    """The roles a checker must hold to approve changing roles ``current`` into ``asked``: each
    privileged role granted, and the administrator role when any role is removed (none: any
    other holder of the permission)."""
    added, removed = set(asked) - set(current), set(current) - set(asked)
    return sorted({*(role for role in PRIVILEGED_ROLES if role in added), *([ADMINISTRATOR] if removed else [])})


def role_grant_approver(staff: StaffUser, parameters: dict[str, Any]) -> str:
    """The role fixed on a change of roles for listing its checkers (the administrator when it is
    among those needed); ``role_checker_refusal`` asks for every role needed."""
    needed = roles_needed(_current_roles(staff), parameters.get("roles", ()))
    return ADMINISTRATOR if ADMINISTRATOR in needed else (needed[0] if needed else "")


def role_checker_refusal(staff: StaffUser, checker: StaffUser, parameters: dict[str, Any]) -> str | None:
    if checker.pk == staff.pk:
        return "These are your own roles: another person decides."
    needed = roles_needed(_current_roles(staff), parameters.get("roles", ()))
    missing = [role for role in needed if role not in held_roles(checker)]
    if missing:
        return f"Only a holder of the {' and '.join(missing)} role may approve this change of roles."
    return None


def approvers_of(current: Iterable[str], asked: Iterable[str]) -> str:
    """Who may approve changing roles ``current`` into ``asked``, in words (the request's page)."""
    needed = roles_needed(current, asked)
    if not needed:
        return "Another administrator"
    return "A holder of the " + " and ".join(needed) + " role" + ("s" if len(needed) > 1 else "")


def privileged_holder(staff: StaffUser, parameters: dict[str, Any]) -> str:
    """Taking over an account's credentials (its email, its second factor) when it holds the
    administrator or compliance officer role: a holder of that role approves, never its maker
    alone (an administrator who changed another's email could sign in as them and approve)."""
    held = _current_roles(staff)
    if parameters.get("email") is not None and parameters["email"] == staff.email:
        return ""  # an edit that keeps the email changes no credential
    return next((role for role in (ADMINISTRATOR, COMPLIANCE_OFFICER) if role in held), "")


def credential_checker_refusal(staff: StaffUser, checker: StaffUser, parameters: dict[str, Any]) -> str | None:
    """A holder of every role of the account, or the account itself: its owner agreeing to the
    change is the safeguard (with two administrators, the other one is the only checker)."""
    if checker.pk == staff.pk:
        return None
    beyond = roles_beyond(checker, staff)
    if beyond:
        return f"Only a holder of every role of {staff.username} ({', '.join(beyond)}) may approve this."
    return None


PROFILE_FIELDS = ("first_name", "last_name", "email")


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
    reason: str = "",
) -> tuple[StaffUser, ApprovalRequest | None]:
    """Create an account with no password (the staff member sets theirs from the emailed link),
    and give it ``roles`` as a change of roles does: at once, or, when that needs a second person
    (always for the compliance officer and administrator roles), through a request that waits
    for them, the account holding no role until then. The account and its request, if any."""
    from .approvals import ask_or_run

    roles = sorted(set(roles))
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise DomainError(f"No such role: {', '.join(sorted(unknown))}.", field="roles")
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
    audit.record(
        action="staff.created",
        actor=actor,
        target=staff,
        # The roles asked, not granted: the change of roles grants them (now, or once approved).
        changes=audit.diff({}, {"username": username, "email": email, "roles_asked": roles}),
        reason=reason,
    )
    _queue_password_link(staff, invitation=True)
    approval = None
    if roles:
        if isinstance(actor, StaffUser):
            approval, _ = ask_or_run(
                command=commands.get(ROLES_COMMAND),
                actor=actor,
                target=staff,
                parameters={"roles": roles, "reason": reason or f"New staff member {username}."},
            )
        else:  # the command line and data migrations: nobody to ask
            set_staff_roles(actor=actor, staff=staff, roles=roles, reason=reason)
    return staff, approval


@transaction.atomic
def update_staff_member(
    *,
    actor: StaffUser,
    staff: StaffUser,
    first_name: str,
    last_name: str,
    email: str,
    version: int | None = None,
    reason: str = "",
) -> StaffUser:
    """Name and email. A new email is where password links go, so it is a credential: the old
    address is told of the change, and on an administrator's or a compliance officer's account
    the change waits for a holder of that role (``privileged_holder``)."""
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
    audit.record(action="staff.updated", actor=actor, target=staff, changes=changes, reason=reason.strip())
    if "email" in changes and before["email"]:
        _queue_email_changed_notice(staff, before["email"])
    return staff


@transaction.atomic
def set_staff_roles(
    *, actor: audit.Actor, staff: StaffUser, roles: Iterable[str], version: int | None = None, reason: str = ""
) -> StaffUser:
    """Make ``staff``'s roles ``roles`` (the command ``ROLES_COMMAND``: run when approved)."""
    staff = _locked(staff.pk)
    old, new = set(staff.role_names), set(roles)
    if new - set(ROLES):
        raise DomainError(f"No such role: {', '.join(sorted(new - set(ROLES)))}.", field="roles")
    if old == new:
        raise DomainError(f"{staff.username} already holds exactly these roles.", field="roles")
    if staff == actor and old - new:
        raise DomainError("You cannot remove your own roles. Ask another administrator.", field="roles")
    _check_an_administrator_remains(staff, losing_admin=ADMINISTRATOR in old - new and staff.is_active)
    staff.check_version(version, "this staff member")
    staff.save(update_fields=["version"])
    staff.groups.set(Group.objects.filter(name__in=new))
    audit.record(
        action="staff.roles.changed",
        actor=actor,
        target=staff,
        changes={"roles": [sorted(old), sorted(new)]},
        reason=reason.strip(),
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


def deactivate_refusal(staff: StaffUser) -> str | None:
    """Why the account cannot be deactivated now (said before the form; the service refuses too)."""
    return f"{staff.username} is already deactivated." if not staff.is_active else None


def reactivate_refusal(staff: StaffUser) -> str | None:
    return f"{staff.username} is already active." if staff.is_active else None


def own_account_refusal(staff: StaffUser, actor: StaffUser) -> str | None:
    return "You cannot deactivate your own account. Ask another administrator." if staff == actor else None


def second_factor_refusal(staff: StaffUser) -> str | None:
    if not TOTPDevice.objects.filter(user=staff).exists():
        return f"{staff.username} has no second factor to reset."
    return None


def password_link_refusal(staff: StaffUser) -> str | None:
    if not staff.is_active:
        return f"{staff.username} is deactivated: reactivate the account first."
    return None if staff.email else f"{staff.username} has no email address."


@transaction.atomic
def deactivate_staff_member(*, actor: StaffUser, staff: StaffUser, reason: str) -> StaffUser:
    """The account can no longer sign in; its open sessions end at their next request."""
    refusal = own_account_refusal(staff, actor)
    if refusal:
        raise DomainError(refusal)
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
    refusal = password_link_refusal(staff)
    if refusal:
        raise DomainError(refusal)
    audit.record(action="staff.password_link.sent", actor=actor, target=staff)
    _queue_password_link(staff, invitation=False)
    return staff
