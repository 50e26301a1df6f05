"""The audit log's evidence: each entry sealed to the one before with a key the database does not
hold; ``verify_audit`` names the first entry whose link does not hold, whether it was changed,
deleted, or forged by a role that may only INSERT."""

import hashlib
import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from backoffice import audit, audit_chain
from backoffice.models import AuditEntry
from tests.conftest import TEST_DATABASE_ROLE, acting_as, database_owner, require_service

TABLE = AuditEntry._meta.db_table


def record(**fields):
    with transaction.atomic():
        return audit.record(**{"action": "staff.updated", "actor": None, "actor_label": "tester", **fields})


def verify(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as error:
        verify(*args)
    return str(error.value)


def tamper(sql, params=()):
    """What the tables' owner (or a superuser) can do despite the append-only trigger: switch it
    off for a moment. On SQLite there is no trigger."""
    with database_owner(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE wants no pending checks
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER backoffice_auditentry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER backoffice_auditentry_append_only")


def forge(*, actor_label, occurred_at, prev_hash, seal):
    """A raw INSERT, as any role allowed to insert could write it: any actor, any time."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (occurred_at, actor_label, action, target_type, target_id, target_repr, "
            "changes, reason, confidential, confidential_fields, request_id, prev_hash, hash) "
            "VALUES (%s, %s, 'staff.roles.changed', '', '', '', '{}', 'forged', false, '[]', '', %s, %s)",
            [occurred_at, actor_label, prev_hash, seal],
        )
    return AuditEntry.objects.order_by("-id").first()


def a_few_entries():
    return [
        record(
            action="customers.contacts.updated",
            customer_id=42,
            changes=audit.diff(
                {"limit": Decimal("1000.00"), "born": date(1990, 1, 2), "n": 1, "ratio": 0.1},
                {"limit": Decimal("1500.50"), "born": date(1991, 3, 4), "n": 2, "ratio": 1e16},
            ),
            reason="Asked by the customer — « accents » and 日本",
            confidential_fields=["reason"],
        ),
        record(action="compliance.freeze.set", confidential=True, reason="CANARY"),
        record(action="staff.created", changes={"nested": {"b": [1, 2.5, None, True], "a": "x"}}),
    ]


def test_every_entry_is_sealed_to_the_one_before_and_the_chain_verifies(db):
    with audit.request_context(ip_address="2001:0db8:0000::1"):
        first, second, third = a_few_entries()
    with transaction.atomic():
        bulk = AuditEntry.objects.bulk_create(AuditEntry(action="staff.updated", actor_label=f"u{i}") for i in (1, 2))
    assert first.prev_hash == audit_chain.GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert bulk[0].prev_hash == third.hash and bulk[1].prev_hash == bulk[0].hash
    output = verify()
    assert "5 audit entries, every link holds." in output
    assert f"Head: {bulk[1].pk}:{bulk[1].hash}" in output


def test_the_sealed_text_is_the_same_however_the_database_spells_the_values():
    """PostgreSQL's jsonb keeps numbers as numeric (1e16 reads back as 10000000000000000) and inet
    respells addresses; the seal covers the values, not their spelling."""
    written = {
        "occurred_at": datetime(2026, 3, 1, 10, 0, 0, 5, tzinfo=UTC),
        "actor_id": 7,
        "actor_label": "ada",
        "action": "x.y",
        "customer_id": None,
        "target_type": "",
        "target_id": "",
        "target_repr": "",
        "changes": {"b": [1.0, 1e16], "a": ("é", None)},
        "reason": "",
        "confidential": False,
        "confidential_fields": (),
        "request_id": "",
        "ip_address": "2001:0db8:0000:0000:0000:0000:0000:0001",
    }
    read_back = {
        **written,
        "occurred_at": datetime(2026, 3, 1, 11, 0, 0, 5, tzinfo=ZoneInfo("Europe/Paris")),
        "changes": {"a": ["é", None], "b": [1, 10**16]},
        "confidential_fields": [],
        "ip_address": "2001:db8::1",
    }
    assert audit_chain.canonical(written) == audit_chain.canonical(read_back)
    assert audit_chain.canonical(written).startswith('{"action":"x.y","actor_id":7,"actor_label":"ada","changes":{"a"')
    assert '"occurred_at":"2026-03-01T10:00:00.000005Z"' in audit_chain.canonical(written)
    assert audit_chain.canonical(written) != audit_chain.canonical({**read_back, "changes": {"a": ["e", None]}})


def test_verify_audit_names_an_entry_changed_behind_the_applications_back(db):
    second = a_few_entries()[1]
    tamper(f"UPDATE {TABLE} SET reason = 'nothing to see' WHERE id = %s", [second.pk])
    message = broken()
    assert f"Broken link at audit entry {second.pk} " in message and "compliance.freeze.set" in message
    assert "do not match its seal" in message and "1 entries before it are intact" in message


@pytest.mark.applies_only(connection.vendor == "sqlite", "PostgreSQL's column types refuse such values")
@pytest.mark.parametrize(("column", "value"), [("ip_address", "999.1.1.1"), ("occurred_at", "yesterday")])
def test_verify_audit_names_an_entry_whose_value_its_column_cannot_hold(db, column, value):
    """SQLite stores whatever it is given: an impossible address or time is a broken link, not a crash."""
    second = a_few_entries()[1]
    tamper(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, second.pk])
    message = broken()
    assert f"Broken link at audit entry {second.pk} " in message or f"after audit entry {second.pk - 1}" in message
    assert "changed outside the application" in message and "1 entries before it are intact" in message


def test_verify_audit_names_the_entry_after_a_deleted_one(db):
    _, second, third = a_few_entries()
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [second.pk])
    message = broken()
    assert f"Broken link at audit entry {third.pk} " in message
    assert "does not follow the entry before it" in message


def test_a_forged_entry_is_caught_even_when_linked_and_hashed_without_the_key(db):
    """A role that may INSERT reads the last seal and links to it; without the key it can only
    guess the seal (here SHA-256 of the same canonical text). Later genuine entries chain on."""
    third = a_few_entries()[-1]
    when = datetime(2026, 1, 1, 12, tzinfo=UTC)
    values = {
        "occurred_at": when,
        "actor_id": None,
        "actor_label": "ada",
        "action": "staff.roles.changed",
        "customer_id": None,
        "target_type": "",
        "target_id": "",
        "target_repr": "",
        "changes": {},
        "reason": "forged",
        "confidential": False,
        "confidential_fields": [],
        "request_id": "",
        "ip_address": None,
    }
    guess = hashlib.sha256(f"{audit_chain.canonical(values)}\n{third.hash}".encode()).hexdigest()
    forged = forge(actor_label="ada", occurred_at=when, prev_hash=third.hash, seal=guess)
    later = record(action="staff.updated")
    assert later.prev_hash == forged.hash  # the chain went on from the forgery
    message = broken()
    assert f"Broken link at audit entry {forged.pk} " in message and "3 entries before it are intact" in message
    assert audit_chain.link_hash(values, third.hash) != guess  # with the key, it would have held


def test_an_entry_inserted_without_any_seal_is_caught(db):
    a_few_entries()
    forged = forge(actor_label="ada", occurred_at=datetime(2020, 1, 1, tzinfo=UTC), prev_hash="", seal="")
    assert f"Broken link at audit entry {forged.pk} " in broken()


def test_a_noted_head_catches_the_newest_entries_removed(db):
    third = a_few_entries()[-1]
    head = verify().rsplit("Head: ", 1)[1].strip()
    assert head == f"{third.pk}:{third.hash}"
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [third.pk])
    assert "2 audit entries, every link holds." in verify()  # the chain alone cannot tell
    message = broken("--anchor", head)
    assert f"Anchor {head} is gone" in message


def test_postgresql_queues_concurrent_writers_so_the_chain_never_forks(committed_db):
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://…")
    from django.db import connections

    threads, errors, start = 6, [], threading.Barrier(6)

    def write(index):
        try:
            start.wait()
            for number in range(8):
                with transaction.atomic():
                    audit.record(action="staff.updated", actor=None, actor_label=f"writer{index}", reason=str(number))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=write, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors
    assert AuditEntry.objects.count() == 48
    assert "48 audit entries, every link holds." in verify()


def test_the_applications_role_can_append_but_not_change_empty_or_unseal_the_log(application_role, db):
    """As the restricted role of docs/operations.md: record() works; UPDATE, DELETE, TRUNCATE and
    switching the trigger off are refused by PostgreSQL itself; its own forged INSERT is caught."""
    entry = record(reason="original")
    with acting_as(application_role):
        appended = record(action="staff.created")
        assert appended.prev_hash == entry.hash
        for statement in (
            f"UPDATE {TABLE} SET reason = 'rewritten'",
            f"DELETE FROM {TABLE}",
            f"TRUNCATE {TABLE}",
            f"ALTER TABLE {TABLE} DISABLE TRIGGER backoffice_auditentry_append_only",
        ):
            with (
                pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
        when = datetime(2026, 1, 1, tzinfo=UTC)
        forged = forge(actor_label="ada", occurred_at=when, prev_hash=appended.hash, seal="0" * 64)
        message = broken()
    assert f"Broken link at audit entry {forged.pk} " in message
    assert AuditEntry.objects.get(pk=entry.pk).reason == "original"


def test_grant_app_role_gives_the_role_its_rights_but_only_append_on_the_audit_log(db):
    from io import StringIO

    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://…")
    printed = StringIO()
    call_command("grant_app_role", "backoffice_test_app", "--print", stdout=printed)
    assert f'REVOKE UPDATE, DELETE, TRUNCATE ON "{TABLE}" FROM "backoffice_test_app";' in printed.getvalue()
    with database_owner(), connection.cursor() as cursor:
        cursor.execute("CREATE ROLE backoffice_test_app NOLOGIN")  # undone with the test
        call_command("grant_app_role", "backoffice_test_app", stdout=StringIO())
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = 'backoffice_test_app' AND table_name = %s ORDER BY 1",
            [TABLE],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]


def test_the_migration_seals_the_entries_already_there_in_id_order(committed_db):
    from django.db.migrations.executor import MigrationExecutor

    before_chain = [("backoffice", "0004_audit_actor_index_username_ci")]
    with database_owner():
        MigrationExecutor(connection).migrate(before_chain)
        with connection.cursor() as cursor:
            old_rows = [('{"n": [1, 2.0], "r": [0.1, 1e16]}', "2001:db8::1"), ("{}", None)]
            for number, (changes, ip) in enumerate(old_rows):
                cursor.execute(
                    f"INSERT INTO {TABLE} (occurred_at, actor_label, action, target_type, target_id, target_repr, "
                    "changes, reason, confidential, confidential_fields, request_id, ip_address) "
                    "VALUES (%s, 'old', 'staff.updated', '', '', '', %s, %s, false, '[]', '', %s)",
                    [datetime(2025, 5, 6, 7, 8, 9, 123456, tzinfo=UTC), changes, f"before the chain {number}", ip],
                )
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    old = list(AuditEntry.objects.order_by("id"))
    assert old[0].prev_hash == audit_chain.GENESIS and old[1].prev_hash == old[0].hash
    with transaction.atomic():
        new = audit.record(action="staff.created", actor=None, actor_label="after")
    assert new.prev_hash == old[1].hash
    assert "3 audit entries, every link holds." in verify()


def test_check_deploy_warns_when_the_application_could_rewrite_the_audit_log(application_role, db):
    """As the superuser that owns the tables: both warnings, with ``--database`` or without; as a
    role that owns one table: the owner's; as the restricted role: none."""
    from io import StringIO

    def deploy_check(*options):
        err = StringIO()
        call_command("check", "--deploy", *options, "--fail-level", "CRITICAL", stdout=StringIO(), stderr=err)
        return err.getvalue()

    with database_owner(), connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (True,), "the test database is created by a superuser"
        superuser = deploy_check("--database", "default")
        assert "backoffice.W002" in deploy_check(), "plain check --deploy warns too"
        cursor.execute("CREATE ROLE backoffice_test_owner NOLOGIN")  # undone with the test
        cursor.execute(f"ALTER TABLE {TABLE} OWNER TO backoffice_test_owner")
        with acting_as("backoffice_test_owner"):
            owner = deploy_check("--database", "default")
    with acting_as(application_role):
        restricted = deploy_check("--database", "default")
    assert "backoffice.W002" in superuser and "a superuser" in superuser and "backoffice.W003" in superuser
    assert "backoffice.W002" not in owner and "backoffice.W003" in owner and f"(e.g. {TABLE})" in owner
    assert "backoffice.W002" not in restricted and "backoffice.W003" not in restricted


def acts_as_the_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone() == (TEST_DATABASE_ROLE, False)


only_with_a_role = pytest.mark.applies_only(bool(TEST_DATABASE_ROLE), "TEST_DATABASE_ROLE is not set (.ci/run sets it)")


@only_with_a_role
def test_with_test_database_role_set_a_test_acts_as_that_role(db):
    assert acts_as_the_role()


@only_with_a_role
def test_with_test_database_role_set_a_committing_test_acts_as_that_role(committed_db):
    assert acts_as_the_role()
