"""Bulk actions on lists (issue 21): tick rows (or take every row matching the filters), choose an
action once; each row goes through its own command, with its own audit entry and refusals; the
result page says what was done, what waits for a second person and what was refused, and why."""

from __future__ import annotations

import signal
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.bulk import INLINE_ROWS, bulk_actions
from backoffice.models import ApprovalRequest, AuditEntry, BulkJob, BulkJobRow, CommandRule
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from backoffice.services import bulk
from customers.choices import Status
from customers.demo import ensure_dictionaries, generate_customers
from customers.models import Customer, StatementExport, Tag
from customers.services import update_tags
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text, wait_for
from tests.kyc.reviews import upload
from work import services as work_services
from work.choices import WorkKind
from work.models import WorkItem

pytestmark = pytest.mark.django_db
PERSONS = "customer-persons"


@pytest.fixture
def vip():
    return Tag.objects.create(name="VIP")


def ticked(action: str, ids, *, list_name=PERSONS, **data):
    """What a bulk action's page posts: the selection as the list sent it, and the parameters."""
    return reverse(f"bulk-{action}"), {"list": list_name, "ids": [str(pk) for pk in ids], "query": "", **data}


def tags_of(customer) -> list[str]:
    return sorted(customer.tags.values_list("name", flat=True))


def test_tagging_a_mix_of_customers_does_the_allowed_and_says_why_for_the_others(signed_in, administrator, vip):
    anna, bruno = make_person("Anna", "Allowed"), make_person("Bruno", "Allowed")
    closed = make_person("Carla", "Closed")
    Customer.objects.filter(pk=closed.pk).update(status=Status.CANCELED)
    tagged = make_person("Dora", "Tagged")
    update_tags(actor=ROBOT, customer=tagged, tags=[vip])
    client = signed_in(administrator)

    url, data = ticked("tag", [anna.pk, bruno.pk, closed.pk, tagged.pk, 999_999_999], tag=str(vip.pk))
    response = client.post(url, data)

    job = BulkJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("bulk-job", args=[job.pk])
    assert (job.status, job.total, job.processed) == ("done", 5, 5)
    page = page_text(client.get(response["Location"]))
    assert 'data-count="done">2<' in page and 'data-count="refused">3<' in page
    assert "Carla Closed" in page and "deactivated" in page
    assert "Dora Tagged" in page and "Has the tag “VIP” already." in page
    assert "#999999999" in page and bulk.NOT_IN_SCOPE in page
    assert "Anna Allowed" not in page  # done rows are counted, not listed
    assert tags_of(anna) == tags_of(bruno) == ["VIP"] and tags_of(closed) == []
    # One audit entry per customer changed, as the profile's tag edit writes it, by the requester.
    entries = AuditEntry.objects.filter(action="customers.tags.updated", actor=administrator)
    assert sorted(entries.values_list("customer_id", flat=True)) == sorted([anna.pk, bruno.pk])


def test_untagging_removes_the_tag_where_it_is(signed_in, administrator, vip):
    held, bare = make_person("Hana", "Held"), make_person("Ivo", "Bare")
    update_tags(actor=ROBOT, customer=held, tags=[vip])
    url, data = ticked("untag", [held.pk, bare.pk], tag=str(vip.pk))
    signed_in(administrator).post(url, data)
    rows = dict(BulkJobRow.objects.values_list("object_id", "outcome"))
    assert rows == {held.pk: "done", bare.pk: "refused"}
    assert tags_of(held) == []
    assert BulkJobRow.objects.get(object_id=bare.pk).reason == "Does not have the tag “VIP”."


def test_a_missing_choice_is_said_next_to_its_field_and_nothing_runs(signed_in, administrator):
    person = make_person()
    url, data = ticked("tag", [person.pk])
    response = signed_in(administrator).post(url, data)
    assert response.status_code == 400
    assert "This field is required." in page_text(response)
    assert not BulkJob.objects.exists()


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "outsider"])
def test_roles_without_the_permission_neither_see_tagging_nor_may_post_it(role, persona_of, signed_in, vip):
    person = make_person()
    client = signed_in(persona_of(role))
    url, data = ticked("tag", [person.pk], tag=str(vip.pk))
    assert client.post(url, data).status_code == 403
    assert client.get(url, data).status_code == 403
    if role != "outsider":
        page = client.get(reverse(PERSONS)).content.decode()
        assert "Bulk actions" in page and reverse("bulk-statements") in page
        assert reverse("bulk-tag") not in page
    assert tags_of(person) == [] and not BulkJob.objects.exists()


@pytest.fixture
def persona_of(make_staff):
    roles = {"support_agent": SUPPORT_AGENT, "compliance_officer": COMPLIANCE_OFFICER, "outsider": None}
    return lambda role: make_staff(role, roles[role])


def test_the_list_has_a_tick_box_per_row_and_one_for_the_page(signed_in, administrator):
    for index in range(3):
        make_person(f"Row{index}", "Listed")
    page = signed_in(administrator).get(reverse(PERSONS)).content.decode()
    assert page.count('name="ids"') == 3 and page.count("data-select-all") == 1
    assert 'id="bulk-form"' in page and "All 3 matching the filters" in page


