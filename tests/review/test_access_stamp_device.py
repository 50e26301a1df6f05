"""RememberingOTPMiddleware after the outside review of issue 17 (backoffice/access_stamp.py).

While the session's remembered copy is used, the request counts as verified by the device it
remembers (django-otp's ``is_verified()`` is ``otp_device is not None``, and the device is read
only by code that asks for it): that is what saves the device query on every request. Every way
the panel or Django changes a device moves the stamp (a device given to another member moves
both members' stamps); a device removed behind the panel's back is seen at the next renewal."""

import time

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.access_stamp import SESSION_ACCESS, RememberingOTPMiddleware
from backoffice.auth_session import SESSION_RENEWED_AT

pytestmark = pytest.mark.django_db


def request_with(client) -> object:
    """A request carrying ``client``'s session cookie through the session, auth and OTP middleware."""
    request = RequestFactory().get("/")
    request.COOKIES.update({key: morsel.value for key, morsel in client.cookies.items()})
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    RememberingOTPMiddleware(lambda r: None)(request)
    return request


def test_a_device_removed_behind_the_panel_s_back_is_seen_at_the_next_renewal(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    assert client.get(reverse("dashboard")).status_code == 200
    assert SESSION_ACCESS in client.session
    # The device goes without a signal (SQL by hand, a restore): the stamp stays…
    TOTPDevice.objects.filter(user=compliance_officer)._raw_delete(connection.alias)
    assert request_with(client).user.is_verified() is True  # …and the remembered copy is used…
    session = client.session
    session[SESSION_RENEWED_AT] = time.time() - 61
    session.save()
    response = client.get(reverse("dashboard"), follow=True)  # …until the renewal, within the minute
    assert "Your second factor is no longer valid" in response.content.decode()


def test_roles_set_on_the_command_line_apply_on_the_next_request(signed_in, compliance_officer):
    from django.core.management import call_command

    client = signed_in(compliance_officer)
    assert client.get(reverse("audit-list")).status_code == 200  # remembered
    call_command("setstaffroles", compliance_officer.username, "--role", "Support agent")
    assert client.get(reverse("audit-list")).status_code == 403


def test_a_device_moved_to_another_member_ends_the_old_owner_s_session(signed_in, compliance_officer, make_staff):
    """Saving a device with another ``user`` moves only the new owner's stamp (``_device_changed``
    reads ``instance.user_id`` after the save): the old owner's session keeps the device id."""
    client = signed_in(compliance_officer)
    assert client.get(reverse("audit-list")).status_code == 200  # remembered
    device = TOTPDevice.objects.get(user=compliance_officer)
    device.user = make_staff("other", "Support agent")
    device.save()
    response = client.get(reverse("dashboard"), follow=True)
    assert "Your second factor is no longer valid" in response.content.decode()


def test_deleting_rows_that_are_no_device_stays_one_delete_statement():
    """``_device_changed`` listens to ``post_delete`` from every model (no ``sender``), so Django's
    Collector can no longer fast-delete anything: ``Session.objects.filter(...).delete()`` (the
    hourly ``clear_expired_sessions``) first SELECTs every expired session into Python."""
    from django.contrib.sessions.models import Session
    from django.db.models.deletion import Collector

    assert Collector(using="default", origin=None).can_fast_delete(Session.objects.all())
