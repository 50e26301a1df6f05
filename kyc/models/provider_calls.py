"""What the back office sent to the live verification provider, and what it answered (C
"Identification": "compliance logging details of every update sent to the service provider").

``ProviderEvent`` keeps what the provider sends us; a ``ProviderCall`` is the other direction: one
row per call the services make (``kyc.liveness.calls``), with the request as sent (identifiers
only: never a secret, never a file) and the answer's status. Written once, never changed.
"""

from django.db import models
from django.utils import timezone

from ..choices import Provider


class ProviderOperation(models.TextChoices):
    """The calls a provider client answers (``kyc.liveness.providers.LivenessProvider``), named as
    Treezor's endpoints do (seed 002)."""

    START_SESSION = "start_session", "Session created"
    REQUEST_DOCUMENTS = "request_documents", "Documents requested"
    FETCH_DOCUMENT = "fetch_document", "Document fetched"


class ProviderCallStatus(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    UNAVAILABLE = "unavailable", "Provider unavailable (tried again later)"
    REFUSED = "refused", "Refused by the provider"


class ProviderCall(models.Model):
    provider = models.CharField(max_length=20, choices=Provider, default=Provider.SANDBOX)
    session = models.ForeignKey(
        "kyc.LivenessSession", null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    operation = models.CharField(max_length=24, choices=ProviderOperation)
    endpoint = models.CharField(max_length=120, blank=True)
    request = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=ProviderCallStatus)
    answer = models.JSONField(default=dict, blank=True)
    # Who made the call happen: a staff member's username or a system actor's name.
    actor_label = models.CharField(max_length=150, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["session", "sent_at"], name="kyc_providercall_session")]

    def __str__(self):
        return f"{self.get_operation_display()} ({self.get_status_display().lower()})"
