"""Each request's session and member are read by written or prepared queries (issue 17), with
Django's rules: an expired or unknown session is empty and gets a new key when saved; a member
who may not sign in any more is nobody."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from backoffice.auth_backends import StaffBackend
from backoffice.session_store import SessionStore

pytestmark = pytest.mark.django_db


def stored(data: dict, *, expires_in=timedelta(minutes=10)) -> str:
    store = SessionStore()
    store.update(data)
    store.set_expiry(int(expires_in.total_seconds()) if expires_in > timedelta(0) else 1)
    store.save()
    if expires_in <= timedelta(0):
        Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_a_live_session_is_read_whole():
    key = stored({"colour": "blue", "count": 3})
    session = SessionStore(key)
    assert session["colour"] == "blue" and session["count"] == 3
    assert session.session_key == key


@pytest.mark.parametrize("key", ["expired", "unknown", "", "x" * 40])
def test_an_expired_or_unknown_session_is_empty_and_saved_under_a_new_key(key):
    if key == "expired":
        key = stored({"colour": "red"}, expires_in=-timedelta(seconds=5))
    session = SessionStore(key or None)
    assert dict(session.items()) == {}
    session["new"] = True
    session.save()
    assert session.session_key and session.session_key != key
    assert SessionStore(session.session_key)["new"] is True


def test_a_session_whose_data_was_tampered_with_is_empty():
    key = stored({"colour": "green"})
    Session.objects.filter(session_key=key).update(session_data="tampered:data")
    assert dict(SessionStore(key).items()) == {}


def test_the_member_is_read_while_they_may_sign_in(support_agent):
    backend = StaffBackend()
    assert backend.get_user(support_agent.pk) == support_agent
    assert backend.get_user(str(support_agent.pk)) == support_agent
    assert backend.get_user(987_654) is None
    assert backend.get_user("not-a-number") is None
    support_agent.is_active = False
    support_agent.save()
    assert backend.get_user(support_agent.pk) is None


def test_a_deactivated_member_is_signed_out_on_their_next_request(agent, support_agent):
    assert agent.get(reverse("customer-list")).status_code == 200
    support_agent.is_active = False
    support_agent.save()
    response = agent.get(reverse("customer-list"))
    assert response.status_code == 302 and reverse("login") in response.url
