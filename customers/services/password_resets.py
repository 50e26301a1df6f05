"""Password-reset emails (T "Send forgot password"), as DESIGN.md's background jobs: a row first
(``request_password_reset``: checked, rate-limited, audited, the task queued once it commits);
the task claims the row, makes the token, sends, marks it sent. A second delivery finds it
claimed or sent and sends nothing; an SMTP failure releases the claim for Celery's retry.

The token exists only in the email: the row keeps its SHA-256, so ``redeem_password_reset`` (the
customer-facing interface's call) can recognise it once and never recreate it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from backoffice import audit, jobs
from backoffice.audit import SystemActor
from backoffice.errors import DomainError

from .. import events
from ..choices import Status
from ..models import Customer, PasswordReset, ResetStatus
from ..panel_switches import password_reset_offered
from ..selectors import password_reset_allowed_at, recent_password_resets
from .common import locked

WORKER = SystemActor("celery:password-reset")


def send_lease() -> timedelta:
    """A send claimed longer ago than this had its worker die (the jobs' lease, JOB_LEASE: an SMTP
    conversation, 30 s at most per step, fits in it many times)."""
    return settings.JOB_LEASE


class SmtpFailure(Exception):
    """Sending failed; the claim is released. ``final``: that was the last attempt, the email is
    marked not sent; otherwise Celery retries after ``retry_in`` seconds."""

    def __init__(self, message: str, *, attempts: int, final: bool):
        super().__init__(message)
        self.final = final
        self.retry_in = settings.CUSTOMER_PASSWORD_RESET_RETRY_SECONDS * 2 ** (attempts - 1)


def _queue(reset_id: int) -> None:
    from ..tasks import send_password_reset

    jobs.enqueue(send_password_reset, reset_id, what=f"Password reset {reset_id}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reset_refusal(customer: Customer) -> str | None:
    """Why no reset email can go to this customer now, in a support agent's words."""
    if not password_reset_offered():
        return (
            "Sending the forgot-password email is switched off in the panel settings: "
            "ask an administrator if the customer needs it."
        )
    if customer.status == Status.CANCELED:
        return "This customer is canceled: they can no longer sign in, so no reset email is sent."
    if not customer.primary_email:
        return "This customer has no primary email to send the reset link to. Add one in Contacts first."
    return None


def next_allowed_at(customer: Customer):
    """When the hourly limit lets the next email go, or None when it may go now."""
    return password_reset_allowed_at(recent_password_resets(customer))


def limit_message(allowed_at) -> str | None:
    """Why the hourly limit refuses the next email until ``allowed_at`` (None: it does not). The
    time is rounded up to the minute: at the minute it names, the next one goes."""
    if allowed_at is None:
        return None
    limit = settings.CUSTOMER_PASSWORD_RESETS_PER_HOUR
    return (
        f"{limit} reset emails were already requested for this customer in the last hour. "
        f"The next one can be sent at {next_minute(allowed_at):%H:%M}."
    )


def next_minute(moment):
    moment = timezone.localtime(moment)
    rounded = moment.replace(second=0, microsecond=0)
    return rounded if rounded == moment else rounded + timedelta(minutes=1)


@transaction.atomic
def request_password_reset(*, actor, customer: Customer, confirmed_email: str) -> PasswordReset:
    """``confirmed_email``: the address the confirmation page showed; the email goes there only if
    it is still the primary email (a colleague may have changed it since)."""
    customer = locked(customer)  # one request at a time per customer: the rate limit holds
    refusal = reset_refusal(customer)
    if refusal:
        raise DomainError(refusal)
    if confirmed_email != customer.primary_email:
        raise DomainError(
            f"The primary email changed since this page opened; it is now {customer.primary_email}. "
            "Check the address and confirm again."
        )
    if limited := limit_message(next_allowed_at(customer)):
        raise DomainError(limited)
    reset = PasswordReset.objects.create(customer=customer, requested_by=actor, email=customer.primary_email)
    audit.record(
        action="customers.password_reset.requested",
        actor=actor,
        customer_id=customer.pk,
        target=reset,
        changes={"email": [None, reset.email]},
    )
    transaction.on_commit(lambda: _queue(reset.pk))
    return reset


