"""Staff accounts and the append-only audit log."""

import functools
import inspect

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, router, transaction
from django.db.models.base import ModelState
from django.db.models.functions import Lower
from django.utils import timezone

from . import audit_chain

# The backends of settings.AUTHENTICATION_BACKENDS under which StaffUser.has_perm may answer from
# the permissions ModelBackend loaded (only StaffBackend, a ModelBackend, answers permissions).
_PERMISSION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "backoffice.auth_backends.StaffBackend"]


class FastLoading(models.Model):
    """A model read by the hundred on every list page (issue 17). ``Model.from_db`` builds each
    row through ``__init__``: a list of every concrete field with the deferred ones marked, then a
    ``setattr`` per field, some hundred Python calls a customer. This one writes the loaded values
    into the instance as ``__init__`` would: through the field's descriptor where it has a setter
    of its own (a country code is cleaned, a phone number parsed, a foreign key's cache kept
    right), straight into ``__dict__`` otherwise; a field not loaded stays deferred, as before.
    ``pre_init`` and ``post_init`` are not sent for such rows: a test fails if anything listens.
    """

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        setters = _fields_with_setters(cls)
        as_read = _text_kept_as_read(cls)
        new = cls.__new__(cls)
        new._state = state = ModelState()
        state.adding = False
        state.db = db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        loaded = new.__dict__
        for name, value in zip(field_names, values, strict=True):
            if name in setters and not (name in as_read and (value is None or value.__class__ is str)):
                setattr(new, name, value)
            else:
                loaded[name] = value
        return new


@functools.cache
def _text_kept_as_read(model: type[models.Model]) -> frozenset[str]:
    """Fields whose setter stores a text read from the database unchanged: a single country
    (django-countries keeps its code, ``force_str`` of it), some ten Python calls a row saved."""
    from django_countries.fields import CountryField

    return frozenset(
        field.attname for field in model._meta.concrete_fields if isinstance(field, CountryField) and not field.multiple
    )


@functools.cache
def _fields_with_setters(model: type[models.Model]) -> frozenset[str]:
    """The attribute names of ``model``'s fields whose descriptor has a ``__set__``."""
    return frozenset(
        field.attname
        for field in model._meta.concrete_fields
        if hasattr(type(inspect.getattr_static(model, field.attname, None)), "__set__")
    )


class Versioned(models.Model):
    """A record edited through forms: the form carries the version it was opened at, and the
    service refuses to save over a newer one (``backoffice.errors.ConcurrentEditError``)."""

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def check_version(self, expected: int | None, what: str = "this record"):
        from .errors import ConcurrentEditError

        if expected is not None and expected != self.version:
            raise ConcurrentEditError(what)
        self.version += 1


class LeasedJob(models.Model):
    """A job row that ``backoffice.jobs.claim`` takes with a lease: ``claimed_at`` is when the
    current run took it (the run's token, renewed by its ``Heartbeat``), ``attempts`` how many runs
    took it. Each job declares its own ``status`` field and choices."""

    status: str
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class PermissionHolder(models.Model):
    """Base of the models that only carry an app's custom permissions: no table, no rows."""

    class Meta:
        abstract = True
        managed = False
        default_permissions = ()

    def __str__(self):
        return self._meta.verbose_name


