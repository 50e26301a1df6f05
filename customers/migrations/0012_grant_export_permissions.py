"""Statements for every role that opens profiles; everyone's exports for compliance officers and
administrators (the others see their own)."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT, migration_granting

GRANTS = {
    SUPPORT_AGENT: ["export_statements"],
    COMPLIANCE_OFFICER: ["export_statements", "view_all_exports"],
    ADMINISTRATOR: ["export_statements", "view_all_exports"],
}


class Migration(migrations.Migration):
    dependencies = [("customers", "0011_export_permissions")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="customers", model_name="CustomerPermissions", grants=GRANTS),
            migrations.RunPython.noop,
        )
    ]
