"""Work items: anything a person must do about a customer (DESIGN.md "Work items"), and the
service-level target of each kind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import CLOSED_STATUSES, PENDING_STATUSES, WorkKind, WorkStatus

PENDING = Q(status__in=PENDING_STATUSES)


class WorkItem(models.Model):
    """One thing to do, opened by the service that creates what must be done (a document to
    pre-review) in the same transaction, and closed by the service that settles it. Its subject
    is known by its model's label and primary key, as an approval request's target is: ``work``
    imports none of the apps above it."""

    kind = models.CharField(max_length=20, choices=WorkKind)
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.PROTECT)
    subject_model = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    # Who may do it (the permission of the page it links to); a confidential item (a request
    # about a freeze) only for those who see confidential data.
    permission = models.CharField(max_length=100)
    # Or the holders of a role: a four-eyes request whose approving role is fixed (a change of
    # roles is approved by a holder of the role it grants) or configured on the rules page.
    role = models.CharField(max_length=50, blank=True)
    # Only its assignee's (a statement that failed: only its requester sees their exports): never
    # in anyone else's queue, never given back or to a colleague.
    personal = models.BooleanField(default=False)
    confidential = models.BooleanField(default=False)
    # Whose action opened it (who uploaded the document, asked for the review or the change):
    # "Take next" never gives them their own (segregation of duties).
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=WorkStatus, default=WorkStatus.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    snooze_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        permissions = [
            ("view_all_work", "See every work item, whoever has it"),
            ("manage_work_targets", "Set the service-level target of each kind of work"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_model", "subject_id"],
                condition=Q(status__in=PENDING_STATUSES),
                name="work_one_pending_item_per_subject",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CLOSED_STATUSES) | Q(closed_at__isnull=True), name="work_only_done_is_closed"
            ),
        ]
        # What is still to do, in the order every queue reads it (due first, then id): partial
        # indexes over the pending rows only, so a page of the 200,000 open items is an index
        # range, not a sort of them all (tests/perf/work_queues.py); by assignee ("mine") and by
        # kind (a kind's queue, the dashboard's bounded counts per kind).
        indexes = [
            models.Index(fields=["due_at", "id"], name="work_pending_by_due", condition=PENDING),
            models.Index(fields=["assignee", "due_at", "id"], name="work_mine_by_due", condition=PENDING),
            models.Index(fields=["kind", "due_at", "id"], name="work_kind_by_due", condition=PENDING),
            # Those who see only the kinds they may do, counted per kind without reading the
            # table: by the item's permission, and their own others (``selectors.pending_work_parts``).
            models.Index(
                fields=["permission", "kind", "due_at"],
                include=["confidential"],
                name="work_permission_by_due",
                condition=PENDING,
            ),
            models.Index(
                fields=["assignee", "kind", "due_at"],
                include=["permission", "confidential"],
                name="work_mine_by_kind",
                condition=PENDING,
            ),
            models.Index(fields=["subject_model", "subject_id"], name="work_by_subject"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def url(self) -> str:
        """Where it is done: the page its kind's app links it to (``kinds.register_link``)."""
        from .kinds import link_of

        return link_of(self)

    def is_overdue(self, now=None) -> bool:
        return self.is_pending and self.due_at < (now or timezone.now())


class WorkTarget(models.Model):
    """A kind's service-level target, as administrators set it (else ``kinds.DEFAULT_TARGETS``):
    working hours from opening for what staff answer, or days ahead for what falls due on a date;
    after ``grace_hours`` overdue, the item is escalated to ``escalation_role``, once."""

    kind = models.CharField(max_length=20, choices=WorkKind, primary_key=True)
    working_hours = models.PositiveIntegerField(null=True, blank=True)
    days_ahead = models.PositiveIntegerField(null=True, blank=True)
    grace_hours = models.PositiveIntegerField(default=8)
    escalation_role = models.CharField(max_length=50, blank=True)
    # The calendar of the team that does the kind (what counts working hours): its public
    # holidays' country ("" the panel's, ``WORK_HOLIDAYS_COUNTRY``) and its hours (None 09:00 / 17:00).
    holidays_country = models.CharField(max_length=2, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    # A risk review only: how often a customer of each risk level is reviewed (months).
    months_high = models.PositiveSmallIntegerField(null=True, blank=True)
    months_medium = models.PositiveSmallIntegerField(null=True, blank=True)
    months_low = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.get_kind_display()
