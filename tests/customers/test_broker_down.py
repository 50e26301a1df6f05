"""The job runner's Redis unreachable (nothing listens on its port): a statement or a reset email
requested in the panel answers at once, says it is queued until the job runner is back, and the
sweep does the job once the runner is back. A real closed port, no mock. As in production, where
one ``REDIS_URL`` sets both, the broker and the result backend are down together: queueing a job
must not wait on the result backend's reconnection retries either."""

import socket
import time
from contextlib import ExitStack
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.celery import app as celery_app
from customers.models import PasswordReset, StatementExport
from customers.services import password_resets, statements
from tests.conftest import sign_in
from tests.customers.factories import make_person
from tests.customers.holdings import make_account
from tests.helpers import page_text

pytestmark = pytest.mark.real_worker
QUEUED = "Queued; it will start when the job runner is back."
PROMPT = 5.0  # seconds: "at once", generously (the hang was about 20 s)


@pytest.fixture(params=["refusing", "silent", "dropping"])
def unreachable_broker(request):
    """The port of a broker that refuses connections (nothing listens); of one that accepts them
    and never answers (a hung server: a socket that listens and never reads); or of one whose
    connections never complete (its backlog full, the kernel drops the handshake, as a firewall
    or a host gone from the network would)."""
    with socket.socket() as server, ExitStack() as clients:
        server.bind(("127.0.0.1", 0))
        port = server.getsockname()[1]
        if request.param == "refusing":
            server.close()
        elif request.param == "silent":
            server.listen(8)
        else:
            server.listen(0)
            for _ in range(2):  # fill the backlog; later handshakes get no answer
                client = clients.enter_context(socket.socket())
                client.setblocking(False)
                client.connect_ex(("127.0.0.1", port))
        yield port


@pytest.fixture
def broker_down(committed_db, unreachable_broker):
    """Tasks go to the unreachable Redis, broker and result backend both (the producer pool and
    the backend rebuilt for it); afterwards, the tasks run in process again (the job runner is
    back)."""
    url = f"redis://127.0.0.1:{unreachable_broker}/0"
    saved = {key: celery_app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    celery_app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    forget_connections()
    try:
        yield url
    finally:
        celery_app.conf.update(saved)
        forget_connections()


def forget_connections():
    """The next task opens a connection to the broker, and builds the result backend, now
    configured."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


def timed_post(client, url, data):
    started = time.monotonic()
    response = client.post(url, data, follow=True)
    return response, time.monotonic() - started


def test_a_statement_requested_with_the_broker_down_is_queued_at_once_and_swept_later(
    broker_down, client, make_staff, settings
):
    person = make_person()
    make_account(person)
    sign_in(client, make_staff("agent", "Support agent"))
    today = timezone.localdate()
    response, took = timed_post(
        client,
        reverse("customer-statement", args=[person.pk]),
        {"start_date": today - timedelta(days=30), "end_date": today, "format": "csv"},
    )
    assert response.status_code == 200 and took < PROMPT, f"{took:.1f} s"
    assert QUEUED in page_text(response)
    job = StatementExport.objects.get()
    assert job.status == "pending"

    celery_app.conf.task_always_eager = True  # the job runner is back
    assert statements.requeue_stuck(older_than=timedelta(0)) == [job.pk]
    job.refresh_from_db()
    assert job.status == "done" and (settings.STATEMENTS_DIR / job.stored_name).exists()


def test_a_reset_email_requested_with_the_broker_down_is_queued_at_once_and_swept_later(
    broker_down, client, make_staff, mailoutbox
):
    person = make_person(email="zoe@example.test")
    sign_in(client, make_staff("agent", "Support agent"))
    response, took = timed_post(
        client, reverse("customer-password-reset", args=[person.pk]), {"email": "zoe@example.test"}
    )
    assert response.status_code == 200 and took < PROMPT, f"{took:.1f} s"
    assert QUEUED in page_text(response)
    reset = PasswordReset.objects.get()
    assert reset.status == "queued" and mailoutbox == []

    celery_app.conf.task_always_eager = True  # the job runner is back
    PasswordReset.objects.update(created_at=timezone.now() - timedelta(minutes=3))
    assert password_resets.requeue_password_resets() == [reset.pk]
    reset.refresh_from_db()
    assert reset.status == "sent" and [message.to for message in mailoutbox] == [["zoe@example.test"]]
