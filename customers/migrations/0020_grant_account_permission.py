"""Blocking, unblocking and closing accounts: compliance officers and administrators (a support
agent sees the account's status, and asks compliance)."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, migration_granting

GRANTS = {COMPLIANCE_OFFICER: ["manage_accounts"], ADMINISTRATOR: ["manage_accounts"]}


class Migration(migrations.Migration):
    dependencies = [("customers", "0019_account_permission")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="customers", model_name="CustomerPermissions", grants=GRANTS),
            migrations.RunPython.noop,
        )
    ]
