"""Two things the holdings need beyond their tables.

- PostgreSQL only: the (account, booked_at, id) index also carries the columns a statement
  prints (``INCLUDE``), so reading an account's transactions in date order is an index-only scan
  (DESIGN.md: 100 k rows in ~60 ms on the server). Other databases keep the plain index.
- The permissions of the profile board, granted as DESIGN.md's role table says: every role
  manages cards and secures, unlocks and resets SCA devices; deleting a device is for compliance
  officers and administrators; support agents and compliance officers link beneficiaries;
  everyone writes notes; compliance-only notes are read by compliance officers and administrators.
"""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT, migration_granting

COVERING = """
DROP INDEX IF EXISTS transaction_account_date;
CREATE INDEX transaction_account_date ON customers_transaction (account_id, booked_at, id)
    INCLUDE (value_date, amount, currency, direction, status, operation_type, label, counterparty_name);
"""

PLAIN = """
DROP INDEX IF EXISTS transaction_account_date;
CREATE INDEX transaction_account_date ON customers_transaction (account_id, booked_at, id);
"""

GRANTS = {
    SUPPORT_AGENT: ["manage_cards", "manage_beneficiaries", "add_customer_notes"],
    COMPLIANCE_OFFICER: [
        "manage_cards",
        "manage_beneficiaries",
        "add_customer_notes",
        "view_compliance_notes",
        "delete_sca_devices",
    ],
    ADMINISTRATOR: ["manage_cards", "add_customer_notes", "view_compliance_notes", "delete_sca_devices"],
}


def covering_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COVERING, params=None)


def plain_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PLAIN, params=None)


class Migration(migrations.Migration):
    dependencies = [("customers", "0006_holdings"), ("customers", "0005_grant_customer_permissions")]

    operations = [
        migrations.RunPython(covering_index, plain_index),
        migrations.RunPython(
            migration_granting(app_label="customers", model_name="CustomerPermissions", grants=GRANTS),
            migrations.RunPython.noop,
        ),
    ]
