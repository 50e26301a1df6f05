"""Seal the audit log into a hash chain (``backoffice.audit_chain``), existing entries included.

The entries already there are chained in id order with the key configured when this migration
runs: set ``AUDIT_CHAIN_KEY`` before migrating (docs/operations.md). On PostgreSQL the
append-only trigger is switched off for the backfill only, inside this migration's transaction,
which the table's owner (the role that runs migrations) may do.
"""

from django.db import migrations, models

from backoffice import audit_chain

BATCH = 2000
TRIGGER = "backoffice_auditentry_append_only"


def chain_existing_entries(apps, schema_editor):
    AuditEntry = apps.get_model("backoffice", "AuditEntry")
    connection = schema_editor.connection
    table = AuditEntry._meta.db_table
    if connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}", params=None)
    key, previous, after = audit_chain.chain_key(), audit_chain.GENESIS, 0
    while True:
        rows = list(
            AuditEntry.objects.filter(id__gt=after).order_by("id").values("id", *audit_chain.SEALED_FIELDS)[:BATCH]
        )
        if not rows:
            break
        sealed = []
        for row in rows:
            link = audit_chain.link_hash(row, previous, key=key)
            sealed.append(AuditEntry(id=row["id"], prev_hash=previous, hash=link))
            previous = link
        AuditEntry.objects.bulk_update(sealed, ["prev_hash", "hash"])
        after = rows[-1]["id"]
    if connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}", params=None)


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0004_audit_actor_index_username_ci")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The seal of the entry before (backoffice.audit_chain).",
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="HMAC-SHA256 of this entry's contents and prev_hash.",
                max_length=64,
            ),
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(fields=("prev_hash",), name="audit_one_entry_per_link"),
        ),
    ]
