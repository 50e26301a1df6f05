"""System checks: every URL of the panel declares what it needs (see ``backoffice.access``)."""

from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from .access import UNDECLARED, declared_access


def iter_patterns(resolver=None, prefix=""):
    """Yield ``(route, pattern)`` for every URL pattern of the project."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from iter_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


@register()
def check_every_view_declares_access(app_configs, **kwargs):
    errors = []
    for route, pattern in iter_patterns():
        if declared_access(pattern.callback) is UNDECLARED:
            errors.append(
                Error(
                    f"The view of URL '{route}' ({pattern.name}) declares no permission_required.",
                    hint="Use backoffice.access.AccessMixin or @requires(...).",
                    id="backoffice.E001",
                )
            )
    return errors
