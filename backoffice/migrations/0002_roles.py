"""The three staff roles, and the ``backoffice`` permissions they hold (DESIGN.md's table)."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, create_role_groups, migration_granting

GRANTS = {
    COMPLIANCE_OFFICER: ["view_audit_log", "view_confidential"],
    ADMINISTRATOR: ["view_audit_log", "view_confidential"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
        migrations.RunPython(
            migration_granting(app_label="backoffice", model_name="AuditEntry", grants=GRANTS),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            migration_granting(
                app_label="backoffice", model_name="StaffUser", grants={ADMINISTRATOR: ["manage_staff"]}
            ),
            migrations.RunPython.noop,
        ),
    ]
