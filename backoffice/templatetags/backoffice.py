"""Template helpers of the shell."""

import functools
from urllib.parse import urlencode

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from .. import audit_labels, filter_form, formatting, markup
from .. import list_results as results_markup
from ..markup import escape

register = template.Library()


@register.simple_tag
def query_with(query: dict, **changes) -> str:
    """The list's query string with some parameters replaced: ``?{% query_with query page=2 %}``."""
    merged = {key: list(values) for key, values in query.items()}
    for key, value in changes.items():
        merged[key] = [value]
    return urlencode(merged, doseq=True)


@register.filter
def is_list(value) -> bool:
    """Whether a value is shown as lines (a request's table of thresholds or fees)."""
    return isinstance(value, (list, tuple))


@register.filter
def field_label(name: str) -> str:
    """``first_name`` → ``First name``, ``kyc_level`` → ``KYC level``, for audit change lists."""
    return audit_labels.field_label(name)


@register.filter
def action_label(code: str) -> str:
    """An audit action in words: ``kyc.review.requested`` → ``KYC review requested``."""
    return audit_labels.action_label(code)


@register.filter
def money(amount, currency: str = "") -> str:
    """The panel's one money format: ``19,805.17 EUR`` (``backoffice.formatting.format_money``)."""
    return formatting.format_money(amount, currency)


@register.filter
def when(value) -> str:
    """A date and time in the staff member's time zone, the zone named: ``6 Dec 2026 14:05 CET``."""
    return formatting.format_datetime(value)


@register.simple_tag
def error_summary(form) -> dict:
    """The fields of ``form`` that need attention, for the summary above a form with several
    errors, in the order the page shows them: ``{"count": n, "items": [{"id", "label", "errors"}]}``;
    each id is the element the link focuses (a radio or checkbox group's first input)."""
    items = []
    helper = getattr(form, "helper", None)
    layout = getattr(helper, "layout", None)
    order = [pointer.name for pointer in layout.get_field_names()] if layout is not None else []
    fields = sorted(form, key=lambda field: order.index(field.name) if field.name in order else len(order))
    for field in fields:
        if not field.errors or field.is_hidden:
            continue
        target = field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
        items.append({"id": target, "name": field.html_name, "label": field.label, "errors": list(field.errors)})
    return {"count": len(items), "items": items}


@register.simple_tag
def filter_fields(form):
    """A list's filter fields as ``{{ form|crispy }}`` writes them, without a template per field
    (``backoffice.filter_form``)."""
    return filter_form.filter_fields(form)


@register.simple_tag
def link(name: str, pk: int, *after) -> str:
    """``{% url name pk after… %}`` for a route whose first argument is a record's id and whose
    others are fixed words ("customer-tab" 7 "accounts"), reversed once per route and words."""
    return markup.url_maker(name, *after)(pk)


@register.filter
def label(instance, field: str):
    """``{{ instance|label:"gender" }}``: ``instance.get_gender_display()``, from a table of the
    field's choices made once per language (``markup.choice_label``)."""
    return markup.choice_label(type(instance), field, getattr(instance, field))


@register.filter(expects_localtime=True)
def minute(moment) -> str:
    """``{{ moment|date:"Y-m-d H:i" }}`` in a few calls ("" for none)."""
    return markup.local_minute(moment)


@register.simple_tag(takes_context=True)
def profile_strip(context, oob=False) -> SafeString:
    """The board's strip (``partials/profile_strip.html`` as it was), written in Python: it is on
    every page once a profile is open (issue 17)."""
    profiles = context.get("open_profiles")
    if callable(profiles):
        profiles = profiles()
    request = context["request"]
    swap = ' hx-swap-oob="true"' if oob else ""
    if not profiles:
        return mark_safe(f'<div id="profile-strip-area"{swap}></div>')
    token = context.get("csrf_token")  # as {% csrf_token %} writes it
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">' if token else ""
    if token == "NOTPROVIDED":  # noqa: S105 (Django's word for "no token", not a secret)
        csrf = ""
    current = escape(request.get_full_path())
    items = []
    for profile in profiles:
        name = escape(profile.name)
        active = " active" if profile.active else ""
        colour, label = escape(profile.badge_colour), escape(profile.badge_label)
        badge = f' <span class="badge rounded-pill text-bg-{colour} ms-1">{label}</span>' if profile.badge_label else ""
        items.append(
            '<li class="nav-item profile-strip-item"><div class="nav-link d-flex align-items-center gap-2 py-1 '
            f'px-2{active}"><a class="text-reset text-decoration-none text-truncate" href="{escape(profile.url)}"'
            f'{' aria-current="page"' if profile.active else ""} title="{name}"><span class="profile-strip-name">'
            f'{name}</span>{badge}</a> <form method="post" action="{escape(profile.close_url)}" class="d-inline">'
            f'{csrf} <input type="hidden" name="current" value="{current}"> <button type="submit" '
            f'class="btn-close btn-close-sm" aria-label="Close the profile of {name}" title="Close"></button>'
            "</form></div></li>"
        )
    return mark_safe(
        f'<div id="profile-strip-area"{swap}><nav class="profile-strip bg-body-tertiary border-bottom px-3 px-lg-4" '
        'aria-label="Open customer profiles"><ul class="nav nav-tabs border-0 flex-nowrap overflow-auto pt-1" '
        f'id="profile-strip">{"".join(items)}</ul></nav></div>'
    )


@register.simple_tag
def route(name: str) -> str:
    """``{% url name %}`` for a route without arguments, reversed once per process (the shell's
    links, on every page)."""
    return markup.route(name)


@register.simple_tag
def asset(path: str) -> str:
    """``{% static path %}``, looked up once per process: the shell names seven files on every
    page, some 70 Python calls each through the storage (issue 17)."""
    return _asset_url(path)


@functools.cache
def _asset_url(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_asset_urls(*, setting, **kwargs):
    if setting in ("STATIC_URL", "STORAGES"):
        _asset_url.cache_clear()


@register.simple_tag(takes_context=True)
def list_results(context):
    """A list's results (``backoffice.list_results``), written in Python: htmx asks for them on
    every sort, page and filter change (issue 17)."""
    return results_markup.list_results(context)


@register.simple_tag
def sidebar_sections(sections) -> SafeString:
    """The sidebar's sections and links (``partials/sidebar.html``), written in Python: every
    full page draws them (issue 17)."""
    written = []
    for number, section in enumerate(sections, start=1):
        heading = labelled = ""
        if section.label:
            heading = f'<h2 class="sidebar-heading" id="nav-section-{number}">{escape(section.label)}</h2>'
            labelled = f' aria-labelledby="nav-section-{number}"'
        links = "".join(
            f'<li class="nav-item"><a class="nav-link{" active" if link.active else ""}" href="{escape(link.url)}"'
            f'{' aria-current="page"' if link.active else ""}><i class="bi bi-{escape(link.item.icon)}" '
            f'aria-hidden="true"></i> {escape(link.item.label)}</a></li>'
            for link in section.links
        )
        written.append(f'{heading}<ul class="nav flex-column"{labelled}>{links}</ul>')
    return mark_safe("".join(written))
