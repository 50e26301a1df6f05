"""T "Send forgot password": the button on the profile, the confirmation with the exact address,
the email (through the task) with a single-use expiring link whose token is stored only as its
hash, the hourly limit, SMTP failures retried then reported, and the link's redemption."""

import hashlib
import re
import socket
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers import tasks
from customers.models import Customer, PasswordReset
from customers.services import password_resets
from tests.customers.factories import make_person
from tests.helpers import audit_actions, page_text

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://customer\.test/reset-password\?token=([\w-]+)")


@pytest.fixture(autouse=True)
def _customer_interface(settings):
    settings.CUSTOMER_PASSWORD_RESET_URL = "http://customer.test/reset-password"
    settings.CUSTOMER_PASSWORD_RESET_RETRY_SECONDS = 0


def send(client, person, capture, email=None):
    """Confirm on the page, as a staff member would; the task runs once the request commits."""
    with capture(execute=True):
        return client.post(
            reverse("customer-password-reset", args=[person.pk]), {"email": email or person.primary_email}
        )


def token_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_a_support_agent_sends_the_reset_email_to_the_address_shown(
    signed_in, support_agent, django_capture_on_commit_callbacks
):
    person = make_person("Paula", "Password", email="paula@example.test")
    client = signed_in(support_agent)
    profile = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    assert "Send forgot password" in profile and "Never sent." in profile
    confirmation = page_text(client.get(reverse("customer-password-reset", args=[person.pk])))
    assert '<p class="fs-5 fw-semibold font-monospace mb-3" id="reset-address">paula@example.test</p>' in confirmation
    assert "works once, for 60 minutes" in confirmation and "You never see or set the password." in confirmation

    response = send(client, person, django_capture_on_commit_callbacks)
    assert response.url == reverse("customer-profile", args=[person.pk])
    [message] = mail.outbox
    assert message.to == ["paula@example.test"] and message.subject == "Reset your password"
    assert "Hello Paula," in message.body and "works once and for 60 minutes" in message.body
    token = token_in(message)
    reset = PasswordReset.objects.get()
    assert reset.status == "sent" and reset.requested_by == support_agent and reset.attempts == 1
    assert reset.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(PasswordReset.objects.values()))  # only the hash is kept
    assert token not in str(list(AuditEntry.objects.values()))
    assert audit_actions(customer_id=person.pk)[-2:] == [
        "customers.password_reset.requested",
        "customers.password_reset.sent",
    ]

    profile = page_text(client.get(response.url))
    assert "The reset email is on its way to paula@example.test." in profile
    assert f"Sent {timezone.localtime(reset.sent_at):%Y-%m-%d %H:%M} to" in profile
    assert "by Sam Tester · link valid until" in profile


def test_the_email_goes_only_to_the_address_confirmed(signed_in, support_agent, django_capture_on_commit_callbacks):
    person = make_person(email="before@example.test")
    client = signed_in(support_agent)
    person.primary_email = "after@example.test"  # a colleague changed it after the page opened
    person.save(update_fields=["primary_email"])
    response = send(client, person, django_capture_on_commit_callbacks, email="before@example.test")
    assert response.status_code == 200
    assert "The primary email changed since this page opened; it is now after@example.test." in page_text(response)
    assert mail.outbox == [] and not PasswordReset.objects.exists()


