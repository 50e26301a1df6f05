"""System checks: every URL of the panel declares what it needs (see ``backoffice.access``); in
production, the audit log's evidence holds (its key is its own, the application's database role
cannot empty or rewrite it)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections
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


@register(Tags.security, deploy=True)
def check_audit_chain_key(app_configs, **kwargs):
    if getattr(settings, "AUDIT_CHAIN_KEY", ""):
        return []
    return [
        Warning(
            "AUDIT_CHAIN_KEY is not set: the audit log's seals are keyed from SECRET_KEY, so rotating "
            "SECRET_KEY would make every entry look tampered with.",
            hint="Set AUDIT_CHAIN_KEY to a long random value, kept for as long as the audit log, before migrating.",
            id="backoffice.W001",
        )
    ]


def _reachable(connection) -> bool:
    """Whether the database answers within a few seconds (a plain ``check --deploy`` run where
    the production database is out of reach, on a build machine, says nothing rather than hang)."""
    if connection.connection is not None:
        return True
    import psycopg

    try:
        psycopg.connect(**{**connection.get_connection_params(), "connect_timeout": 3}).close()
    except psycopg.Error:
        return False
    return True


@register(Tags.security, deploy=True)
def check_application_database_role(app_configs, databases=None, **kwargs):
    """The application's role must not be a superuser or own the tables: either could TRUNCATE
    the audit log or switch its append-only trigger off. Runs with a plain ``check --deploy``,
    on every PostgreSQL database that answers (Django's database-tagged checks wait for
    ``--database``; this one matters too much to wait for a flag)."""
    problems = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql" or not _reachable(connection):
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
            role, superuser = cursor.fetchone()
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE tableowner = current_user AND tablename = ANY(%s) "
                "ORDER BY tablename",
                [sorted(connection.introspection.django_table_names(only_existing=False))],
            )
            owned = [name for (name,) in cursor.fetchall()]
        if superuser:
            problems.append(
                Warning(
                    f"The application connects to database '{alias}' as {role}, a superuser: it could "
                    "switch off the audit log's trigger and rewrite or empty the log.",
                    hint="Connect as a role that is neither superuser nor owner (docs/operations.md, "
                    "'Two database roles').",
                    id="backoffice.W002",
                )
            )
        if owned:
            problems.append(
                Warning(
                    f"The application connects to database '{alias}' as {role}, which owns {len(owned)} of its "
                    f"tables (e.g. {', '.join(owned[:3])}): it could TRUNCATE the audit log or switch its "
                    "trigger off.",
                    hint="Run migrations as the owner role and the application as a restricted role "
                    "(docs/operations.md, 'Two database roles').",
                    id="backoffice.W003",
                )
            )
    return problems
