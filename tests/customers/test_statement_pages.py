"""Statements through the panel: the request from the Accounts tab, the job's page (its progress
part polled by htmx; when ready the answer sends the browser to the download), the download
(audited), the Exports page (one's own; compliance officers and administrators see all), retry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEntry
from customers.models import StatementExport
from tests.customers.factories import make_person
from tests.customers.holdings import add_transactions, make_account
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def request_statement(client, person, capture, **fields):
    data = {"start_date": TODAY - timedelta(days=30), "end_date": TODAY, "format": "csv", **fields}
    with capture(execute=True):  # the task runs (in-process) once the request's row commits
        return client.post(reverse("customer-statement", args=[person.pk]), data)


def test_a_support_agent_requests_a_statement_and_receives_the_file(
    signed_in, support_agent, django_capture_on_commit_callbacks
):
    person = make_person("Stan", "Statement")
    account = make_account(person)
    add_transactions(account, 3)
    client = signed_in(support_agent)
    assert "Export a statement" in page_text(client.get(reverse("customer-tab", args=[person.pk, "accounts"])))
    form = page_text(client.get(reverse("customer-statement", args=[person.pk])))
    assert "PDF" in form and "None ticked: every account." in form
    response = request_statement(client, person, django_capture_on_commit_callbacks, accounts=[account.pk])
    job = StatementExport.objects.get()
    assert response.url == reverse("export-detail", args=[job.pk]) + "?fresh=1"
    assert job.account_ids == [account.pk] and job.requested_by == support_agent
    page = page_text(client.get(response.url))
    assert "Ready: 3 transactions" in page and "statement-" in page
    assert 'hx-trigger="load"' in page, "built already: the page fetches the file once by itself"
    detail = reverse("export-detail", args=[job.pk])
    polled = client.get(detail, headers={"HX-Request": "true"})  # the bar's last poll: Ready replaces it
    assert "Ready: 3 transactions" in page_text(polled) and "HX-Redirect" not in polled
    assert f'hx-get="{detail}?download=1" hx-trigger="load"' in page_text(polled)
    asked = client.get(f"{detail}?download=1", headers={"HX-Request": "true"})  # …which asks once for the file
    assert asked["HX-Redirect"] == reverse("export-download", args=[job.pk])
    download = client.get(reverse("export-download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"Statement of Stan Statement" in b"".join(download.streaming_content)
    assert AuditEntry.objects.filter(action="customers.statement.downloaded", actor=support_agent).count() == 1


@pytest.mark.parametrize(
    ("persona", "whole"), [("support_agent", False), ("compliance_officer", True), ("administrator", True)]
)
def test_the_statement_form_shows_ibans_as_the_viewer_may_see_them(signed_in, persona, whole, request):
    """Support agents see IBANs masked everywhere; the account list of the statement form too."""
    person = make_person("Stan", "Statement")
    account = make_account(person)
    form = page_text(signed_in(request.getfixturevalue(persona)).get(reverse("customer-statement", args=[person.pk])))
    grouped = " ".join(account.iban[i : i + 4] for i in range(0, len(account.iban), 4))
    assert (grouped in form) is whole and account.iban not in form
    assert (f"{account.iban[:4]} •••• {account.iban[-4:]}" in form) is not whole
    assert "PDF" in form


def test_a_running_export_is_polled_with_its_progress(signed_in, support_agent):
    person = make_person()
    job = StatementExport.objects.create(
        customer=person,
        requested_by=support_agent,
        start_date=TODAY,
        end_date=TODAY,
        format="pdf",
        status="running",
        progress=42,
        rows=4200,
    )
    part = signed_in(support_agent).get(reverse("export-detail", args=[job.pk]), headers={"HX-Request": "true"})
    text = page_text(part)
    assert 'hx-trigger="every 1s"' in text and "progress-step-40" in text and "4,200 transactions written" in text
    assert "HX-Redirect" not in part


def test_bad_input_is_shown_next_to_the_field(signed_in, support_agent, django_capture_on_commit_callbacks):
    person = make_person()
    response = request_statement(
        signed_in(support_agent), person, django_capture_on_commit_callbacks, end_date=TODAY + timedelta(days=2)
    )
    assert response.status_code == 200 and "The end date is in the future." in page_text(response)
    assert not StatementExport.objects.exists()


def test_the_exports_page_shows_ones_own_and_everyone_to_compliance(
    signed_in, support_agent, compliance_officer, make_staff
):
    colleague = make_staff("colleague", "Support agent")
    mine = StatementExport.objects.create(
        customer=make_person("Mia", "Mine"), requested_by=support_agent, start_date=TODAY, end_date=TODAY, format="csv"
    )
    theirs = StatementExport.objects.create(
        customer=make_person("Theo", "Theirs"), requested_by=colleague, start_date=TODAY, end_date=TODAY, format="csv"
    )
    page = page_text(signed_in(support_agent).get(reverse("exports")))
    assert "Mia Mine" in page and "Theo Theirs" not in page
    assert signed_in(support_agent).get(reverse("export-detail", args=[theirs.pk])).status_code == 404
    everyone = page_text(signed_in(compliance_officer).get(reverse("exports")))
    assert "Mia Mine" in everyone and "Theo Theirs" in everyone
    assert signed_in(compliance_officer).get(reverse("export-detail", args=[mine.pk])).status_code == 200


def test_a_failed_export_is_retried(signed_in, support_agent, django_capture_on_commit_callbacks):
    person = make_person()
    make_account(person)
    job = StatementExport.objects.create(
        customer=person,
        requested_by=support_agent,
        start_date=TODAY,
        end_date=TODAY,
        format="xlsx",
        status="failed",
        error="disk full",
    )
    client = signed_in(support_agent)
    assert "The export failed: disk full" in page_text(client.get(reverse("export-detail", args=[job.pk])))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("export-retry", args=[job.pk]))
    assert response.url == reverse("export-detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1
