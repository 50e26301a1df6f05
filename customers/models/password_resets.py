"""Password-reset emails (T "Send a password-reset email"): staff ask, a Celery task sends.

Staff never set or see a password: the email carries a link to the customer-facing interface
with a single-use token; only the token's SHA-256 is kept, so neither this table nor its backups
can be used to reset anyone's password. The row exists before the email (the task is idempotent
on it), and keeps who asked, the exact address, and what became of the link."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from backoffice.models import LeasedJob

from .customer import Customer


class ResetStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class PasswordReset(LeasedJob):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="password_resets")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(help_text="The primary email when the staff member confirmed; the email goes there.")
    status = models.CharField(max_length=8, choices=ResetStatus, default=ResetStatus.QUEUED)
    token_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the link's token, never the token.")
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="The link stops working then.")
    used_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True, help_text="A newer link replaced this one.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "-created_at"], name="password_reset_customer_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"], condition=~models.Q(token_hash=""), name="password_reset_token_unique"
            )
        ]

    def __str__(self):
        return f"Password reset #{self.pk} of {self.customer_id}"

    @property
    def link_state(self) -> str:
        """What became of the link, in a support agent's words."""
        if self.status != ResetStatus.SENT:
            return ""
        if self.used_at:
            return "used"
        if self.superseded_at:
            return "replaced by a newer link"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return f"valid until {timezone.localtime(self.expires_at):%Y-%m-%d %H:%M}"
