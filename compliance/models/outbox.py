"""The outbox: events for other systems (Treezor's ``user.update`` webhook) written in the same
transaction as the change they report, then delivered by a Celery task, one delivery per
configured endpoint, retried with backoff until it is accepted. Nothing is lost when Redis or an
endpoint is down: the rows wait, and a periodic sweep queues them again."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxEvent(models.Model):
    event_type = models.CharField(max_length=40)
    customer_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.event_type} #{self.pk}"


class OutboxDelivery(models.Model):
    """One event to one endpoint."""

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.URLField(max_length=500)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="outbox_delivery_due", condition=Q(delivered_at__isnull=True))
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"
