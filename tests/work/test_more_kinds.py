"""The kinds of work opened by what did not happen yet (issue 19): a vigilance transfer to send
back, an email or a statement that never arrived; each closes with what makes it good. And the
top bar's count of one's overdue items, the profile's Work tab and its toolbar counter."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.roles import COMPLIANCE_OFFICER, SUPPORT_AGENT
from customers.models import PasswordReset
from customers.services import password_resets, statements
from kyc.models import VigilanceRefund
from kyc.services.vigilance import mark_refunded
from tests.customers.factories import make_person
from tests.customers.test_password_resets import closed_port
from tests.customers.test_statements import a_job
from tests.helpers import count_queries, page_text
from tests.kyc.reviews import upload
from tests.kyc.test_vigilance_refund import decided_with_a_booked_vigilance_transfer
from work import services
from work.choices import WorkKind, WorkStatus
from work.models import WorkItem

pytestmark = pytest.mark.django_db


def test_a_refused_customer_s_vigilance_transfer_is_work_until_marked_refunded(signed_in, compliance_officer):
    person = decided_with_a_booked_vigilance_transfer(signed_in(compliance_officer), compliance_officer)
    refund = VigilanceRefund.objects.get()
    (item,) = WorkItem.objects.filter(kind=WorkKind.VIGILANCE_REFUND)
    assert item.status == WorkStatus.OPEN and item.customer_id == person.pk
    assert item.url == reverse("kyc-vigilance-refunded", args=[person.pk, refund.pk])
    assert "20.00 EUR" in item.title and item.permission == "kyc.refund_vigilance_transfer"
    mark_refunded(actor=compliance_officer, refund=refund, reference="PAYINREFUND-1")
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE and item.closed_by == compliance_officer


def test_a_reset_email_given_up_is_work_until_a_later_one_leaves(support_agent, settings):
    answering = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    settings.CUSTOMER_PASSWORD_RESET_RETRIES = 0  # the first failure is the last
    person = make_person()
    failed = PasswordReset.objects.create(customer=person, requested_by=support_agent, email=person.primary_email)
    with pytest.raises(password_resets.SmtpFailure):
        password_resets.deliver_password_reset(failed.pk)
    (item,) = WorkItem.objects.filter(kind=WorkKind.FAILED_EMAIL)
    assert item.status == WorkStatus.OPEN and item.customer_id == person.pk
    assert item.url == reverse("customer-profile", args=[person.pk]) and "not sent" in item.title
    assert person.primary_email not in item.title, "the address stays on the profile"

    settings.MAILERS = answering  # the mail server answers again: a new email leaves
    again = PasswordReset.objects.create(customer=person, requested_by=support_agent, email=person.primary_email)
    assert password_resets.deliver_password_reset(again.pk) is True and len(mail.outbox) == 1
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE and item.closed_by == support_agent


def test_a_statement_that_failed_is_its_requester_s_work_until_retried(support_agent, monkeypatch):
    job, _ = a_job(support_agent)

    def broken(statement, path, progress):
        raise OSError("disk full")

    monkeypatch.setitem(statements.WRITERS, "csv", broken)
    assert statements.build_statement(job.pk) is None
    (item,) = WorkItem.objects.filter(kind=WorkKind.FAILED_EMAIL)
    assert item.assignee == support_agent, "only the requester sees their exports"
    assert item.url == reverse("export-detail", args=[job.pk]) and "Statement of" in item.title
    monkeypatch.undo()
    with transaction.atomic():
        statements.retry_statement(actor=support_agent, job=job)
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE


def test_the_top_bar_counts_my_overdue_items_and_links_to_them(
    signed_in, support_agent, make_staff, django_capture_on_commit_callbacks
):
    """The count is cached until an item moves (after its transaction commits)."""
    other = make_staff("olga", SUPPORT_AGENT)
    client = signed_in(support_agent)
    assert 'id="my-overdue-work"' not in client.get(reverse("dashboard")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for owner in (support_agent, support_agent, other):
            upload(make_person(), actor=other if owner == support_agent else support_agent)
        WorkItem.objects.update(due_at=timezone.now() - timedelta(hours=1))
        for item, owner in zip(WorkItem.objects.order_by("pk"), (support_agent, support_agent, other), strict=True):
            services.reassign(actor=owner, item=item, assignee=owner)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="my-overdue-work"' in page and "?whose=mine&amp;due=overdue" in page
    assert ">2<" in page.split('id="my-overdue-work"')[1][:400]
    item = WorkItem.objects.filter(assignee=support_agent).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.give_back(actor=support_agent, item=item)
    page = client.get(reverse("dashboard")).content.decode()
    assert ">1<" in page.split('id="my-overdue-work"')[1][:400], "giving one back moves the count at once"


def open_work(profile: str) -> int:
    return int(re.search(r'data-counter="work".*?<div class="count">(\d+)<', profile).group(1))


def test_the_profile_lists_what_is_pending_about_the_customer(signed_in, support_agent, compliance_officer, make_staff):
    person = make_person()
    document = upload(person, actor=make_staff("uma", SUPPORT_AGENT))
    services.open_item(
        kind=WorkKind.RISK_REVIEW,
        subject=person,
        title="Risk review of the customer",
        permission="compliance.set_risk_level",
        customer_id=person.pk,
        confidential=True,
        due_at=timezone.now() - timedelta(days=1),
    )
    agent = signed_in(support_agent)
    profile = page_text(agent.get(reverse("customer-profile", args=[person.pk])))
    assert open_work(profile) == 1, "the toolbar counts what the agent may know is pending"
    tab = page_text(agent.get(reverse("customer-tab", args=[person.pk, "work"])))
    assert "Document pre-review" in tab and "Risk review" not in tab, "confidential: compliance only"
    assert (
        reverse("kyc-prereview-document", args=[document.pk])
        in agent.get(reverse("customer-tab", args=[person.pk, "work"])).content.decode()
    )
    officer = signed_in(compliance_officer)
    tab = page_text(officer.get(reverse("customer-tab", args=[person.pk, "work"])))
    assert "Risk review of the customer" in tab and "Overdue" in tab
    assert open_work(page_text(officer.get(reverse("customer-profile", args=[person.pk])))) == 2


def test_the_work_tab_reads_a_fixed_number_of_queries(signed_in, compliance_officer, make_staff):
    person = make_person()
    uploader = make_staff("uma", COMPLIANCE_OFFICER)
    client = signed_in(compliance_officer)
    url = reverse("customer-tab", args=[person.pk, "work"])
    upload(person, actor=uploader)
    few = count_queries(client, url)
    for _ in range(5):
        upload(person, actor=uploader)
    assert count_queries(client, url) == few


def test_work_offers_the_weekly_chart_to_those_who_see_every_item(signed_in, support_agent, compliance_officer):
    officer = signed_in(compliance_officer)
    page = officer.get(reverse("work-list")).content.decode()
    assert 'hx-get="/work/metrics/?part=chart"' in page and 'hx-trigger="toggle once"' in page
    chart = officer.get(reverse("work-metrics"), {"part": "chart"})
    assert chart.status_code == 200 and b"<svg" in chart.content and b"<html" not in chart.content
    agent = signed_in(support_agent)
    assert "part=chart" not in agent.get(reverse("work-list")).content.decode()
    assert agent.get(reverse("work-metrics"), {"part": "chart"}).status_code == 403
