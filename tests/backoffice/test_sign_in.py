"""Signing in with a password and a TOTP second factor, lockouts, sessions, signing out."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.auth_session import SESSION_SIGNED_IN_AT
from backoffice.models import AuditEntry
from tests.conftest import PASSWORD
from tests.helpers import audit_actions, current_code, reauthenticated


def post_password(client, username, password=PASSWORD, next_url=None):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password})


@pytest.fixture
def enrolled(support_agent):
    return TOTPDevice.objects.create(user=support_agent, name="Authenticator app", confirmed=True)


def test_password_then_code_signs_in_and_is_audited(client, support_agent, enrolled):
    response = post_password(client, "sam", next_url="/account/")
    assert response.status_code == 302 and response.url == reverse("login-verify")
    assert client.get(reverse("dashboard")).status_code == 302, "not signed in before the second factor"

    response = client.post(reverse("login-verify"), {"code": current_code(enrolled)})
    assert response.status_code == 302 and response.url == "/account/"
    assert client.get(reverse("dashboard")).status_code == 200
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor == support_agent and entry.request_id and entry.ip_address == "127.0.0.1"


def test_a_wrong_code_is_refused_next_to_the_field_and_audited(client, support_agent, enrolled):
    post_password(client, "sam")
    response = client.post(reverse("login-verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "This code is not right or has expired" in response.content.decode()
    assert "auth.second_factor.failed" in audit_actions()
    response = client.post(reverse("login-verify"), {"code": "12ab56"})
    assert "The code is 6 digits, with no letters." in response.content.decode()


def test_an_open_redirect_after_sign_in_is_refused(client, support_agent, enrolled):
    post_password(client, "sam", next_url="https://evil.example/")
    response = client.post(reverse("login-verify"), {"code": current_code(enrolled)})
    assert response.url == reverse("dashboard")


def test_without_a_device_the_first_sign_in_enrols_one(client, support_agent):
    response = post_password(client, "sam")
    assert response.url == reverse("login-enrol")
    page = client.get(reverse("login-enrol")).content.decode()
    assert "data:image/svg+xml" in page and "Key:" in page
    assert "Skip for now" not in page, "DEBUG is off: enrolment is compulsory"
    device = TOTPDevice.objects.get(user=support_agent, confirmed=False)

    assert client.post(reverse("login-enrol"), {"skip": "1"}).status_code == 200, "no skipping with DEBUG off"
    assert client.get(reverse("dashboard")).status_code == 302

    response = client.post(reverse("login-enrol"), {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard")).status_code == 200
    assert audit_actions(actor=support_agent) == ["staff.mfa.enrolled", "auth.login"]


def test_with_debug_on_enrolment_may_be_skipped_and_the_login_page_says_so(client, support_agent, settings):
    settings.DEBUG = True
    assert "you may skip adding an authenticator app" in client.get(reverse("login")).content.decode()
    post_password(client, "sam")
    assert "Skip for now (demo only)" in client.get(reverse("login-enrol")).content.decode()
    response = client.post(reverse("login-enrol"), {"skip": "1"})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.changes == {"second_factor": [None, "skipped (demo, DEBUG on)"]}


def test_a_skipped_second_factor_does_not_survive_debug_off(client, support_agent, settings):
    settings.DEBUG = True
    post_password(client, "sam")
    client.post(reverse("login-enrol"), {"skip": "1"})
    settings.DEBUG = False
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url == reverse("login")


def test_the_password_step_expires(client, support_agent, enrolled, monkeypatch):
    post_password(client, "sam")
    later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(reverse("login-verify"), {"code": current_code(enrolled)})
    assert response.status_code == 302 and response.url == reverse("login")


def test_a_wrong_password_says_so_and_warns_before_the_lockout(client, support_agent):
    response = post_password(client, "sam", "wrong")
    assert "The username or password is not right." in response.content.decode()
    assert "will lock" not in response.content.decode()
    post_password(client, "sam", "wrong")
    response = post_password(client, "sam", "wrong")
    assert "2 more failed attempts will lock the account for 30 minutes." in response.content.decode()


def test_five_failures_lock_the_username_not_the_address(client, support_agent, compliance_officer):
    for _ in range(4):
        assert post_password(client, "sam", "wrong").status_code == 200
    response = post_password(client, "sam", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Account locked" in page and "You can try again at" in page
    retry_at = timezone.localtime(timezone.now() + timedelta(minutes=30)).strftime("%H:%M")
    assert retry_at in page

    # Even the right password is refused while locked; another account from the same address is not.
    assert post_password(client, "sam").status_code == 429
    assert post_password(client, "chloe").status_code == 302
    assert audit_actions(action__startswith="auth.login.f") == ["auth.login.failed"] * 4
    assert audit_actions(action="auth.lockout") == ["auth.lockout"]
    assert audit_actions(action="auth.login.refused_locked") == ["auth.login.refused_locked"]


def test_the_lock_ends_after_30_minutes(client, support_agent):
    from axes.models import AccessAttempt

    for _ in range(5):
        post_password(client, "sam", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert post_password(client, "sam").status_code == 302


def test_unknown_usernames_are_audited_without_an_actor(client, db):
    post_password(client, "nobody", "wrong")
    entry = AuditEntry.objects.get(action="auth.login.failed")
    assert entry.actor is None and entry.actor_label == "unknown user 'nobody'"


def test_a_deactivated_account_cannot_sign_in(client, make_staff):
    make_staff("gone", is_active=False)
    assert "The username or password is not right." in post_password(client, "gone").content.decode()


def test_sign_out_is_a_post_and_is_audited(signed_in, support_agent):
    client = signed_in(support_agent)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)
    assert "You are signed out." in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302
    assert audit_actions(action="auth.logout") == ["auth.logout"]


def test_sessions_end_after_15_idle_minutes(signed_in, support_agent):
    from django.contrib.sessions.models import Session

    client = signed_in(support_agent)
    client.get(reverse("dashboard"))
    session = Session.objects.get(session_key=client.session.session_key)
    assert timedelta(minutes=14) < session.expire_date - timezone.now() <= timedelta(minutes=15), (
        "renewed on each request"
    )
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_plain_read_writes_no_session_but_a_session_in_use_is_renewed_every_minute(signed_in, support_agent):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from backoffice.auth_session import SESSION_RENEWED_AT

    client = signed_in(support_agent)
    client.get(reverse("dashboard"))  # renews once after the sign-in
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == [], "a read a few seconds after the last renewal writes nothing"

    session = client.session
    session[SESSION_RENEWED_AT] = time.time() - 61
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get(reverse("dashboard"))
    expiry = Session.objects.get(session_key=session.session_key).expire_date - timezone.now()
    assert timedelta(minutes=14) < expiry <= timedelta(minutes=15), "a minute later, the read renews the session"


def test_sessions_end_12_hours_after_sign_in_however_active(signed_in, support_agent):
    client = signed_in(support_agent)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session[SESSION_SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("dashboard"), follow=True)
    assert "Your session reached its 12-hour limit" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302
    assert AuditEntry.objects.get(action="auth.logout").reason == "session reached its 12-hour limit"


def test_a_reset_second_factor_ends_open_sessions(signed_in, support_agent):
    client = signed_in(support_agent)
    TOTPDevice.objects.filter(user=support_agent).delete()
    response = client.get(reverse("dashboard"), follow=True)
    assert "Your second factor is no longer valid" in response.content.decode()


def test_a_deactivated_account_loses_its_open_sessions(signed_in, support_agent):
    client = signed_in(support_agent)
    support_agent.is_active = False
    support_agent.save()
    assert client.get(reverse("dashboard")).status_code == 302


def test_request_ids_come_back_in_a_header(client, db, settings):
    response = client.get(reverse("login"), headers={"X-Request-ID": "abc-123"})
    assert len(response["X-Request-ID"]) == 32, "no proxy of ours: the client's id is not trusted"
    settings.PROXY_COUNT = 1
    response = client.get(reverse("login"), headers={"X-Request-ID": "abc-123"})
    assert response["X-Request-ID"] == "abc-123"
    response = client.get(reverse("login"), headers={"X-Request-ID": "bad id; drop table"})
    assert response["X-Request-ID"] != "bad id; drop table" and len(response["X-Request-ID"]) == 32


# --- the second factor cannot be taken over with the password alone ---------------------------


def enrol_secret(client) -> str:
    page = client.get(reverse("login-enrol")).content.decode()
    return re.search(r'user-select-all">([A-Z2-7 ]+)<', page).group(1)


def test_someone_with_the_password_never_sees_the_secret_of_an_enrolled_account(client, support_agent, enrolled):
    post_password(client, "sam")
    response = client.get(reverse("login-enrol"))
    assert response.status_code == 302 and response.url == reverse("login-verify")
    assert client.post(reverse("login-enrol"), {"code": "123456"}).url == reverse("login-verify")
    assert not TOTPDevice.objects.filter(user=support_agent, confirmed=False).exists()


def test_each_enrolment_starts_from_a_secret_no_other_session_has_seen(support_agent):
    from django.test import Client

    attacker, owner = Client(), Client()
    post_password(attacker, "sam")
    seen_by_attacker = enrol_secret(attacker)
    post_password(owner, "sam")
    shown_to_owner = enrol_secret(owner)
    assert shown_to_owner != seen_by_attacker
    assert enrol_secret(owner) == shown_to_owner, "stable across reloads of the same session"

    device = TOTPDevice.objects.get(user=support_agent, confirmed=False)
    assert owner.post(reverse("login-enrol"), {"code": current_code(device)}).status_code == 302
    assert attacker.get(reverse("login-enrol")).url == reverse("login-verify")


def test_replacing_ones_authenticator_shows_a_fresh_secret(signed_in, support_agent, enrolled):
    TOTPDevice.objects.create(user=support_agent, name="planted", confirmed=False)  # seen by someone else
    owner = reauthenticated(signed_in(support_agent))
    page = owner.get(reverse("account-second-factor")).content.decode()
    assert "planted" not in [d.name for d in TOTPDevice.objects.filter(user=support_agent)]
    new = TOTPDevice.objects.get(user=support_agent, confirmed=False)
    assert re.search(r'user-select-all">([A-Z2-7 ]+)<', page)
    assert owner.post(reverse("account-second-factor"), {"code": current_code(new)}).url == reverse("account")
    assert list(TOTPDevice.objects.filter(user=support_agent).values_list("pk", flat=True)) == [new.pk]


def test_a_code_works_once(client, support_agent, enrolled):
    post_password(client, "sam")
    code = current_code(enrolled)
    client.post(reverse("login-verify"), {"code": code})
    client.post(reverse("logout"))
    post_password(client, "sam")
    response = client.post(reverse("login-verify"), {"code": code})
    assert "This code is not right or has expired" in response.content.decode()


def test_wrong_codes_in_a_row_slow_down_the_next_tries(client, support_agent, enrolled):
    post_password(client, "sam")
    for _ in range(2):
        client.post(reverse("login-verify"), {"code": "000000"})
    response = client.post(reverse("login-verify"), {"code": current_code(enrolled)})
    assert "Too many wrong codes in a row" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_second_factor_reset_while_the_code_is_checked_leads_to_enrolment(
    client, support_agent, enrolled, monkeypatch
):
    """An administrator resets the app after the verify step's check and before the code's: the
    code cannot be checked against an app that is gone, and the sign-in goes on to enrolment, as
    the next request would (no server error, not signed in)."""
    from backoffice.views import auth

    read_device = auth.confirmed_device

    def reset_once_read(user):
        device = read_device(user)
        TOTPDevice.objects.filter(user=user).delete()  # the administrator's reset lands now
        return device

    post_password(client, "sam")
    code = current_code(enrolled)
    monkeypatch.setattr(auth, "confirmed_device", reset_once_read)
    response = client.post(reverse("login-verify"), {"code": code})
    assert response.status_code == 302 and response.url == reverse("login-enrol")
    monkeypatch.undo()
    assert client.get(reverse("dashboard")).status_code == 302, "not signed in"


# --- lockouts as axes counts them ---------------------------------------------------------------


def test_failures_from_several_browsers_and_addresses_add_up(support_agent, signed_in, administrator):
    from django.test import Client

    for index, agent in enumerate(["Firefox"] * 3 + ["Chrome"] * 2):
        response = Client(headers={"User-Agent": agent}, REMOTE_ADDR=f"10.0.0.{index}").post(
            reverse("login"), {"username": "sam", "password": "wrong"}
        )
    assert response.status_code == 429
    assert "You can try again at" in response.content.decode()
    admin = signed_in(administrator)
    assert "Locked out until" in admin.get(reverse("staff-detail", args=[support_agent.pk])).content.decode()
    assert "sam" in admin.get(reverse("staff-list"), {"locked": "yes"}).content.decode()


# --- sessions, caching, htmx, addresses ---------------------------------------------------------


def test_an_htmx_request_after_the_session_ended_moves_the_whole_window(client, db):
    response = client.get(reverse("staff-list"), headers={"HX-Request": "true", "HX-Target": "list-results"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_pages_for_staff_are_never_cached(signed_in, support_agent):
    response = signed_in(support_agent).get(reverse("dashboard"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_client_address_behind_proxies(rf, settings):
    from backoffice.network import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "10.0.0.1", "no proxy declared: the header is not trusted"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9", "the address our proxy saw, not what the client wrote"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")) is None


def test_changing_ones_password_asks_for_the_current_one_through_reauthentication(signed_in, support_agent):
    client = signed_in(support_agent)
    url = reverse("account-password")
    assert client.get(url).url.startswith(reverse("reauthenticate"))
    client.post(reverse("reauthenticate"), {"password": PASSWORD})
    response = client.post(url, {"new_password1": "short", "new_password2": "short"})
    assert "This password is too short" in response.content.decode()
    client.post(url, {"new_password1": "a brand new pass phrase", "new_password2": "a brand new pass phrase"})
    support_agent.refresh_from_db()
    assert support_agent.check_password("a brand new pass phrase")
    assert client.get(reverse("dashboard")).status_code == 200, "still signed in"
    assert "staff.password.changed" in audit_actions(actor=support_agent)
