"""The screening app's audit actions in words (``backoffice.audit_labels`` collects them)."""

ACTIONS = {
    "screening.list.loaded": "Watchlist version loaded",
    "screening.list.failed": "Watchlist file refused (nothing loaded)",
    "screening.hit.cleared": "Watchlist hit cleared as a false positive",
    "screening.hit.confirmed": "Watchlist hit confirmed as a true match",
    "screening.hits.exported": "Watchlist hits exported",
    "screening.clearance.lapsed": "A false positive's clearance lapsed (a side changed)",
}
FIELDS = {
    "added": "Subjects added",
    "changed": "Subjects changed",
    "removed": "Subjects removed",
    "total": "Subjects listed",
    "file": "File",
    "error": "Why",
    "listed": "Listed subject",
    "cleared_by_hit": "Cleared by hit",
}
