"""On PostgreSQL the database itself refuses to change or delete an audit entry.

The application refuses too (``AuditEntry.save`` / ``delete``), but a trigger also stops raw SQL,
a shell session or a bug. TRUNCATE is left to the table owner: the production database role the
application connects with should not own the tables (see docs/operations.md).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION backoffice_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER backoffice_auditentry_append_only
    BEFORE UPDATE OR DELETE ON backoffice_auditentry
    FOR EACH ROW EXECUTE FUNCTION backoffice_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS backoffice_auditentry_append_only ON backoffice_auditentry;
DROP FUNCTION IF EXISTS backoffice_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0002_roles")]

    operations = [migrations.RunPython(forward, backward)]
