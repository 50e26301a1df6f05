"""Template helpers of the compliance pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """``Decimal("0.200")`` → ``0.2``, ``Decimal("10")`` → ``10``: no trailing zeros, no exponent."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")
