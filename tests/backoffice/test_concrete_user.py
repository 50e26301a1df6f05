"""``request.user`` is the member themselves once the middleware has read them (issue 17): no
lazy proxy in front of every permission check; a page that never needs the member never reads
the session for them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from backoffice.models import StaffUser

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_sees_the_member_not_a_proxy(agent, support_agent):
    response = agent.get(reverse("customer-list"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is StaffUser and user.pk == support_agent.pk
    assert user.is_verified()  # django-otp's fields came along


def test_a_public_page_leaves_the_member_unread(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert not any("backoffice_staffuser" in query["sql"] for query in queries.captured_queries)
    assert not user.is_authenticated
    if isinstance(user, LazyObject):  # never read: still the proxy, unevaluated
        assert user._wrapped is empty
