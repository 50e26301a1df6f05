"""The keys' index holds the subjects in force only (``services.candidates``: no join on each
candidate search): the keys of subjects delisted before this drop out."""

from django.db import migrations


def drop_delisted_keys(apps, schema_editor):
    EntityKey = apps.get_model("screening", "EntityKey")
    EntityKey.objects.filter(entity__removed_in__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_grants")]

    operations = [migrations.RunPython(drop_delisted_keys, migrations.RunPython.noop)]