def _message(reset: PasswordReset, token: str) -> tuple[str, str]:
    """The email: nothing in it depends on restrictions, freezes or notes (the customer reads it)."""
    link = f"{settings.CUSTOMER_PASSWORD_RESET_URL}?{urlencode({'token': token})}"
    customer = reset.customer
    context = {
        "name": customer.first_name if customer.is_person and customer.first_name else customer.display_name,
        "link": link,
        "minutes": int(settings.CUSTOMER_PASSWORD_RESET_LINK.total_seconds() // 60),
    }
    return "Reset your password", render_to_string("customers/emails/password_reset.txt", context)


def deliver_password_reset(reset_id: int) -> bool:
    """Send the email once. True when this run sent it; False when it was already sent, is being
    sent, or may no longer go (the customer's primary email changed, or they were canceled).
    Raises ``SmtpFailure`` after releasing the claim; once the attempts reach
    ``CUSTOMER_PASSWORD_RESET_RETRIES`` + 1, the email is marked not sent instead.

    Every write after the claim is conditional on still holding it (``_owned``); a heartbeat keeps
    the claim while the SMTP server is slow, and a worker that stalled past ``send_lease()`` while
    another took over changes nothing."""
    reset = jobs.claim(
        PasswordReset, reset_id, waiting=ResetStatus.QUEUED, running=ResetStatus.SENDING, lease=send_lease()
    )
    if reset is None:
        return False
    owned = _owned(reset)
    customer = reset.customer
    if customer.status == Status.CANCELED or customer.primary_email != reset.email:
        _give_up(owned, reset, "The customer's primary email changed, or the customer was canceled, before it left.")
        return False
    token = secrets.token_urlsafe(32)
    if not owned.update(
        token_hash=token_hash(token), expires_at=timezone.now() + settings.CUSTOMER_PASSWORD_RESET_LINK
    ):
        return False
    subject, body = _message(reset, token)
    try:
        with jobs.Heartbeat(reset, lease=send_lease()):  # a slow SMTP server does not lose the claim
            send_mail(subject, body, None, [reset.email])
    except Exception as error:  # SMTP refused, timed out, rejected the address…
        owned = _owned(reset)
        final = reset.attempts > settings.CUSTOMER_PASSWORD_RESET_RETRIES
        message = (str(error) or error.__class__.__name__)[:300]
        if final:
            _give_up(owned, reset, message)
        else:  # the link never left: forget its token; Celery retries
            owned.update(status=ResetStatus.QUEUED, token_hash="", expires_at=None, last_error=message)
        raise SmtpFailure(message, attempts=reset.attempts, final=final) from error
    owned = _owned(reset)  # the heartbeat moved the claim's time
    with transaction.atomic():
        locked(customer)  # two sends for one customer at once: the second sees the first as sent
        if not owned.update(status=ResetStatus.SENT, sent_at=timezone.now(), last_error=""):
            return False
        PasswordReset.objects.filter(
            customer_id=reset.customer_id, status=ResetStatus.SENT, used_at__isnull=True, superseded_at__isnull=True
        ).exclude(pk=reset.pk).update(superseded_at=timezone.now())
        for failed in PasswordReset.objects.filter(customer_id=reset.customer_id, status=ResetStatus.FAILED):
            events.delivery_settled(failed, reset.requested_by)  # this one left: the earlier failures are made good
        audit.record(
            action="customers.password_reset.sent",
            actor=WORKER,
            customer_id=reset.customer_id,
            target=reset,
            changes={"status": [ResetStatus.SENDING, ResetStatus.SENT]},
        )
    return True


def _owned(reset: PasswordReset):
    """The row, while this run still holds its claim (the heartbeat keeps ``reset.claimed_at``)."""
    return PasswordReset.objects.filter(pk=reset.pk, status=ResetStatus.SENDING, claimed_at=reset.claimed_at)


def _give_up(owned, reset: PasswordReset, reason: str) -> None:
    """Not sent, for good (the profile says why)."""
    with transaction.atomic():
        if owned.update(status=ResetStatus.FAILED, token_hash="", expires_at=None, last_error=reason[:300]):
            audit.record(
                action="customers.password_reset.failed",
                actor=WORKER,
                customer_id=reset.customer_id,
                target=reset,
                changes={"status": [ResetStatus.SENDING, ResetStatus.FAILED]},
                reason=reason[:200],
            )
            events.delivery_failed(
                events.DeliveryFailed(
                    subject=reset,
                    customer_id=reset.customer_id,
                    title=f"Password reset email to {reset.customer} not sent",
                    permission="customers.send_password_reset",
                )
            )


def requeue_password_resets() -> list[int]:
    """Emails whose task was lost: not queued (Redis down at the request), a retry that never
    came back, or a worker that died mid-send."""
    now = timezone.now()
    longest_wait = timedelta(  # the last retry's countdown
        seconds=settings.CUSTOMER_PASSWORD_RESET_RETRY_SECONDS * 2 ** (settings.CUSTOMER_PASSWORD_RESET_RETRIES - 1)
    )
    stuck = PasswordReset.objects.filter(
        Q(status=ResetStatus.QUEUED, attempts=0, created_at__lt=now - timedelta(minutes=2))
        | Q(status=ResetStatus.QUEUED, attempts__gt=0, claimed_at__lt=now - longest_wait - timedelta(minutes=2))
        | Q(status=ResetStatus.SENDING, claimed_at__lt=now - send_lease())
    )
    ids = list(stuck.values_list("pk", flat=True)[:200])
    for reset_id in ids:
        _queue(reset_id)
    return ids


@transaction.atomic
def redeem_password_reset(*, token: str, actor=None) -> Customer:
    """The customer-facing interface's check of a link (``actor``: that client system): the token
    works once, before it expires, only while it is the customer's newest link and was sent to
    their current primary email. The same message for every refusal, so a guess learns nothing."""
    invalid = DomainError("This link is invalid or has expired. Ask for a new one.")
    if not token:
        raise invalid
    reset = (
        PasswordReset.objects.select_for_update()
        .filter(token_hash=token_hash(token), status=ResetStatus.SENT)
        .select_related("customer")
        .first()
    )
    now = timezone.now()
    if reset is None or reset.used_at or reset.superseded_at or not reset.expires_at or reset.expires_at <= now:
        raise invalid
    customer = reset.customer
    if customer.status == Status.CANCELED or customer.primary_email != reset.email:
        raise invalid  # sent to an address that is no longer the login: it may be someone else's now
    reset.used_at = now
    reset.save(update_fields=["used_at"])
    audit.record(
        action="customers.password_reset.used",
        actor=actor or SystemActor("customer-interface"),
        customer_id=reset.customer_id,
        target=reset,
        changes={"used": [False, True]},
    )
    return reset.customer
