"""Emails to staff members (never to customers: those belong to the customer apps)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import StaffUser


def password_link(staff: StaffUser) -> str:
    """A single-use link: the token stops working once the password changes, or after
    ``PASSWORD_RESET_TIMEOUT``."""
    path = reverse(
        "set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(staff.pk)),
            "token": default_token_generator.make_token(staff),
        },
    )
    return settings.PANEL_BASE_URL.rstrip("/") + path


def send_staff_password_link(staff: StaffUser, *, invitation: bool) -> None:
    context = {
        "staff": staff,
        "link": password_link(staff),
        "invitation": invitation,
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    subject = "Your back-office account" if invitation else "Choose a new back-office password"
    send_mail(
        subject,
        render_to_string("backoffice/emails/password_link.txt", context),
        None,
        [staff.email],
    )


def send_email_changed_notice(staff: StaffUser, old_email: str) -> None:
    context = {"staff": staff, "old_email": old_email}
    send_mail(
        "The email address of your back-office account changed",
        render_to_string("backoffice/emails/email_changed.txt", context),
        None,
        [old_email],
    )


def send_approvals_waiting(staff: StaffUser, requests: list) -> None:
    """One email listing the requests ``staff`` may decide: ``[(request, label, link), ...]``."""
    count = len(requests)
    send_mail(
        "A change waits for your approval" if count == 1 else f"{count} changes wait for your approval",
        render_to_string("backoffice/emails/approvals_waiting.txt", {"staff": staff, "requests": requests}),
        None,
        [staff.email],
    )