def test_three_emails_an_hour_then_a_clear_message(signed_in, support_agent, django_capture_on_commit_callbacks):
    person = make_person()
    client = signed_in(support_agent)
    for _ in range(3):
        assert send(client, person, django_capture_on_commit_callbacks).status_code == 302
    first = PasswordReset.objects.order_by("id").first()
    next_at = password_resets.next_minute(first.created_at + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        refused = page_text(
            client.post(
                reverse("customer-password-reset", args=[person.pk]), {"email": person.primary_email}, follow=True
            )
        )
    assert "3 reset emails were already requested for this customer in the last hour." in refused
    assert f"The next one can be sent at {next_at:%H:%M}." in refused
    assert len(mail.outbox) == 3 and PasswordReset.objects.count() == 3
    profile = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    assert "Send forgot password" not in profile
    assert f"The next one can be sent at {next_at:%H:%M}." in profile
    # A newer link replaces the earlier ones: only the last one works.
    tokens = [token_in(message) for message in mail.outbox]
    for token in tokens[:2]:
        with pytest.raises(DomainError):
            password_resets.redeem_password_reset(token=token)
    assert password_resets.redeem_password_reset(token=tokens[2]) == person
    PasswordReset.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert "Send forgot password" in page_text(client.get(reverse("customer-profile", args=[person.pk])))


def test_a_customer_without_primary_email_gets_no_button_but_the_reason(signed_in, support_agent):
    person = make_person()
    person.emails.all().delete()
    person.primary_email = ""
    person.save(update_fields=["primary_email"])
    client = signed_in(support_agent)
    profile = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    assert "Send forgot password" not in profile
    assert "This customer has no primary email to send the reset link to. Add one in Contacts first." in profile
    response = client.get(reverse("customer-password-reset", args=[person.pk]), follow=True)
    assert "no primary email" in page_text(response) and not PasswordReset.objects.exists()


def test_a_canceled_customer_gets_no_reset_email(administrator):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(status="CANCELED")  # deactivated (compliance)
    person.refresh_from_db()
    with pytest.raises(DomainError, match="canceled"):
        password_resets.request_password_reset(
            actor=administrator, customer=person, confirmed_email=person.primary_email
        )


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "administrator"])
def test_every_role_may_send_it(request, role, signed_in, django_capture_on_commit_callbacks):
    person = make_person()
    client = signed_in(request.getfixturevalue(role))
    assert send(client, person, django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 1


def test_staff_without_the_permission_are_refused(signed_in, outsider, django_capture_on_commit_callbacks):
    person = make_person()
    response = send(signed_in(outsider), person, django_capture_on_commit_callbacks)
    assert response.status_code == 403 and mail.outbox == [] and not PasswordReset.objects.exists()


def ask_reset(staff, person=None) -> PasswordReset:
    person = person or make_person()
    return password_resets.request_password_reset(actor=staff, customer=person, confirmed_email=person.primary_email)


def test_the_task_run_twice_sends_one_email(support_agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        reset = ask_reset(support_agent)
    assert tasks.send_password_reset.apply(args=[reset.pk]).get() is True
    assert tasks.send_password_reset.apply(args=[reset.pk]).get() is False
    assert len(mail.outbox) == 1


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_smtp_failures_are_retried_then_reported(
    signed_in, support_agent, settings, django_capture_on_commit_callbacks
):
    """A real SMTP connection, to a port nothing listens on: each attempt fails and asks Celery
    for a retry (run here one after the other); after the last, the email is marked not sent."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    person = make_person()
    client = signed_in(support_agent)
    send(client, person, django_capture_on_commit_callbacks)
    reset = PasswordReset.objects.get()
    assert reset.status == "queued" and reset.attempts == 1 and "refused" in reset.last_error.lower()
    profile = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    assert "The mail server refused it; trying again shortly." in profile
    retries = settings.CUSTOMER_PASSWORD_RESET_RETRIES
    for retry in range(1, retries):
        with pytest.raises(Retry):
            tasks.send_password_reset.apply(args=[reset.pk], retries=retry)
    assert tasks.send_password_reset.apply(args=[reset.pk], retries=retries).get() is False
    reset.refresh_from_db()
    assert reset.status == "failed" and reset.attempts == retries + 1 and reset.token_hash == ""
    assert audit_actions(customer_id=person.pk)[-1] == "customers.password_reset.failed"
    profile = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    assert (
        "Not sent to" in profile and f"Not sent after {retries + 1} attempts: [Errno 111] Connection refused" in profile
    )
    assert mail.outbox == []


def test_a_link_works_once_and_not_after_it_expires(support_agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reset = ask_reset(support_agent)
    token = token_in(mail.outbox[0])
    assert password_resets.redeem_password_reset(token=token) == reset.customer
    with pytest.raises(DomainError, match="invalid or has expired"):
        password_resets.redeem_password_reset(token=token)
    assert audit_actions(customer_id=reset.customer_id)[-1] == "customers.password_reset.used"

    with django_capture_on_commit_callbacks(execute=True):
        later = ask_reset(support_agent)
    PasswordReset.objects.filter(pk=later.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError, match="invalid or has expired"):
        password_resets.redeem_password_reset(token=token_in(mail.outbox[1]))
    with pytest.raises(DomainError, match="invalid or has expired"):
        password_resets.redeem_password_reset(token="made-up")


def test_the_sweep_queues_an_email_whose_task_was_lost(support_agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # Redis was down: nothing queued
        reset = ask_reset(support_agent)
    assert password_resets.requeue_password_resets() == []  # too recent: its task may still come
    PasswordReset.objects.filter(pk=reset.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    assert password_resets.requeue_password_resets() == [reset.pk]
    assert len(mail.outbox) == 1 and PasswordReset.objects.get().status == "sent"


def test_the_service_holds_the_limit_too(support_agent, django_capture_on_commit_callbacks):
    """A confirmation page opened before the limit was reached: the service refuses the 4th."""
    person = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            ask_reset(support_agent, person)
    with pytest.raises(DomainError, match="already requested for this customer in the last hour"):
        ask_reset(support_agent, person)
    PasswordReset.objects.update(created_at=timezone.now() - timedelta(hours=1))  # exactly an hour ago
    assert ask_reset(support_agent, person).status == "queued"


def test_nothing_goes_to_an_address_that_stopped_being_the_login(support_agent, django_capture_on_commit_callbacks):
    """Changed between the request and the send: not sent. Changed after the send: the link
    no longer works (the old mailbox may be someone else's)."""
    person = make_person(email="old@example.test")
    with django_capture_on_commit_callbacks(execute=False):
        pending = ask_reset(support_agent, person)
    Customer.objects.filter(pk=person.pk).update(primary_email="new@example.test")
    assert password_resets.deliver_password_reset(pending.pk) is False
    pending.refresh_from_db()
    assert pending.status == "failed" and "primary email changed" in pending.last_error and mail.outbox == []

    Customer.objects.filter(pk=person.pk).update(primary_email="old@example.test")
    person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(support_agent, person)
    Customer.objects.filter(pk=person.pk).update(primary_email="new@example.test")
    with pytest.raises(DomainError, match="invalid or has expired"):
        password_resets.redeem_password_reset(token=token_in(mail.outbox[0]))


def test_a_send_in_progress_is_left_alone_until_its_lease_runs_out(support_agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        reset = ask_reset(support_agent)
    PasswordReset.objects.filter(pk=reset.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)
    assert password_resets.deliver_password_reset(reset.pk) is False  # another worker is sending it
    assert mail.outbox == []
    stalled = timezone.now() - password_resets.send_lease() - timedelta(seconds=1)
    PasswordReset.objects.filter(pk=reset.pk).update(claimed_at=stalled)  # …and died
    assert password_resets.requeue_password_resets() == [reset.pk]
    assert len(mail.outbox) == 1 and PasswordReset.objects.get().attempts == 2


def test_the_token_is_in_no_log(support_agent, caplog, django_capture_on_commit_callbacks):
    caplog.set_level("DEBUG")
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(support_agent)
    assert token_in(mail.outbox[0]) not in caplog.text