def test_lists_without_bulk_actions_have_no_tick_boxes(signed_in, administrator):
    page = signed_in(administrator).get(reverse("staff-list")).content.decode()
    assert 'name="ids"' not in page and "Bulk actions" not in page


def test_every_match_runs_the_filters_with_the_requesters_permissions(signed_in, administrator, vip):
    anna, bruno = make_person("Anna", "Filtered"), make_person("Bruno", "Other")
    client = signed_in(administrator)
    response = client.post(
        reverse("bulk-tag"), {"list": PERSONS, "every": "1", "query": f"id={anna.pk}", "tag": str(vip.pk)}
    )
    assert response.status_code == 302
    assert tags_of(anna) == ["VIP"] and tags_of(bruno) == []


def test_more_than_100_rows_go_to_a_job_run_by_the_real_task(
    signed_in, administrator, vip, django_capture_on_commit_callbacks
):
    ensure_dictionaries()
    generate_customers(INLINE_ROWS + 30)
    wanted = Customer.objects.count()
    client = signed_in(administrator)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            reverse("bulk-tag"), {"list": "customer-list", "every": "1", "query": "", "tag": str(vip.pk)}
        )
    job = BulkJob.objects.get()
    assert (job.status, job.every_match, job.ids) == ("pending", True, [])  # the job resolves the filters
    page = page_text(client.get(response["Location"]))
    assert "In progress" in page and 'hx-trigger="every 1s"' in page
    for callback in queued:  # after the commit: the task (run in-process here), as a worker runs it
        callback()
    job.refresh_from_db()
    assert (job.status, job.total, job.processed) == ("done", wanted, wanted)
    counts = bulk.counts_of(job)  # the demo deactivated some customers and tagged some VIP already
    assert counts["waiting"] == 0 and counts["done"] + counts["refused"] == wanted and counts["done"] > INLINE_ROWS
    reasons = set(job.rows.filter(outcome="refused").values_list("reason", flat=True))
    assert reasons <= {
        "This customer is deactivated: editing the tags is no longer possible.",
        "Has the tag “VIP” already.",
    }
    assert AuditEntry.objects.filter(action="customers.tags.updated").count() == counts["done"]
    assert "In progress" not in page_text(client.get(response["Location"]))
    assert bulk.run_bulk_job(job.pk) is None  # delivered again: done already, nothing happens


def test_a_waiting_command_opens_one_approval_request_per_customer(signed_in, administrator, vip):
    """Four-eyes is not bypassed: when administrators make tagging wait, each customer's tag waits
    for a second person, with the reason given."""
    CommandRule.objects.create(command="customers.tags.add", four_eyes=True)
    anna, bruno = make_person("Anna", "Waits"), make_person("Bruno", "Waits")
    url, data = ticked("tag", [anna.pk, bruno.pk], tag=str(vip.pk), reason="Campaign 12 customers.")
    response = signed_in(administrator).post(url, data)
    job = BulkJob.objects.get()
    assert bulk.counts_of(job) == {"done": 0, "waiting": 2, "refused": 0}
    requests = ApprovalRequest.objects.filter(command="customers.tags.add", status="pending")
    assert sorted(requests.values_list("customer_id", flat=True)) == sorted([anna.pk, bruno.pk])
    assert set(requests.values_list("reason", flat=True)) == {"Campaign 12 customers."}
    assert tags_of(anna) == tags_of(bruno) == []
    assert "Waiting for a second person" in page_text(signed_in(administrator).get(response["Location"]))


def test_a_waiting_command_without_a_reason_is_refused_row_by_row(signed_in, administrator, vip):
    CommandRule.objects.create(command="customers.tags.add", four_eyes=True)
    person = make_person()
    url, data = ticked("tag", [person.pk], tag=str(vip.pk))
    signed_in(administrator).post(url, data)
    row = BulkJobRow.objects.get()
    assert (row.outcome, row.reason) == ("refused", "Say why: a second person reads it before approving.")


def test_statements_for_the_selection_ask_the_period_once(signed_in, support_agent):
    anna, bruno = make_person("Anna", "Statement"), make_person("Bruno", "Statement")
    today = timezone.localdate()
    client = signed_in(support_agent)
    url, data = ticked(
        "statements",
        [anna.pk, bruno.pk],
        start_date=str(today - timedelta(days=30)),
        end_date=str(today + timedelta(days=1)),
        export_format="csv",
    )
    response = client.post(url, data)
    assert response.status_code == 400 and "The end date is in the future." in page_text(response)
    data["end_date"] = str(today)
    assert client.post(url, data).status_code == 302
    exports = StatementExport.objects.filter(requested_by=support_agent)
    assert sorted(exports.values_list("customer_id", flat=True)) == sorted([anna.pk, bruno.pk])
    assert set(exports.values_list("format", flat=True)) == {"csv"}
    assert AuditEntry.objects.filter(action="customers.statement.requested", actor=support_agent).count() == 2


