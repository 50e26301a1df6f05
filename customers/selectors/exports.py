"""Reads of the statement exports: one's own, or everyone's for those who may see them."""

from django.shortcuts import get_object_or_404

from ..models import StatementExport

VIEW_ALL = "customers.view_all_exports"


def exports_visible_to(user):
    exports = StatementExport.objects.select_related("customer", "requested_by")
    return exports if user.has_perm(VIEW_ALL) else exports.filter(requested_by=user)


def export_for(user, pk: int) -> StatementExport:
    return get_object_or_404(exports_visible_to(user), pk=pk)


EXPORT_DOSSIER = "customers.export_dossier"


def dossiers_visible_to(user):
    """Regulator dossiers: one's own; everyone's for those who see every export. Only for holders
    of the permission to ask for one (a dossier says what its requester may see)."""
    from ..models import DossierExport

    if not user.has_perm(EXPORT_DOSSIER):
        return DossierExport.objects.none()
    dossiers = DossierExport.objects.select_related("customer", "requested_by")
    return dossiers if user.has_perm(VIEW_ALL) else dossiers.filter(requested_by=user)


def dossier_for(user, pk: int):
    return get_object_or_404(dossiers_visible_to(user), pk=pk)
