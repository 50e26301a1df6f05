"""Notes staff write on a customer (C "Notes created by an Administrator"). A note is never
edited or deleted: what was written stays, and pinning is the only change (audited)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import NoteVisibility
from .customer import Customer


class Note(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=4000)
    visibility = models.CharField(max_length=12, choices=NoteVisibility, default=NoteVisibility.EVERYONE)
    is_pinned = models.BooleanField("Pinned", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_pinned", "-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "is_pinned", "created_at"], name="note_customer_order")]

    def __str__(self):
        return f"Note by {self.author} on {self.created_at:%Y-%m-%d}"

    @property
    def is_confidential(self) -> bool:
        return self.visibility == NoteVisibility.COMPLIANCE
