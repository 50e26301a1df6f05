"""Four-eyes requests and the rules that say which commands wait for a second person."""

from django.db import models
from django.utils import timezone

from .staff import StaffUser


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved and done"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


class ApprovalRequest(models.Model):
    """A command a maker asked for that waits for a second person (four-eyes): its exact
    parameters and what the target was when asked. Nothing changes until a checker approves; the
    command then runs as the maker asked (``backoffice.services.approvals``). Targets are known by
    model label and id, as in the audit log: ``backoffice`` imports no domain app."""

    command = models.CharField(max_length=100, help_text="The command's declared name.")
    target_model = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=200)
    customer_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    parameters = models.JSONField(default=dict, help_text="The form's values, the password left out.")
    snapshot = models.JSONField(default=dict, help_text="The target's fields when the request was made.")
    reason = models.TextField()
    confidential = models.BooleanField(default=False)
    # Fixed when the request was made (``Command.approver_role_of``): only a holder of this role
    # decides it (granting the compliance officer role: a compliance officer). Empty: the rule.
    approver_role = models.CharField(max_length=150, blank=True)
    maker = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="approval_requests_made")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    checker = models.ForeignKey(
        StaffUser, null=True, blank=True, on_delete=models.PROTECT, related_name="approval_requests_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    # When the staff who may decide it were emailed (``backoffice.tasks.notify_checkers``).
    checkers_notified_at = models.DateTimeField(null=True, blank=True)
    # The audit entries of the request, of its decision and of the change it made.
    request_entry = models.ForeignKey(
        "AuditEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    decision_entry = models.ForeignKey(
        "AuditEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    change_entry = models.ForeignKey(
        "AuditEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )

    class Meta:
        default_permissions = ()
        permissions = [("configure_four_eyes", "Choose which changes need a second person")]
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checker__isnull=True) | ~models.Q(checker=models.F("maker")),
                name="approval_checker_is_not_maker",
                violation_error_message="The person who asked cannot approve or reject their own request.",
            ),
            models.UniqueConstraint(
                fields=["command", "target_model", "target_id"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_command_and_target",
                violation_error_message="A request for this command on this target already waits.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", checker__isnull=True, decided_at__isnull=True)
                | ~models.Q(status="pending"),
                name="approval_pending_is_undecided",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="approval_status_expiry")]

    def __str__(self):
        from ..commands import commands

        return f"Request #{self.pk}: {commands.label_of(self.command)} — {self.target_repr}"

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING and self.expires_at > timezone.now()


class CommandRule(models.Model):
    """What administrators chose for one command's four-eyes rule, over its declared default.
    Changing a rule is itself a command that needs a second person."""

    command = models.CharField(max_length=100, unique=True)
    four_eyes = models.BooleanField()
    approver_role = models.CharField(max_length=150, blank=True, help_text="Empty: any holder of the permission.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        from ..commands import commands

        return f"Four-eyes rule of “{commands.label_of(self.command)}”"
