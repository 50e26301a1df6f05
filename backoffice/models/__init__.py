"""The back office's models, a module per subject: ``staff`` accounts, the append-only ``audit``
log, ``approvals`` (four-eyes requests and rules), ``lists`` (columns and saved views), ``jobs``
(task receipts, bulk actions), ``panel_settings``; ``base`` what they share."""

from .approvals import ApprovalRequest, ApprovalStatus, CommandRule
from .audit import AuditEntry, AuditEntryQuerySet, AuditLogIsAppendOnly
from .base import FastLoading, LeasedJob, PermissionHolder, Versioned
from .jobs import BulkJob, BulkJobRow, BulkOutcome, BulkStatus, TaskReceipt
from .lists import SavedView, TableConfiguration
from .panel_settings import PanelSetting
from .staff import StaffUser

__all__ = [
    "ApprovalRequest",
    "ApprovalStatus",
    "AuditEntry",
    "AuditEntryQuerySet",
    "AuditLogIsAppendOnly",
    "BulkJob",
    "BulkJobRow",
    "BulkOutcome",
    "BulkStatus",
    "CommandRule",
    "FastLoading",
    "LeasedJob",
    "PanelSetting",
    "PermissionHolder",
    "SavedView",
    "StaffUser",
    "TableConfiguration",
    "TaskReceipt",
    "Versioned",
]
