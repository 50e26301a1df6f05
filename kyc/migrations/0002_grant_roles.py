"""Grant the ``kyc`` permissions to the staff roles (DESIGN.md, "Staff, roles and access")."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT, migration_granting

FIRST_LINE = ["upload_documents", "prereview_documents", "request_kyc_review"]
GRANTS = {
    SUPPORT_AGENT: FIRST_LINE,
    COMPLIANCE_OFFICER: [*FIRST_LINE, "decide_kyc_review"],
    ADMINISTRATOR: ["manage_kyc_requirements"],
}


class Migration(migrations.Migration):
    dependencies = [("kyc", "0001_initial"), ("backoffice", "0002_roles")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="kyc", model_name="KycPermissions", grants=GRANTS),
            migrations.RunPython.noop,
        )
    ]
