# Panel settings (issue 21): the administrators' choices, and the permission to make them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from backoffice.roles import ADMINISTRATOR, migration_granting

GRANTS = {ADMINISTRATOR: ["configure_panel"]}


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0013_bulk_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="PanelSetting",
            fields=[
                ("key", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("value", models.CharField(max_length=60)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["key"],
                "default_permissions": (),
                "permissions": [("configure_panel", "Change the panel's settings")],
            },
        ),
        migrations.RunPython(
            migration_granting(app_label="backoffice", model_name="PanelSetting", grants=GRANTS),
            migrations.RunPython.noop,
        ),
    ]
