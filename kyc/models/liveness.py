"""Live verification sessions (T "KYC Liveness") and every event the provider sent about them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from backoffice.models import FastLoading

from ..choices import LivenessScore, LivenessStatus, Provider


class LivenessSession(FastLoading, models.Model):
    """initiated (score -1) → processing (-1) → processed (1 passed, 0 failed). ``state_at`` is
    the provider's time of the event that set the status, so an older event arriving late is
    recognised and changes nothing. A failed check is final: a new session is needed."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="liveness_sessions")
    provider = models.CharField(max_length=20, choices=Provider, default=Provider.SANDBOX)
    reference = models.CharField("Provider reference", max_length=64, unique=True)
    url = models.URLField("Verification URL", max_length=500)
    status = models.CharField(max_length=12, choices=LivenessStatus, default=LivenessStatus.INITIATED)
    score = models.SmallIntegerField(choices=LivenessScore, default=LivenessScore.UNKNOWN)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state_at = models.DateTimeField(null=True, blank=True)
    # When the back office asked the provider for the documents of the passed check (the review
    # was requested): asked once per session.
    documents_requested_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Live verification {self.reference} ({self.get_status_display().lower()})"

    @property
    def failed(self) -> bool:
        return self.status == LivenessStatus.PROCESSED and self.score == LivenessScore.FAILED

    @property
    def passed(self) -> bool:
        return self.status == LivenessStatus.PROCESSED and self.score == LivenessScore.PASSED

    @property
    def documents_arrived(self) -> bool:
        """A ``document.create`` came (reads the prefetched ``events`` of the tab's selector)."""
        return any(event.event_type == "document.create" for event in self.events.all())


class ProviderEvent(models.Model):
    """One webhook received, kept as it came. ``event_id`` is unique: a replayed event is
    recognised and changes nothing. ``outcome`` says what it did."""

    provider = models.CharField(max_length=20, choices=Provider, default=Provider.SANDBOX)
    event_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=40)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    session = models.ForeignKey(LivenessSession, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    payload = models.JSONField()
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once")]

    def __str__(self):
        return f"{self.event_type} {self.event_id}"
