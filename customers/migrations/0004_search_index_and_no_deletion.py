"""PostgreSQL only: the omnibox's trigram index, and the database refusing to delete a customer.

The application refuses deletion too (``Customer.delete``, the queryset's ``delete``), but the
trigger also stops raw SQL, a shell session or a cascading bug. TRUNCATE is left to the table
owner (see docs/operations.md).
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS customers_customer_search_trgm
    ON customers_customer USING gin (search_document gin_trgm_ops);

CREATE OR REPLACE FUNCTION customers_never_delete() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'customers are never deleted (regulation): deactivate them instead'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER customers_customer_never_delete
    BEFORE DELETE ON customers_customer
    FOR EACH ROW EXECUTE FUNCTION customers_never_delete();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS customers_customer_never_delete ON customers_customer;
DROP FUNCTION IF EXISTS customers_never_delete();
DROP INDEX IF EXISTS customers_customer_search_trgm;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("customers", "0003_customers")]

    operations = [migrations.RunPython(forward, backward)]
