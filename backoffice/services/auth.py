"""Signing in (password, then second factor), out, and re-entering the password."""

import time

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import audit
from ..auth_session import (
    SESSION_MFA_SKIPPED,
    SESSION_SIGNED_IN_AT,
    forget_pending_user,
    mark_reauthenticated,
)
from ..models import StaffUser

BACKEND = "backoffice.auth_backends.StaffBackend"


@transaction.atomic
def complete_sign_in(request, *, user: StaffUser, device: TOTPDevice | None) -> None:
    """Both factors passed (or, with DEBUG on, the second was skipped): open the session."""
    forget_pending_user(request)
    login(request, user, backend=BACKEND)
    if device is not None:
        otp_login(request, device)
    else:
        request.session[SESSION_MFA_SKIPPED] = True
    request.session[SESSION_SIGNED_IN_AT] = time.time()
    audit.record(
        action="auth.login",
        actor=user,
        target=user,
        changes={"second_factor": [None, "totp" if device else "skipped (demo, DEBUG on)"]},
    )


@transaction.atomic
def record_failed_login(*, username: str, locked_out: bool, already_locked: bool = False) -> None:
    """A wrong password, the failure that locked the account, or an attempt while locked."""
    user = StaffUser.objects.filter(username=username).first()
    action = "auth.login.refused_locked" if already_locked else "auth.lockout" if locked_out else "auth.login.failed"
    audit.record(action=action, actor=user, actor_label=f"unknown user '{username}'", target=user)


@transaction.atomic
def record_failed_second_factor(*, user: StaffUser) -> None:
    audit.record(action="auth.second_factor.failed", actor=user, target=user)


@transaction.atomic
def sign_out(request, *, reason: str = "") -> None:
    user = request.user
    if user.is_authenticated:
        audit.record(action="auth.logout", actor=user, target=user, reason=reason)
    logout(request)


@transaction.atomic
def enrol_totp_device(*, user: StaffUser, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator app once the user typed a code it shows. False if wrong."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit.record(action="staff.mfa.enrolled", actor=user, target=user)
    return True


def reauthenticate(request, *, password: str) -> bool:
    """Ask for the password again before a sensitive action. Failures count towards the lockout."""
    user = request.user
    ok = authenticate(request, username=user.get_username(), password=password) is not None
    locked = getattr(request, "axes_locked_out", False)
    with transaction.atomic():
        if ok:
            mark_reauthenticated(request)
            audit.record(action="auth.reauthenticated", actor=user, target=user)
        else:
            audit.record(action="auth.lockout" if locked else "auth.reauthentication.failed", actor=user, target=user)
    return ok


@transaction.atomic
def set_password_from_link(*, user: StaffUser, password: str) -> None:
    """The staff member chose their password through an invitation or reset link."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(action="staff.password.set", actor=user, target=user)


@transaction.atomic
def change_own_password(request, *, password: str) -> None:
    user = request.user
    user.set_password(password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    audit.record(action="staff.password.changed", actor=user, target=user)
