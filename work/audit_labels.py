"""The work app's audit actions in words (``backoffice.audit_labels`` collects them)."""

ACTIONS = {
    "work.assigned": "Work item assigned",
    "work.snoozed": "Work item snoozed",
    "work.exported": "Work list exported",
    "work.target.set": "Work target changed",
    "work.escalated": "Overdue work item escalated",
}
FIELDS = {
    "working_hours": "Deadline (working hours)",
    "days_ahead": "Opens (days ahead)",
    "grace_hours": "Grace before escalating (hours)",
    "escalation_role": "Escalates to",
    "months_high": "High risk: review every (months)",
    "months_medium": "Medium risk: review every (months)",
    "months_low": "Low risk: review every (months)",
    "holidays_country": "Public holidays of",
    "opens_at": "Team opens at",
    "closes_at": "Team closes at",
    "escalated_to": "Escalated to",
}
