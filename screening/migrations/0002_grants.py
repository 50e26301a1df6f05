"""Screening outcomes for compliance officers and administrators (DESIGN.md's role table);
deciding hits for compliance officers; loading lists for both."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, migration_granting

GRANTS = {
    COMPLIANCE_OFFICER: ["view_screening", "decide_screening_hit", "load_watchlist"],
    ADMINISTRATOR: ["view_screening", "load_watchlist"],
}


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial"), ("backoffice", "0002_roles")]

    operations = [
        migrations.RunPython(
            migration_granting(app_label="screening", model_name="ListVersion", grants=GRANTS),
            migrations.RunPython.noop,
        )
    ]
