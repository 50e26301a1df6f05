"""Grant the ``customers`` permissions to the staff roles (DESIGN.md, "Staff, roles and access")."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT, migration_granting

EVERYDAY = ["browse_customers", "edit_contact_details", "send_password_reset", "manage_sca_devices"]
GRANTS = {
    SUPPORT_AGENT: EVERYDAY,
    COMPLIANCE_OFFICER: [*EVERYDAY, "view_full_pii"],
    ADMINISTRATOR: [*EVERYDAY, "view_full_pii"],
}


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial"), ("backoffice", "0002_roles")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="customers", model_name="CustomerPermissions", grants=GRANTS),
            migrations.RunPython.noop,
        )
    ]
