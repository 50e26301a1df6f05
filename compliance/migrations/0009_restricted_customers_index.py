"""The restricted customers' list reads a few among a million (and thousands among the
restricted for one restriction): partial indexes on just those rows, in the list's order. The
first carries the list's filter verbatim, so the planner matches it; the others serve the
"Assets frozen" and "Legal freeze" filters (a suspended or blocked filter uses the state index)."""

from django.db import migrations

INDEXES = {
    "compliance_restricted_customers": "is_frozen OR is_legal_frozen OR NOT (state = 'active')",
    "compliance_frozen_customers": "is_frozen",
    "compliance_legally_frozen_customers": "is_legal_frozen",
}


class Migration(migrations.Migration):
    dependencies = [("compliance", "0008_deactivated_accounts_guard")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON customers_customer (created_at, id) WHERE ({condition})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, condition in INDEXES.items()
    ]
