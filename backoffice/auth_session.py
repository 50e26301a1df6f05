"""What the session remembers about signing in: the half-signed-in user, the second factor, the
time of sign-in (for the 12-hour cap) and of the last password re-entry (for sensitive actions)."""

import time

from django.conf import settings

SESSION_SIGNED_IN_AT = "backoffice_signed_in_at"
SESSION_PENDING_USER = "backoffice_pending_user"
SESSION_MFA_SKIPPED = "backoffice_mfa_skipped"
SESSION_REAUTHENTICATED_AT = "backoffice_reauthenticated_at"
SESSION_RENEWED_AT = "backoffice_renewed_at"  # the idle timeout's last renewal (SessionRenewalMiddleware)

# The password step is valid this long while the user types their code or enrols a device.
PENDING_VALIDITY_SECONDS = 5 * 60


def remember_pending_user(request, user):
    """After the password, before the second factor: the user is not signed in yet."""
    request.session.cycle_key()
    request.session[SESSION_PENDING_USER] = {"id": user.pk, "at": time.time()}


def pending_user_id(request) -> int | None:
    pending = request.session.get(SESSION_PENDING_USER)
    if not pending or time.time() - pending["at"] > PENDING_VALIDITY_SECONDS:
        return None
    return pending["id"]


def forget_pending_user(request):
    request.session.pop(SESSION_PENDING_USER, None)


def is_second_factor_satisfied(request) -> bool:
    if request.user.is_verified():
        return True
    return settings.DEBUG and request.session.get(SESSION_MFA_SKIPPED, False)


def mark_reauthenticated(request):
    request.session[SESSION_REAUTHENTICATED_AT] = time.time()


def is_recently_reauthenticated(request) -> bool:
    at = request.session.get(SESSION_REAUTHENTICATED_AT)
    return at is not None and time.time() - at <= settings.REAUTHENTICATION_VALIDITY.total_seconds()
