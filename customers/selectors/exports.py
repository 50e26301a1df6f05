"""Reads of the statement exports: one's own, or everyone's for those who may see them."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import StatementExport

VIEW_ALL = "customers.view_all_exports"


def exports_visible_to(user):
    exports = StatementExport.objects.select_related("customer", "requested_by")
    return exports if user.has_perm(VIEW_ALL) else exports.filter(requested_by=user)


def export_for(user, pk: int) -> StatementExport:
    return get_object_or_404(exports_visible_to(user), pk=pk)


EXPORT_DOSSIER = "customers.export_dossier"
CONFIDENTIAL = "backoffice.view_confidential"
FULL_PII = "customers.view_full_pii"
# What shapes the values inside a dossier's sections (confidential values, personal data whole):
# another's dossier only for a reader who holds them all, whatever its requester held.
SEEING = (CONFIDENTIAL, FULL_PII)


def dossiers_visible_to(user):
    """Regulator dossiers: one's own; others' (a query of candidates, ``readable_by`` decides)
    for those who see every export and confidential data. Only for holders of the permission to
    ask for one (a dossier says what its requester may see; that one exists is confidential)."""
    from ..models import DossierExport

    if not user.has_perm(EXPORT_DOSSIER):
        return DossierExport.objects.none()
    dossiers = DossierExport.objects.select_related("customer", "requested_by")
    return dossiers if _may_read_others(user) else dossiers.filter(requested_by=user)


def _may_read_others(user) -> bool:
    return user.has_perm(VIEW_ALL) and all(user.has_perm(permission) for permission in SEEING)


def readable_by(user, job) -> bool:
    """Whether ``user`` may open ``job``: their own, or another's when they see at least the
    sections its requester saw (every section written in it is one they may see: the same
    sections withheld, or fewer), so a dossier built for a more privileged requester is never
    handed whole to a reader who may see less. No query (the permissions are cached)."""
    if job.requested_by_id == user.pk:
        return True
    if not (user.has_perm(EXPORT_DOSSIER) and _may_read_others(user)):
        return False
    from ..dossier.registry import dossier_sections

    hidden = {section.title for section in dossier_sections.all() if not section.visible_to(user)}
    return not any(title in hidden and not withheld for title, withheld in job.sections)


def dossier_rows(user, limit: int = 100) -> list:
    """The Exports page's dossiers: those ``user`` may open, newest first."""
    return [job for job in dossiers_visible_to(user)[:limit] if readable_by(user, job)]


def dossier_for(user, pk: int):
    """The dossier ``user`` may open, else 404 (as one that does not exist)."""
    job = get_object_or_404(dossiers_visible_to(user), pk=pk)
    if not readable_by(user, job):
        raise Http404("No such dossier.")
    return job
