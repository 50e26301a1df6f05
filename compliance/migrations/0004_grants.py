"""The compliance tab and the restricted customers' list for compliance officers and
administrators; ``set_high_verification_level`` goes: ``kyc.set_verification_level`` (KYC issue)
does the same, held by both roles."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, migration_granting

GRANTS = {COMPLIANCE_OFFICER: ["view_restrictions"], ADMINISTRATOR: ["view_restrictions"]}


def remove_superseded(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="compliance", codename="set_high_verification_level").delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_outbox_and_client_systems"), ("kyc", "0006_default_kyc_forms_and_grants")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="compliance", model_name="CompliancePermissions", grants=GRANTS),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(remove_superseded, migrations.RunPython.noop),
    ]
