"""Badges of a customer, the same everywhere they appear."""

from django import template

from backoffice.tables import EMPTY, badge

from ..choices import AggregatedStatus, State, Status, VerificationStatus, colour
from ..masking import masked_iban
from ..tables import choice_badge

register = template.Library()


@register.simple_tag
def aggregated_badge(customer):
    return choice_badge(AggregatedStatus, customer.aggregated_status)


@register.simple_tag
def status_badge(customer):
    return choice_badge(Status, customer.status)


@register.simple_tag
def state_badge(customer):
    """The restriction state; a deactivated customer's no longer applies and reads "Deactivated"."""
    if customer.is_deactivated:
        return choice_badge(AggregatedStatus, AggregatedStatus.DEACTIVATED)
    return choice_badge(State, customer.state)


@register.simple_tag
def verification_badge(customer):
    return choice_badge(VerificationStatus, customer.verification_status)


@register.filter
def plain(value) -> str:
    """An audit value as text: lists joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@register.simple_tag
def field_badge(instance, field: str):
    """The badge of a choice field of any model: its label, in its value's colour."""
    value = getattr(instance, field)
    if not value:
        return EMPTY
    return badge(getattr(instance, f"get_{field}_display")(), colour(value))


@register.simple_tag(takes_context=True)
def iban(context, value: str) -> str:
    """The IBAN as the viewer may see it: whole, or its first and last four (support agents)."""
    return masked_iban(value, context["request"].user) if value else "—"


@register.simple_tag
def verification_level_label(customer) -> str:
    """The administrators' name of the customer's verification level, else its default label."""
    from ..selectors import verification_level_names

    return verification_level_names().get(customer.verification_level) or customer.get_verification_level_display()
