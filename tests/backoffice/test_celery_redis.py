"""A real Celery worker, started in the test process, consumes tasks through a real Redis.

Needs ``REDIS_URL`` (or ``TEST_REDIS_URL``); skipped without it on a laptop, required in CI.
"""

import pytest
from django.core import mail

from backoffice.celery import app
from backoffice.models import TaskReceipt
from backoffice.roles import ADMINISTRATOR
from backoffice.tasks import ping, send_staff_password_link_email
from tests.helpers import invite, wait_for

pytestmark = pytest.mark.real_worker


def test_a_task_goes_through_redis_to_the_worker(redis_worker):
    result = ping.apply_async(["hello"], ignore_result=False)  # a result, for the test to read
    assert result.get(timeout=20) == "pong:hello"
    assert app.conf.broker_url.startswith("redis://")


def test_an_invitation_is_sent_by_the_worker_after_commit(redis_worker, make_staff):
    mail.outbox = []
    actor = make_staff("boss", ADMINISTRATOR)
    invite(actor, "newbie")
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the invitation"
    assert mail.outbox[0].to == ["newbie@example.test"]


def test_a_task_delivered_twice_sends_one_email(redis_worker, make_staff):
    mail.outbox = []
    staff = make_staff("twice", ADMINISTRATOR)
    first = send_staff_password_link_email.apply_async(
        [staff.pk], {"invitation": False, "dispatch_key": "same-key"}, ignore_result=False
    )
    second = send_staff_password_link_email.apply_async(
        [staff.pk], {"invitation": False, "dispatch_key": "same-key"}, ignore_result=False
    )
    assert first.get(timeout=20) is True
    assert second.get(timeout=20) is False
    assert len(mail.outbox) == 1
    assert TaskReceipt.objects.get(key="staff-password-link:same-key").done_at is not None
