"""Demo data for what a customer holds: accounts and their transactions, cards, beneficiaries, SCA
devices, two-factor methods, API keys, saved top-up cards, legal agreements and staff notes.

Why bulk inserts: the demo makes hundreds of thousands of transactions (tens of millions of rows
with ``--size``); saving them one by one, let alone through the services, would take hours. Rows
are built in Python from small pools drawn once (Faker is slow per call) and go in by batches:
``bulk_create`` for the models; ``executemany`` (``COPY`` on PostgreSQL) for the transactions, which
are most of the rows (see ``_insert_transactions``).
Balances are computed while the history is built, so they equal the sum of the booked movements and
never go below zero. A seeded ``random.Random`` makes it all reproducible.
"""

from .insert import create_big_statement_account, create_demo_holdings, generate_holdings

__all__ = ["create_big_statement_account", "create_demo_holdings", "generate_holdings"]
