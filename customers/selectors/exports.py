"""Reads of the statement exports: one's own, or everyone's for those who may see them."""

from django.shortcuts import get_object_or_404

from ..models import StatementExport

VIEW_ALL = "customers.view_all_exports"


def exports_visible_to(user):
    exports = StatementExport.objects.select_related("customer", "requested_by")
    return exports if user.has_perm(VIEW_ALL) else exports.filter(requested_by=user)


def export_for(user, pk: int) -> StatementExport:
    return get_object_or_404(exports_visible_to(user), pk=pk)
