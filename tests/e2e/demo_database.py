"""One demo per test session for the browser tests: built once, copied back before each test.

Building the demo was most of a browser test's setup; each test now starts from a copy of the one
the session built, committed (the live server's threads read it on connections of their own), and
pytest-django's flush empties the database after the test as before (``committed_db``; what a
plain database test after it finds is tests/conftest.py's business).

- SQLite: the sqlite3 backup API copies the built database into memory once, and back over the
  test database's file before each test.
- PostgreSQL: the built tables are copied once into a schema of the test database (``e2e_demo``);
  before each test one transaction empties the tables, copies them back and sets the sequences
  where they were (0.35 s for the full demo of 300 customers). The tables are emptied with
  DELETE, the triggers off (``session_replication_role``, a superuser's setting): TRUNCATE of
  every table took 2 s, and the audit log's append-only trigger refuses DELETE. Rows are copied
  as they are, so the audit log's hash chain holds. A role that is not a superuser falls back to
  TRUNCATE. Cloning a template database instead (``DROP DATABASE … WITH (FORCE)``, then
  ``CREATE DATABASE … TEMPLATE``) was a little faster (0.2 s) but once in five took 24 s,
  waiting on the rest of a shared server, and it kills the connections Django still holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Protocol


class Snapshot(Protocol):
    def take(self) -> None: ...
    def restore(self) -> None: ...
    def discard(self) -> None: ...


class SqliteSnapshot:
    """A copy in memory of the database file at ``path``."""

    def __init__(self, path: str):
        self.path = path
        self.copy: sqlite3.Connection | None = None

    def take(self) -> None:
        self.discard()
        self.copy = sqlite3.connect(":memory:")
        with closing(sqlite3.connect(self.path, timeout=20)) as source:
            source.backup(self.copy)

    def restore(self) -> None:
        assert self.copy is not None, "take the snapshot first"
        with closing(sqlite3.connect(self.path, timeout=20)) as target:
            self.copy.backup(target)

    def discard(self) -> None:
        if self.copy is not None:
            self.copy.close()
            self.copy = None


class PostgresSnapshot:
    """A copy of Django's tables in the schema ``schema`` of the same database, with the values of
    the sequences. Works on a connection of its own, as the database's owner, whatever role the
    test's connections act as (``TEST_DATABASE_ROLE``)."""

    def __init__(self, connection, schema: str):
        self.connection = connection  # Django's, for its parameters and its list of tables
        self.schema = connection.ops.quote_name(schema)
        self.tables: list[str] = []
        self.filled: list[str] = []
        self.sequences: list[tuple[str, int | None]] = []

    def _open(self):
        owner = self.connection.get_new_connection(self.connection.get_connection_params())
        owner.autocommit = True
        return owner

    def take(self) -> None:
        quote = self.connection.ops.quote_name
        self.tables = sorted(self.connection.introspection.django_table_names(only_existing=True, include_views=False))
        with closing(self._open()) as owner, owner.transaction():
            owner.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            owner.execute(f"CREATE SCHEMA {self.schema}")
            for table in self.tables:
                owner.execute(f"CREATE TABLE {self.schema}.{quote(table)} AS TABLE {quote(table)}")
            self.filled = [
                table for table in self.tables if owner.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1").fetchone()
            ]
            self.sequences = owner.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
                "FROM pg_sequences WHERE schemaname = current_schema()"
            ).fetchall()

    def restore(self) -> None:
        quote = self.connection.ops.quote_name
        with closing(self._open()) as owner, owner.transaction():
            if self.superuser(owner):
                owner.execute("SET LOCAL session_replication_role = replica")  # no trigger, no foreign key check
                for table in self.tables:
                    owner.execute(f"DELETE FROM {quote(table)}")
            else:
                owner.execute(f"TRUNCATE {', '.join(quote(table) for table in self.tables)}")
                owner.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in self.filled:
                owner.execute(f"INSERT INTO {quote(table)} SELECT * FROM {self.schema}.{quote(table)}")
            for sequence, last_value in self.sequences:
                owner.execute("SELECT setval(%s, %s, %s)", [sequence, last_value or 1, last_value is not None])

    @staticmethod
    def superuser(owner) -> bool:
        """Whether ``owner`` may switch the triggers off (``session_replication_role``)."""
        return owner.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]

    def discard(self) -> None:
        with closing(self._open()) as owner:
            owner.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def snapshot_of(connection, name: str) -> Snapshot:
    """A snapshot of the test database behind Django's ``connection``; ``name`` tells it from
    other snapshots of the same database (the schema of its copy on PostgreSQL)."""
    if connection.vendor == "sqlite":
        return SqliteSnapshot(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql":
        return PostgresSnapshot(connection, name)
    raise NotImplementedError(f"no demo snapshot on {connection.vendor}")


class DemoDatabase:
    """The session's demo. ``load()``, in a test that may use the database, puts the demo in it:
    the first time it builds it (``build``) and takes the snapshot, then it restores the
    snapshot. ``documents`` is where the demo's KYC files were written."""

    def __init__(self, *, snapshot: Snapshot, build: Callable[[], None], documents: Path):
        self.snapshot = snapshot
        self.build = build
        self.documents = documents
        self.loads = 0

    def load(self) -> None:
        if self.loads == 0:
            self.build()
            self.snapshot.take()
        else:
            self.snapshot.restore()
        self.loads += 1

    def discard(self) -> None:
        if self.loads:
            self.snapshot.discard()
