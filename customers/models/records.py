"""What Synctera keeps about a customer besides their identity (issue 21): employment records
(employer, position, from, to) and free-form metadata (key and value, set by administrators)."""

from django.db import models
from django.utils import timezone

from .customer import Customer


class EmploymentRecord(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="employment_records")
    employer = models.CharField(max_length=140)
    position = models.CharField(max_length=100, blank=True)
    started_on = models.DateField("From", null=True, blank=True)
    ended_on = models.DateField("To", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return f"{self.position} at {self.employer}" if self.position else self.employer


class CustomerMetadata(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="metadata")
    key = models.CharField(max_length=64)
    value = models.CharField(max_length=500)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["customer", "key"], name="customer_metadata_key_once")]

    def __str__(self):
        return self.key
