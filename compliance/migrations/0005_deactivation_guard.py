"""On PostgreSQL, the database itself guards deactivation (Treezor's rule), whatever writes the
row: a customer becomes CANCELED only when every account balance is exactly 0, and never leaves
CANCELED. The service checks first and says why; this is the last line."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION compliance_customer_status_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'CANCELED' AND NEW.status <> 'CANCELED' THEN
        RAISE EXCEPTION 'customer %: a deactivated customer stays CANCELED', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'CANCELED' AND OLD.status <> 'CANCELED' AND EXISTS (
        SELECT 1 FROM customers_account WHERE customer_id = NEW.id AND balance <> 0
    ) THEN
        RAISE EXCEPTION 'customer %: an account balance is not 0, the customer cannot be deactivated', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER compliance_customer_status_guard
    BEFORE UPDATE OF status ON customers_customer
    FOR EACH ROW EXECUTE FUNCTION compliance_customer_status_guard();
"""
DROP = """
DROP TRIGGER IF EXISTS compliance_customer_status_guard ON customers_customer;
DROP FUNCTION IF EXISTS compliance_customer_status_guard();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0004_grants"), ("customers", "0008_account_iban_validated")]

    operations = [migrations.RunPython(create, drop)]
