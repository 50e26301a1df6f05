"""Background work of ``backoffice``: staff emails and housekeeping.

Tasks take ids, load the objects, retry on transient errors and are idempotent (``run_once``).
"""

import smtplib

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from .emails import send_email_changed_notice, send_staff_password_link
from .jobs import run_once
from .models import StaffUser


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_staff_password_link_email(staff_id: int, *, invitation: bool, dispatch_key: str) -> bool:
    """Email a staff member the link to choose their password (once per ``dispatch_key``)."""
    staff = StaffUser.objects.filter(pk=staff_id, is_active=True).first()
    if staff is None:
        return False
    return run_once(
        f"staff-password-link:{dispatch_key}", lambda: send_staff_password_link(staff, invitation=invitation)
    )


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_staff_email_changed_notice(staff_id: int, *, old_email: str, dispatch_key: str) -> bool:
    """Tell the previous address that the account's email changed (once per ``dispatch_key``)."""
    staff = StaffUser.objects.filter(pk=staff_id).first()
    if staff is None:
        return False
    return run_once(f"staff-email-changed:{dispatch_key}", lambda: send_email_changed_notice(staff, old_email))


@shared_task
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def expire_approval_requests() -> int:
    """Four-eyes requests past their expiry become expired (each with its audit entry)."""
    from .services.approvals import expire_overdue

    return expire_overdue()


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def notify_checkers() -> int:
    """Email the staff who may decide the four-eyes requests asked since the last run (every
    minute: one email per checker per batch)."""
    from .services.approvals import notify_checkers as notify

    return notify()


@shared_task
def ping(value: str) -> str:
    """Answers with its argument: proves a worker consumes the queue (health checks, tests)."""
    return f"pong:{value}"


@shared_task(acks_late=True)
def run_bulk_job(job_id: int) -> bool:
    """A bulk action's rows beyond the request's (``backoffice.services.bulk``)."""
    from .services.bulk import run_bulk_job as run

    return run(job_id) is not None


@shared_task
def requeue_stuck_bulk_jobs() -> int:
    from .services.bulk import requeue_stuck

    return len(requeue_stuck())
