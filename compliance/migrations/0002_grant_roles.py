"""Grant the ``compliance`` permissions to the staff roles (DESIGN.md, "Staff, roles and access")."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, migration_granting

RESTRICTIONS = ["freeze_assets", "change_state", "deactivate_customer"]
GRANTS = {
    COMPLIANCE_OFFICER: [*RESTRICTIONS, "set_legal_freeze", "set_risk_level"],
    ADMINISTRATOR: [
        *RESTRICTIONS,
        "manage_limits",
        "manage_price_lists",
        "manage_dictionaries",
        "set_high_verification_level",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial"), ("backoffice", "0002_roles")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="compliance", model_name="CompliancePermissions", grants=GRANTS),
            migrations.RunPython.noop,
        )
    ]
