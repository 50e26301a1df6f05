"""Badges of a customer, the same everywhere they appear."""

from django import template

from ..choices import AggregatedStatus, State, Status, VerificationStatus
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
