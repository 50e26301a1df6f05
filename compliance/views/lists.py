"""Every restricted customer (frozen, legally frozen, suspended, blocked), filtered and exported:
compliance officers and administrators only."""

from customers.selectors import LIST_COLUMNS, customer_rows
from customers.views.lists import CustomerListView

from ..filtersets import RESTRICTED, RestrictedFilterSet
from ..tables import RestrictedCustomerTable


class RestrictedCustomersView(CustomerListView):
    help_page = "restricted-customers"
    permission_required = "compliance.view_restrictions"
    template_name = "generic/list.html"
    title = "Restricted customers"
    table_class = RestrictedCustomerTable
    filterset_class = RestrictedFilterSet
    export_stem = "restricted-customers"
    export_action = "compliance.restricted.exported"

    def get_queryset(self):
        return restricted_rows(self.request.user)

    def export_audit_details(self):
        return {"confidential": True}  # the export lists freezes and state reasons


def restricted_rows(user):
    """Every restricted customer the staff member may see, with what the list shows."""
    rows = customer_rows(user)
    if rows.query.is_empty():
        return rows
    if not _RESTRICTED:  # the same for everyone who sees customers: built once per process
        _RESTRICTED.append(rows.only(*LIST_COLUMNS, "is_frozen", "is_legal_frozen", "state_reason").filter(RESTRICTED))
    return _RESTRICTED[0].all()


_RESTRICTED: list = []
