"""Grant the permissions the customers issue added (DESIGN.md, "Staff, roles and access"):
compliance officers and administrators create customers and edit their identity and
relationships; administrators edit settings, tags and the dictionaries."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, migration_granting

GRANTS = {
    COMPLIANCE_OFFICER: ["create_customers", "edit_customer_profile"],
    ADMINISTRATOR: [
        "create_customers",
        "edit_customer_profile",
        "edit_customer_settings",
        "manage_customer_dictionaries",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_search_index_and_no_deletion"), ("customers", "0002_grant_roles")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="customers", model_name="CustomerPermissions", grants=GRANTS),
            migrations.RunPython.noop,
        )
    ]
