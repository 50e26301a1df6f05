"""Password-reset emails through a real Redis and a real Celery worker: sent after the commit and
once only when the task is delivered twice; an SMTP failure is retried by Celery until the mail
server answers. Needs ``REDIS_URL``."""

import socket

import pytest
from django.core import mail
from django.urls import reverse

from customers import tasks
from customers.models import PasswordReset
from customers.services import password_resets
from tests.customers.factories import make_person
from tests.helpers import wait_for

pytestmark = pytest.mark.real_worker


def status(reset_id) -> tuple[str, int]:
    return tuple(PasswordReset.objects.filter(pk=reset_id).values_list("status", "attempts").get())


def test_the_worker_sends_the_email_once_even_when_delivered_twice(redis_worker, signed_in, support_agent):
    mail.outbox = []
    person = make_person(email="worker@example.test")
    response = signed_in(support_agent).post(
        reverse("customer-password-reset", args=[person.pk]), {"email": "worker@example.test"}
    )
    assert response.status_code == 302
    reset = PasswordReset.objects.get()
    assert wait_for(lambda: status(reset.pk) == ("sent", 1)), status(reset.pk)
    assert tasks.send_password_reset.apply_async([reset.pk], ignore_result=False).get(timeout=20) is False  # twice
    assert [message.to for message in mail.outbox] == [["worker@example.test"]]


def test_an_smtp_failure_is_retried_until_the_server_answers(redis_worker, support_agent, settings):
    mail.outbox = []
    settings.CUSTOMER_PASSWORD_RESET_RETRY_SECONDS = 2  # time to switch the server back before the retry
    locmem = settings.MAILERS
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    person = make_person()
    reset = password_resets.request_password_reset(
        actor=support_agent, customer=person, confirmed_email=person.primary_email
    )
    assert wait_for(lambda: status(reset.pk)[1] >= 1 and status(reset.pk)[0] == "queued"), status(reset.pk)
    settings.MAILERS = locmem  # the mail server is back
    assert wait_for(lambda: status(reset.pk)[0] == "sent", timeout=40), status(reset.pk)
    assert status(reset.pk)[1] >= 2 and len(mail.outbox) == 1