def test_exporting_the_selection_writes_the_ticked_rows_and_is_audited(signed_in, support_agent):
    anna, bruno, _ = make_person("Anna", "Exported"), make_person("Bruno", "Exported"), make_person("Carl", "Left")
    client = signed_in(support_agent)
    url = reverse("bulk-export")
    data = {"list": PERSONS, "ids": [str(anna.pk), str(bruno.pk)], "query": ""}
    assert "Export CSV" in page_text(client.get(url, data))
    response = client.post(url, {**data, "export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "Anna Exported" in content and "Bruno Exported" in content and "Carl Left" not in content
    entry = AuditEntry.objects.get(action="customers.exported")
    assert sorted(entry.changes["selection"][1]) == sorted([anna.pk, bruno.pk])


def test_a_list_without_bulk_actions_exports_no_selection(signed_in, administrator):
    data = {"list": "audit-list", "ids": ["1"], "query": "", "export": "csv"}
    assert signed_in(administrator).post(reverse("bulk-export"), data).status_code == 404


def test_work_items_are_assigned_item_by_item_with_refusals(signed_in, compliance_officer, make_staff):
    agent = make_staff("sami", SUPPORT_AGENT)
    document = upload(make_person("Anna", "Document"))
    item = WorkItem.objects.get(kind=WorkKind.PRE_REVIEW, customer=document.customer)
    risky = make_person("Rita", "Risky")
    risk = work_services.open_item(
        kind=WorkKind.RISK_REVIEW,
        subject=risky,
        title=f"Risk review of {risky}",
        permission="compliance.set_risk_level",
        customer_id=risky.pk,
        confidential=True,
    )
    client = signed_in(compliance_officer)
    page = client.get(reverse("work-list")).content.decode()
    assert reverse("bulk-assign") in page
    url, data = ticked("assign", [item.pk, risk.pk], list_name="work-list", assignee=str(agent.pk))
    response = client.post(url, data)
    item.refresh_from_db()
    risk.refresh_from_db()
    assert item.assignee == agent and risk.assignee is None
    assert BulkJobRow.objects.get(object_id=risk.pk).reason.endswith("may not do this item.")
    assert AuditEntry.objects.filter(action="work.assigned", actor=compliance_officer).count() == 1
    assert 'data-count="refused">1<' in page_text(client.get(response["Location"]))


def test_the_result_page_is_its_requesters_alone(signed_in, administrator, make_staff, vip):
    person = make_person()
    url, data = ticked("tag", [person.pk], tag=str(vip.pk))
    signed_in(administrator).post(url, data)
    job = BulkJob.objects.get()
    other = make_staff("ade", ADMINISTRATOR)
    assert signed_in(other).get(reverse("bulk-job", args=[job.pk])).status_code == 404


def test_every_bulk_action_names_a_declared_command_and_lists_that_exist():
    for action in bulk_actions.all():
        assert action.declared.name == action.command
        for name in action.lists:
            assert reverse(name)


def test_a_job_resumed_after_its_worker_was_killed_applies_no_row_twice(worker_process, request, make_staff, settings):
    """SIGKILL the real worker in the middle of a bulk tagging: the rows it committed stay done;
    once its lease runs out the sweep hands the job on and the next run does the rest, so every
    customer is tagged once, with one audit entry."""
    lease = timedelta(seconds=2)
    settings.JOB_LEASE = lease
    ensure_dictionaries()
    generate_customers(600)
    requester = make_staff("ada", ADMINISTRATOR)
    vip = Tag.objects.create(name="Campaign 12")
    action = bulk_actions.get("tag")
    worker = worker_process(JOB_LEASE_SECONDS=str(int(lease.total_seconds())))
    with transaction.atomic():
        job = bulk.start_bulk(
            actor=requester,
            action=action,
            list_name="customer-list",
            ids=[],
            every_match=True,
            query="",
            data={"tag": str(vip.pk)},
        )

    def midway() -> bool:
        job.refresh_from_db()
        return job.status == "running" and 0 < job.processed < job.total // 2

    assert wait_for(midway, timeout=60), f"the worker never got going: {job.status} {job.processed}"
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == "running" and job.processed < job.total
    swept: list[int] = []
    assert wait_for(lambda: swept.extend(bulk.requeue_stuck()) or swept, timeout=30)  # its lease ran out
    assert swept == [job.pk]
    request.getfixturevalue("redis_worker")  # another worker takes the job over

    def finished() -> bool:
        job.refresh_from_db()
        return job.status == "done"

    assert wait_for(finished, timeout=90), f"not finished: {job.status} {job.processed}/{job.total}"
    total = Customer.objects.count()
    assert job.attempts == 2 and job.total == total and job.rows.count() == total
    done = list(job.rows.filter(outcome="done").values_list("customer_id", flat=True))
    entries = list(AuditEntry.objects.filter(action="customers.tags.updated").values_list("customer_id", flat=True))
    assert sorted(entries) == sorted(done) and len(set(entries)) == len(entries)
    assert Customer.tags.through.objects.filter(tag=vip).count() == len(done)
