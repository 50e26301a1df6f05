"""The snapshot behind the browser tests' shared demo: ``restore`` puts back the database as it was
at ``take``, whatever a test did in between: rows added, changed and deleted, audit entries (which
PostgreSQL refuses to delete) and the next ids."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from backoffice import audit
from backoffice.models import AuditEntry, StaffUser

from .demo_database import PostgresSnapshot, snapshot_of


@pytest.fixture
def snapshot(committed_db):
    taken = snapshot_of(connection, "e2e_snapshot_under_test")  # not the session's demo
    yield taken
    taken.discard()


def record(label: str) -> None:
    with transaction.atomic():
        audit.record(action="staff.updated", actor=audit.SystemActor(label))  # any labelled action


def check_restore(snapshot, make_staff):
    kept = make_staff("kept", first_name="Kept")
    record("before")
    snapshot.take()

    added = make_staff("added")
    StaffUser.objects.filter(pk=kept.pk).update(first_name="Changed")
    record("after")
    snapshot.restore()

    assert list(StaffUser.objects.values_list("username", "first_name")) == [("kept", "Kept")]
    assert list(AuditEntry.objects.values_list("actor_label", flat=True)) == ["system:before"]
    call_command("verify_audit", stdout=io.StringIO())  # the chain holds
    assert make_staff("next").pk == added.pk, "the sequences are back where they were"
    record("after the restore")  # the chain goes on from the restored entries
    call_command("verify_audit", stdout=io.StringIO())


def test_a_restore_puts_back_the_database_as_it_was_taken(snapshot, make_staff):
    check_restore(snapshot, make_staff)


@pytest.mark.applies_only(connection.vendor == "postgresql", "PostgreSQL's restore without a superuser")
def test_without_a_superuser_the_postgresql_restore_truncates_instead(snapshot, make_staff, monkeypatch):
    monkeypatch.setattr(PostgresSnapshot, "superuser", staticmethod(lambda owner: False))
    check_restore(snapshot, make_staff)
