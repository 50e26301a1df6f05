"""The audit log: append-only (in the application and, on PostgreSQL, in the database),
confidential values hidden from those who may not see them, a filterable, exportable page."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from backoffice import audit
from backoffice.models import AuditEntry, AuditLogIsAppendOnly
from tests.conftest import database_owner, require_service
from tests.helpers import page_text


def record(**fields):
    with transaction.atomic():
        return audit.record(**{"action": "staff.updated", "actor": None, "actor_label": "tester", **fields})


def test_an_entry_must_be_written_inside_the_transaction_of_its_change(committed_db):
    """Outside any transaction (no test transaction around it either), the entry is refused."""
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(action="staff.updated", actor=None)
    assert not AuditEntry.objects.exists()
    with transaction.atomic():
        audit.record(action="staff.updated", actor=None)
    assert AuditEntry.objects.filter(action="staff.updated").count() == 1


def test_the_application_refuses_to_change_or_delete_an_entry(db):
    entry = record()
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()


def test_postgresql_refuses_update_and_delete_on_the_audit_table(db):
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://…")
    entry = record(reason="original")
    table = AuditEntry._meta.db_table
    for statement in (f"UPDATE {table} SET reason = 'rewritten' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with (
            database_owner(),  # the trigger refuses even the tables' owner
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == "original"


def test_system_actors_and_changes_are_recorded(db):
    entry = record(actor=audit.SystemActor("celery:statement"), changes=audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3}))
    assert entry.actor_label == "system:celery:statement" and entry.actor is None
    assert entry.changes == {"b": [2, 3]}


def test_confidential_entries_and_values_are_hidden_from_those_who_may_not_see_them(
    signed_in, support_agent, compliance_officer, make_staff
):
    from django.contrib.auth.models import Permission

    auditor = make_staff("auditor")  # may read the log, not confidential values
    auditor.user_permissions.add(Permission.objects.get(codename="view_audit_log"))
    record(action="compliance.freeze.set", confidential=True, reason="CANARY-FREEZE-COMMENT")
    masked = record(
        action="compliance.state.suspended",
        changes={"state": ["active", "suspended"], "state_reason": ["", "CANARY-STATE-REASON"]},
        confidential_fields=["state_reason", "reason"],
        reason="CANARY-REASON",
    )

    page = signed_in(auditor).get(reverse("audit-list")).content.decode()
    assert "compliance.freeze.set" not in page and "CANARY-FREEZE-COMMENT" not in page
    assert "compliance.state.suspended" in page and "CANARY-REASON" not in page
    detail = signed_in(auditor).get(reverse("audit-detail", args=[masked.pk])).content.decode()
    assert "CANARY-STATE-REASON" not in detail and "CANARY-REASON" not in detail and "confidential" in detail
    assert "suspended" in detail
    export = signed_in(auditor).post(reverse("audit-list"), {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "CANARY" not in body and "compliance.freeze.set" not in body

    page = signed_in(compliance_officer).get(reverse("audit-list")).content.decode()
    assert "compliance.freeze.set" in page and "CANARY-FREEZE-COMMENT" in page
    detail = signed_in(compliance_officer).get(reverse("audit-detail", args=[masked.pk])).content.decode()
    assert "CANARY-STATE-REASON" in detail


def test_the_audit_page_filters_by_actor_action_customer_and_date(signed_in, compliance_officer):
    record(actor_label="alice", action="customers.contacts.updated", customer_id=42)
    record(actor_label="bob", action="staff.created")
    client = signed_in(compliance_officer)

    def rows(**query):
        return client.get(reverse("audit-list"), query).content.decode()

    assert "customers.contacts.updated" in rows(actor="ali") and "staff.created" not in rows(actor="ali")
    assert "staff.created" in rows(action="staff.") and "customers.contact" not in rows(action="staff.")
    assert "customers.contacts.updated" in rows(customer=42) and "staff.created" not in rows(customer=42)
    assert "The end date is before the start date." in rows(since="2026-02-01", until="2026-01-01")
    assert "Enter a whole number." in rows(customer="abc")


def test_the_audit_export_is_itself_audited(signed_in, administrator):
    record(actor_label="alice", action="staff.created")
    response = signed_in(administrator).post(reverse("audit-list") + "?actor=alice", {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "When,Who,Action,Customer,Changed,Reason", "the columns on screen"
    assert "alice" in body
    entry = AuditEntry.objects.get(action="audit.exported")
    assert entry.actor == administrator and entry.changes["filters"][1] == {"actor": ["alice"]}


@pytest.mark.parametrize("entries", [60, 300])
def test_the_audit_page_makes_the_same_queries_whatever_its_size(
    signed_in, compliance_officer, django_assert_num_queries, entries
):
    with transaction.atomic():
        AuditEntry.objects.bulk_create(AuditEntry(action="staff.updated", actor_label=f"u{i}") for i in range(entries))
    client = signed_in(compliance_officer)
    # 11, the viewer's columns for this list and, with an empty cache, the top bar's count of
    # requests awaiting this officer and the four-eyes rules it reads (the officer may not make
    # some commands, such as the limits, whose approving role the rules say; both cached after),
    # and the top bar's count of the officer's overdue work items (cached after).
    with django_assert_num_queries(15):
        response = client.get(reverse("audit-list"))
    assert response.status_code == 200


def test_lists_do_not_count_beyond_the_limit(signed_in, compliance_officer, settings):
    settings.LIST_EXACT_COUNT_LIMIT = 100
    with transaction.atomic():
        AuditEntry.objects.bulk_create(AuditEntry(action="staff.updated", actor_label=f"u{i}") for i in range(180))
    page = page_text(signed_in(compliance_officer).get(reverse("audit-list")))
    if connection.vendor == "postgresql":
        assert "Rows 1–50 of about" in page
    else:
        assert "Rows 1–50 of more than 100" in page
    page = page_text(signed_in(compliance_officer).get(reverse("audit-list"), {"page": 4}))
    assert "Rows 151–" in page and "Previous" in page and "First page" in page
