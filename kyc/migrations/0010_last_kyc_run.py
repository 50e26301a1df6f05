"""S's "last date that KYC was run" for the customers decided before the field existed: the date
of their latest decided review."""

from django.db import migrations


def backfill(apps, schema_editor):
    from kyc.demo import mark_last_kyc_runs

    mark_last_kyc_runs(apps.get_model("customers", "Customer"), apps.get_model("kyc", "Review"))


class Migration(migrations.Migration):
    dependencies = [("kyc", "0009_vigilance_refund"), ("customers", "0021_kyc_checked_at")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
