"""Badges of a customer, the same everywhere they appear."""

from django import template

from backoffice.tables import badge

from ..choices import AggregatedStatus, State, Status, VerificationStatus, colour

register = template.Library()


@register.simple_tag
def aggregated_badge(customer):
    value = customer.aggregated_status
    return badge(AggregatedStatus(value).label, colour(value))


@register.simple_tag
def status_badge(customer):
    return badge(Status(customer.status).label, colour(customer.status))


@register.simple_tag
def state_badge(customer):
    return badge(State(customer.state).label, colour(customer.state))


@register.simple_tag
def verification_badge(customer):
    value = customer.verification_status
    return badge(VerificationStatus(value).label, colour(value))


@register.filter
def plain(value) -> str:
    """An audit value as text: lists joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
