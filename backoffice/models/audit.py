"""The append-only audit log."""

from django.db import models, router, transaction
from django.utils import timezone

from .. import audit_chain
from .base import FastLoading
from .staff import StaffUser


class AuditEntryQuerySet(models.QuerySet):
    """Refuses bulk changes: the log is append-only (PostgreSQL refuses them too, by trigger).
    Bulk inserts are sealed into the chain like single ones."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            audit_chain.seal(objs, using=self.db)
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEntry(FastLoading, models.Model):
    """One thing that happened, who did it, to whom, and why. Written by ``backoffice.audit``."""

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        StaffUser,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
        help_text="The staff member; empty for a system actor.",
    )
    actor_label = models.CharField(
        max_length=150,
        db_index=True,
        help_text="The staff member's username at the time, or a system actor such as 'system:celery:task-name'.",
    )
    action = models.CharField(max_length=100, db_index=True, help_text="Dotted, e.g. compliance.freeze.set")
    customer_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")
    reason = models.TextField(blank=True)
    confidential = models.BooleanField(
        default=False, help_text="The whole entry is shown only to staff who may see confidential values."
    )
    confidential_fields = models.JSONField(
        default=list, blank=True, help_text="Changed fields (or 'reason') masked for other staff."
    )
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="The seal of the entry before (backoffice.audit_chain)."
    )
    hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="HMAC-SHA256 of this entry's contents and prev_hash."
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["-occurred_at", "-id"]
        default_permissions = ()
        permissions = [
            ("view_audit_log", "See the global audit log and export it"),
            (
                "view_confidential",
                "See confidential values: freeze comments, state reasons, risk, screening outcomes",
            ),
        ]
        indexes = [
            models.Index(fields=["customer_id", "-occurred_at"], name="audit_customer_time"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time"),
        ]
        constraints = [
            # The chain cannot fork: two entries never follow the same one.
            models.UniqueConstraint(fields=["prev_hash"], name="audit_one_entry_per_link"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            audit_chain.seal([self], using=using)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")
