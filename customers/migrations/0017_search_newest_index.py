"""PostgreSQL only: the omnibox's newest matches from one index (issue 17; ``search.newest_matching``).

- ``customers_customer_search_newest``: the customers in creation order (``created_at, id``),
  carrying the folded document and name key (``INCLUDE``), so that walking it from the newest
  customer tests each one in the index alone, without reading the table. A B-tree entry must fit
  in a third of a page (2,704 bytes): the index holds the customers whose document is at most
  1,300 bytes (the name key takes at most 1,020), every customer but one with dozens of emails.
- ``customers_customer_search_long``: those others, so that the omnibox reads them by index too
  (it holds none on the demo data).
- The statistics of the two columns from 1,000 values instead of 100: the planner chooses the
  trigram index or the walk by its estimate of a term's matches, read from those values; with 100,
  a term of 39 customers was estimated at 10,000 (one value in a hundred held it) and the walk
  went through the whole index (325 ms).

SQLite keeps none of this: the omnibox filters the table there (see ``customers.search``).
Built at 1,000,000 customers in seconds; ``CREATE INDEX`` blocks writes to the customer table
while it runs.
"""

from django.db import migrations

INDEXED_DOCUMENT_BYTES = 1300  # customers.search's when this was written: the queries repeat the predicates

FORWARD = f"""
CREATE INDEX IF NOT EXISTS customers_customer_search_newest ON customers_customer (created_at, id)
    INCLUDE (search_document, name_key) WHERE octet_length(search_document) <= {INDEXED_DOCUMENT_BYTES};
CREATE INDEX IF NOT EXISTS customers_customer_search_long ON customers_customer (id)
    WHERE octet_length(search_document) > {INDEXED_DOCUMENT_BYTES};
ALTER TABLE customers_customer
    ALTER COLUMN search_document SET STATISTICS 1000,
    ALTER COLUMN name_key SET STATISTICS 1000;
ANALYZE customers_customer (search_document, name_key);
"""

BACKWARD = """
DROP INDEX IF EXISTS customers_customer_search_newest;
DROP INDEX IF EXISTS customers_customer_search_long;
ALTER TABLE customers_customer
    ALTER COLUMN search_document SET STATISTICS -1,
    ALTER COLUMN name_key SET STATISTICS -1;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("customers", "0016_search_fold_normal_form")]

    operations = [migrations.RunPython(forward, backward)]
