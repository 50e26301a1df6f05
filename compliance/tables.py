"""The restricted customers' table: the customer list's columns and the restrictions, with the
state reason (compliance officers and administrators only see this list)."""

from functools import cached_property

from django.utils.safestring import SafeString

from backoffice.markup import choice_labels, escape, text
from backoffice.tables import Column
from customers.models import Customer
from customers.tables import CustomerTable


def restriction_labels(record, states: dict | None = None) -> list[str]:
    """The restrictions of a customer row; ``states``: the state labels, read once for a list."""
    labels = []
    if record.is_frozen:
        labels.append("Assets frozen")
    if record.is_legal_frozen:
        labels.append("Legal freeze")
    if record.state != "active":
        labels.append((states or choice_labels(type(record), "state")).get(record.state, record.state))
    return labels


class RestrictedCustomerTable(CustomerTable):
    restrictions = Column(verbose_name="Restrictions", accessor="pk", orderable=False, empty_values=())
    state_reason = Column(verbose_name="State reason", orderable=False)

    class Meta(CustomerTable.Meta):
        sequence = ("id", "name", "kind", "restrictions", "state_reason", "country", "created_at", "...")
        exclude = ("emails", "verification_status", "state", "aggregated", "status")

    def render_restrictions(self, record):
        labels = restriction_labels(record, self.state_labels)
        return SafeString(" ".join(f'<span class="badge text-bg-danger">{text(label)}</span>' for label in labels))

    def value_restrictions(self, record, value):
        return ", ".join(restriction_labels(record, self.state_labels))

    @cached_property
    def state_labels(self) -> dict:
        return choice_labels(Customer, "state")

    def render_state_reason(self, value):
        return SafeString(f'<span class="small">{escape(value)}</span>')
