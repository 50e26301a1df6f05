"""The two PostgreSQL roles: the owner runs migrations; the application connects as a role that
owns nothing, so it can neither TRUNCATE the audit table nor switch its trigger off, and cannot
UPDATE or DELETE audit entries at all. docs/operations.md shows the same statements."""

from django.db import connection

from .models import AuditEntry


def app_role_grants(role: str) -> list[str]:
    """What the owner grants the application's role after each ``migrate`` (idempotent)."""
    role = connection.ops.quote_name(role)
    audit = connection.ops.quote_name(AuditEntry._meta.db_table)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {audit} FROM {role}",
    ]


def grant_app_role(role: str) -> None:
    with connection.cursor() as cursor:
        for statement in app_role_grants(role):
            cursor.execute(statement)
