"""Badges of a customer, the same everywhere they appear."""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from backoffice.markup import escape, text
from backoffice.tables import EMPTY, badge

from .. import countries
from ..choices import AggregatedStatus, KycStatus, State, Status, VerificationStatus, colour
from ..masking import masked_iban
from ..tables import choice_badge

register = template.Library()


@register.simple_tag
def aggregated_badge(customer):
    return choice_badge(AggregatedStatus, customer.aggregated_status)


@register.simple_tag
def kyc_status_badge(customer):
    """S's KYC status, and when it was last run."""
    badge = choice_badge(KycStatus, customer.kyc_status)
    if customer.kyc_checked_at is None:
        return badge
    day = escape(timezone.localtime(customer.kyc_checked_at).date().isoformat())
    return SafeString(f'{badge} <span class="small text-body-secondary">run {day}</span>')


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


@register.simple_tag
def profile_tab_strip(tabs, current_tab, oob=False) -> SafeString:
    """The profile's tabs (``tabs``: (tab, url, badge)), the current one selected; written in
    Python, as ``_profile_tabs.html`` wrote them, on every profile page and tab (issue 17)."""
    items = []
    for tab, url, badge_value in tabs:
        current = tab.key == current_tab.key
        url = escape(url)
        counted = f' <span class="badge text-bg-secondary">{text(badge_value)}</span>' if badge_value else ""
        items.append(
            f'<li class="nav-item" role="presentation"><a class="nav-link{" active" if current else ""}" '
            f'href="{url}" hx-get="{url}" role="tab" aria-selected="{"true" if current else "false"}">'
            f"{text(tab.label)}{counted}</a></li>"
        )
    return mark_safe(
        f'<ul id="profile-tabs" class="nav nav-tabs profile-tabs"{' hx-swap-oob="true"' if oob else ""} role="tablist" '
        f'hx-target="#profile-tab" hx-swap="innerHTML" hx-push-url="true">{"".join(items)}</ul>'
    )


@register.simple_tag
def profile_toolbar(toolbar) -> SafeString:
    """The counters above a profile's tabs (``toolbar``: (counter, count, url)), each a link."""
    return mark_safe(
        " ".join(
            f'<a class="counter border rounded px-3 py-2 text-decoration-none text-body bg-body" href="{escape(url)}" '
            f'data-counter="{escape(counter.key)}"><div class="small text-body-secondary"><i class="bi '
            f'bi-{escape(counter.icon)}" aria-hidden="true"></i> {text(counter.label)}</div>'
            f'<div class="count">{text(count)}</div></a>'
            for counter, count, url in toolbar
        )
    )


@register.filter
def country_name(instance, field: str) -> str:
    """``{{ instance|country_name:"nationality" }}``: the name of the country a field holds
    (``instance.nationality.name``) without building a ``Country``."""
    return countries.country_name(countries.country_code(instance, field))


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
