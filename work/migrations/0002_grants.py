"""Every work item for compliance officers and administrators; the targets for administrators."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, migration_granting

GRANTS = {COMPLIANCE_OFFICER: ["view_all_work"], ADMINISTRATOR: ["view_all_work", "manage_work_targets"]}


class Migration(migrations.Migration):
    dependencies = [("work", "0001_initial"), ("backoffice", "0002_roles")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="work", model_name="WorkItem", grants=GRANTS), migrations.RunPython.noop
        )
    ]
