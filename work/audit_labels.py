"""The work app's audit actions in words (``backoffice.audit_labels`` collects them)."""

ACTIONS = {
    "work.assigned": "Work item assigned",
    "work.snoozed": "Work item snoozed",
    "work.exported": "Work list exported",
}
