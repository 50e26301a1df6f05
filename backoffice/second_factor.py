"""The staff member's TOTP authenticator (django-otp): the confirmed one, or one being enrolled."""

from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"
SESSION_ENROLLING_DEVICE = "backoffice_enrolling_device"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolling_device(request, user) -> TOTPDevice:
    """The device this browser session is enrolling, kept across page loads so the QR code stays
    the same. A new enrolment starts from a fresh secret: no other session (someone who only
    knows the password, say) has ever been shown it."""
    device_id = request.session.get(SESSION_ENROLLING_DEVICE)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if device_id else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        request.session[SESSION_ENROLLING_DEVICE] = device.pk
    return device


def finish_enrolling(request) -> None:
    request.session.pop(SESSION_ENROLLING_DEVICE, None)