class StaffUser(Versioned, AbstractUser):
    """A member of staff. Roles are Django groups (see ``backoffice.roles``).

    Staff accounts are never deleted (audit entries point at them); they are deactivated.
    """

    created_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Moves on whenever what this member may do or how they sign in changes (roles, permissions,
    # second-factor devices): a session's remembered permissions and device are then read again
    # (backoffice.access_stamp).
    access_stamp = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = "staff member"
        verbose_name_plural = "staff members"
        ordering = ["username"]
        permissions = [("manage_staff", "Manage staff accounts and roles")]
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="staff_username_unique_ignoring_case",
                violation_error_message="This username is already taken.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None):
        """Django asks every authentication backend, importing each from its dotted path, for
        every permission a page checks (some 60 calls a check, a tenth of a profile). Once
        ``ModelBackend`` has loaded the member's permissions (``_perm_cache``, or the session's
        copy of it: ``backoffice.access_stamp``), the answer is that set, as long as it is the
        only backend that answers permissions (the axes backend answers none)."""
        cached = self.__dict__.get("_perm_cache")
        if obj is None and cached is not None and settings.AUTHENTICATION_BACKENDS == _PERMISSION_BACKENDS:
            return self.is_active and (self.is_superuser or perm in cached)
        return super().has_perm(perm, obj)

    def has_perms(self, perm_list, obj=None):
        if isinstance(perm_list, str):
            raise ValueError("perm_list must be an iterable of permissions.")
        return all(self.has_perm(perm, obj) for perm in perm_list)

    @property
    def role_names(self) -> list[str]:
        # The signed-in member's roles come from the session while its stamp holds
        # (backoffice.access_stamp); any other member's are read.
        remembered = self.__dict__.get("remembered_role_names")
        if remembered is not None:
            return remembered
        return sorted(group.name for group in self.groups.all())


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


class TaskReceipt(models.Model):
    """The proof that a side effect (an email, a file) happened once, keyed by the task's
    idempotency key. See ``backoffice.jobs.run_once``."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.key


class TableConfiguration(models.Model):
    """The columns one staff member chose for one list (NetBox's "Configure table"): the names of
    the columns shown, in their order. No row means the list's default columns."""

    staff = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="table_configurations")
    table = models.CharField(max_length=100, help_text="The list, by its URL name, e.g. customer-persons.")
    columns = models.JSONField(default=list, help_text="The names of the columns shown, in order.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["staff", "table"], name="table_configuration_per_staff")]

    def __str__(self):
        return f"{self.table} columns of {self.staff.get_username()}"


class SavedView(models.Model):
    """A list's filters and columns under a name (issue 21: "saved views"), its owner's, or shared
    with one of the owner's roles; opened from "Saved views" in the navigation."""

    owner = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="saved_views")
    table = models.CharField(max_length=100, help_text="The list, by its URL name, e.g. customer-persons.")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True, help_text="The filters and sort, as a query string.")
    columns = models.JSONField(default=list, help_text="The columns shown, in order ([]: the viewer's own).")
    shared_role = models.CharField(max_length=150, blank=True, help_text="The role it is shared with, if any.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["table", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "table", "name"], name="saved_view_name_per_list")]

    def __str__(self):
        return self.name


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
        from .commands import commands

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
        from .commands import commands

        return f"Four-eyes rule of “{commands.label_of(self.command)}”"


class BulkStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "In progress"
    DONE = "done", "Done"
    FAILED = "failed", "Stopped"


class BulkJob(LeasedJob):
    """A bulk action on a list's selection (``backoffice.bulk``), kept for its requester: the rows
    by their model and ids, or the list's filters (``query``) the job resolves with the
    requester's permissions; the parameters as the form was sent; its progress and counts."""

    requester = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="bulk_jobs")
    action = models.CharField(max_length=50, help_text="The bulk action's slug (backoffice.bulk).")
    list_name = models.CharField(max_length=100, help_text="The list it was asked from, by its URL name.")
    target_model = models.CharField(max_length=100, help_text="The rows' model label, e.g. customers.customer.")
    ids = models.JSONField(default=list, help_text="The rows' ids: those ticked, or those the filters matched.")
    query = models.CharField(max_length=2000, blank=True, help_text="The list's filters, as a query string.")
    every_match = models.BooleanField(default=False, help_text="Every row matching the filters, not the ids ticked.")
    parameters = models.JSONField(default=dict, help_text="The form's data, validated again by the job.")
    reason = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=BulkStatus.choices, default=BulkStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="bulk_job_status")]

    def __str__(self):
        return f"Bulk job {self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (BulkStatus.PENDING, BulkStatus.RUNNING)

    @property
    def progress(self) -> int:
        return min(100, self.processed * 100 // self.total) if self.total else 0


class BulkOutcome(models.TextChoices):
    DONE = "done", "Done"
    WAITING = "waiting", "Waits for approval"
    REFUSED = "refused", "Refused"


class BulkJobRow(models.Model):
    """One row of a bulk job, written in the transaction of its change: a job run again (its
    worker killed) skips the rows it holds, so no row is ever changed twice."""

    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="rows")
    object_id = models.BigIntegerField()
    label = models.CharField(max_length=200, blank=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=BulkOutcome.choices)
    reason = models.CharField(max_length=500, blank=True)
    approval = models.ForeignKey("ApprovalRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["job", "object_id"], name="bulk_job_row_once")]

    def __str__(self):
        return f"{self.job_id}:{self.object_id} {self.outcome}"


class PanelSetting(models.Model):
    """An administrator's choice for one panel setting (``backoffice.panel_settings``): a switch
    without a row has its initial value, from the Django settings. Changed only by the command
    ``backoffice.panel_setting.set``, which writes the audit entry."""

    key = models.CharField(max_length=60, primary_key=True)
    value = models.CharField(max_length=60)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(StaffUser, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        default_permissions = ()
        ordering = ["key"]
        permissions = [("configure_panel", "Change the panel's settings")]

    def __str__(self):
        from .panel_settings import switches

        switch = switches.get(self.key)
        return f"Panel setting “{switch.label if switch else self.key}”"
