"""On PostgreSQL, a deactivated customer's accounts stay at exactly 0: no account of a CANCELED
customer is credited, debited or opened with money on it (the status guard of ``0005`` only
watches the customer's row)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION compliance_account_guard() RETURNS trigger AS $$
BEGIN
    IF NEW.balance <> 0 AND EXISTS (
        SELECT 1 FROM customers_customer WHERE id = NEW.customer_id AND status = 'CANCELED'
    ) THEN
        RAISE EXCEPTION 'customer %: deactivated, its accounts stay at 0', NEW.customer_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER compliance_account_guard
    BEFORE INSERT OR UPDATE OF balance, customer_id ON customers_account
    FOR EACH ROW EXECUTE FUNCTION compliance_account_guard();
"""
DROP = """
DROP TRIGGER IF EXISTS compliance_account_guard ON customers_account;
DROP FUNCTION IF EXISTS compliance_account_guard();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0007_limits_and_fees")]

    operations = [migrations.RunPython(create, drop)]
