"""A staff member signed in with both factors, for the perf scripts (import after ``django.setup()``)."""

from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.models import StaffUser


def client_for(username: str, role: str) -> Client:
    """A test client signed in as ``username`` (created if needed) holding ``role`` only."""
    staff, _ = StaffUser.objects.get_or_create(username=username)
    staff.groups.set(Group.objects.filter(name=role))
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).first() or TOTPDevice.objects.create(
        user=staff, confirmed=True, name="perf"
    )
    client = Client()
    client.force_login(staff, backend="backoffice.auth_backends.StaffBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
