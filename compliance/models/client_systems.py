"""The payment systems that ask what a customer may do, each with its own API key (only its
SHA-256 is kept; the key is shown once, when it is issued)."""

from django.db import models
from django.utils import timezone


class ClientSystem(models.Model):
    name = models.CharField(max_length=80, unique=True)
    key_prefix = models.CharField(max_length=12, help_text="The key's first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
