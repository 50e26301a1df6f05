"""Seed 002's two kinds of "KYC Liveness" table walked through the panel as staff do it, with the
sandbox provider sending its webhooks by real HTTP to a live server (no shortcut into the
services): start the session on the KYC tab, press Pass or Fail on the sandbox's page, then

- score 1: the KYC tab lets the review be requested at once (the passed check stands for the
  documents); the request asks the provider for the documents, whose ``document.create``
  webhooks bring them into the pending review pre-validated; compliance validates (2, 2);
- score 0: the session is final, the review cannot be requested, a later update with score 1
  changes nothing, and the tab offers a new session.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from kyc import tasks
from kyc.liveness import webhooks
from kyc.models import Document, LivenessSession, ProviderEvent, Review
from tests.customers.factories import make_person
from tests.helpers import page_text
from tests.kyc.liveness import updated
from tests.kyc.reviews import kyc_state
from tests.kyc.test_liveness_sandbox import Browser


def kyc_tab(client, customer) -> str:
    return page_text(client.get(reverse("customer-tab", args=[customer.pk, "kyc"])))


def start_on_the_tab(client, customer) -> LivenessSession:
    assert reverse("kyc-liveness-start", args=[customer.pk]) in kyc_tab(client, customer)
    response = client.post(reverse("kyc-liveness-start", args=[customer.pk]))
    assert response.status_code == 302
    return LivenessSession.objects.filter(customer=customer).latest("created_at")


@pytest.fixture
def sandbox(live_server, committed_db, settings):
    settings.LIVENESS_SANDBOX_BASE_URL = live_server.url
    return live_server


def test_a_passed_check_then_the_review_then_the_documents(
    sandbox, client, signed_in, support_agent, compliance_officer
):
    person = make_person()
    staff = signed_in(support_agent)
    before = kyc_tab(staff, person)
    assert "Missing: identity document" in before and reverse("kyc-review-request", args=[person.pk]) not in before
    session = start_on_the_tab(staff, person)
    Browser().press(session.url, "pass")  # the customer, on the provider's page: steps 4 to 6
    assert kyc_state(person) == (0, 0) and not Document.objects.exists()

    page = kyc_tab(staff, person)
    assert "The check passed: it stands for the documents, so the KYC review can be requested now." in page
    assert "The review cannot be requested yet" not in page
    assert reverse("kyc-review-request", args=[person.pk]) in page
    response = staff.post(reverse("kyc-review-request", args=[person.pk]))  # step 7
    assert response.status_code == 302 and kyc_state(person) == (0, 1)

    review = Review.objects.get()  # step 8: the provider's document.create webhooks came by HTTP
    documents = Document.objects.filter(customer=person).order_by("document_type")
    assert [(d.document_type, d.source, d.status) for d in documents] == [
        (12, "liveness", "pre_validated"),
        (17, "liveness", "pre_validated"),
    ]
    assert set(review.documents.all()) == set(documents)
    types = list(ProviderEvent.objects.filter(session=session).order_by("occurred_at").values_list("event_type"))
    assert [t for (t,) in types] == ["kycliveness.create", "kycliveness.update", "document.create", "document.create"]
    page = kyc_tab(staff, person)
    assert f"Review #{review.pk} requested" in page and "Documents asked from the provider" in page

    officer = signed_in(compliance_officer)
    decision = page_text(officer.get(reverse("kyc-review-decide", args=[review.pk])))
    assert "Submitted documents (2)" in decision
    response = officer.post(reverse("kyc-review-decide", args=[review.pk]), {"decision": "validate", "level": "2"})
    assert response.status_code == 302 and kyc_state(person) == (2, 2)  # step 9
    assert set(Document.objects.values_list("status", flat=True)) == {"validated"}


def test_a_failed_check_is_final_and_the_tab_offers_a_new_session(sandbox, client, signed_in, support_agent):
    person = make_person()
    staff = signed_in(support_agent)
    session = start_on_the_tab(staff, person)
    Browser().press(session.url, "fail")
    assert (LivenessSession.objects.get(pk=session.pk).score, kyc_state(person)) == (0, (0, 0))

    late_pass = json.dumps(updated(session, 1)).encode()  # the provider changing its mind later
    answer = client.post(
        reverse("kyc-liveness-webhook"),
        data=late_pass,
        content_type="application/json",
        headers=webhooks.signed_headers(late_pass),
    )
    assert answer.status_code == 202
    assert LivenessSession.objects.get(pk=session.pk).score == 0, "no later update turns a fail into a pass"

    page = kyc_tab(staff, person)
    assert "The check failed: this session is final" in page and "start a new live verification" in page
    assert "stale: the check failed, which is final; a new session is needed" in page
    assert "Missing: identity document" in page and reverse("kyc-review-request", args=[person.pk]) not in page
    staff.post(reverse("kyc-review-request", args=[person.pk]))  # refused: nothing to submit
    assert not Review.objects.exists() and kyc_state(person) == (0, 0)
    second = start_on_the_tab(staff, person)
    assert second.pk != session.pk and second.status == "initiated"


def review_requested_while_the_provider_is_down(staff, person, settings):
    """A passed check whose review is requested while the provider cannot be reached: the review
    is pending and no document has come. Returns the liveness session."""
    session = start_on_the_tab(staff, person)
    Browser().press(session.url, "pass")
    settings.LIVENESS_SANDBOX_BASE_URL = "http://127.0.0.1:9"  # the provider unreachable at the request
    staff.post(reverse("kyc-review-request", args=[person.pk]))
    assert kyc_state(person) == (0, 1) and not Document.objects.exists()
    return session


def test_documents_the_provider_did_not_send_are_asked_for_again_by_the_sweep(
    sandbox, client, signed_in, support_agent, settings
):
    person = make_person()
    staff = signed_in(support_agent)
    session = review_requested_while_the_provider_is_down(staff, person, settings)
    assert tasks.requeue_unprocessed_liveness_events() == 0 and not Document.objects.exists(), "too early"

    settings.LIVENESS_SANDBOX_BASE_URL = sandbox.url  # the provider is back
    asked = LivenessSession.objects.get(pk=session.pk).documents_requested_at
    LivenessSession.objects.filter(pk=session.pk).update(documents_requested_at=asked - timedelta(minutes=6))
    tasks.requeue_unprocessed_liveness_events()
    review = Review.objects.get()
    assert review.documents.count() == 2 and set(review.documents.values_list("status", flat=True)) == {"pre_validated"}
    tasks.requeue_unprocessed_liveness_events()
    assert Document.objects.count() == 2, "asked once more at most: nothing left to ask"


def test_the_demo_served_on_another_port_hands_out_links_to_that_port(
    live_server, committed_db, settings, monkeypatch, client, signed_in, support_agent
):
    """``manage.py demo --serve --addrport 127.0.0.1:PORT``: the sandbox's link and its webhooks
    go to PORT (not the default 8000), so Pass then the review request bring the documents."""
    from backoffice.management.commands.demo import point_base_urls_at

    for name in ("PANEL_BASE_URL", "LIVENESS_SANDBOX_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
        setattr(settings, name, "http://127.0.0.1:8000")  # the defaults; restored after the test
    point_base_urls_at(live_server.url.removeprefix("http://"))
    assert settings.PANEL_BASE_URL == settings.LIVENESS_SANDBOX_BASE_URL == live_server.url

    person = make_person()
    staff = signed_in(support_agent)
    session = start_on_the_tab(staff, person)
    assert session.url.startswith(f"{live_server.url}/kyc/liveness/sandbox/sbx_")
    Browser().press(session.url, "pass")
    staff.post(reverse("kyc-review-request", args=[person.pk]))
    assert Review.objects.get().documents.count() == 2, "the documents arrived at once"


def test_explicit_base_urls_are_kept_by_the_served_demo(settings, monkeypatch):
    from backoffice.management.commands.demo import point_base_urls_at

    monkeypatch.setenv("PANEL_BASE_URL", "https://panel.example.test")
    monkeypatch.delenv("LIVENESS_SANDBOX_BASE_URL", raising=False)
    settings.PANEL_BASE_URL, settings.LIVENESS_SANDBOX_BASE_URL = "https://panel.example.test", "x"
    point_base_urls_at("0.0.0.0:8611")
    assert settings.PANEL_BASE_URL == settings.LIVENESS_SANDBOX_BASE_URL == "https://panel.example.test"
    monkeypatch.delenv("PANEL_BASE_URL")
    point_base_urls_at("0.0.0.0:8611")
    assert settings.PANEL_BASE_URL == "http://127.0.0.1:8611"


def test_documents_not_sent_yet_show_on_the_tab_with_an_ask_again_command(
    sandbox, client, signed_in, support_agent, settings
):
    """A review requested on a passed check while the provider was unreachable: the tab says the
    documents have not come (not "they join the review as they arrive") and offers "Ask again",
    which brings them once the provider answers; the request is audited."""
    from django.utils import timezone

    from backoffice.models import AuditEntry

    person = make_person()
    staff = signed_in(support_agent)
    session = review_requested_while_the_provider_is_down(staff, person, settings)
    asked = timezone.localtime(LivenessSession.objects.get(pk=session.pk).documents_requested_at)
    page = kyc_tab(staff, person)
    assert f"The provider has not sent the documents yet; asked at {asked:%H:%M}, asking again" in page
    assert "they join the pending review pre-validated as they arrive" not in page
    ask_again = reverse("kyc-liveness-ask-again", args=[person.pk, session.pk])
    assert ask_again in page

    settings.LIVENESS_SANDBOX_BASE_URL = sandbox.url  # the provider is back
    assert "Ask the provider again" in page_text(staff.get(ask_again))
    response = staff.post(ask_again)
    assert (response.status_code, response.url) == (302, reverse("customer-tab", args=[person.pk, "kyc"]))
    review = Review.objects.get()
    assert review.documents.count() == 2
    page = kyc_tab(staff, person)
    assert "has not sent the documents yet" not in page and ask_again not in page
    assert "they join the pending review pre-validated as they arrive" in page
    assert AuditEntry.objects.filter(action="kyc.liveness.documents_asked_again", actor=support_agent).count() == 1
    staff.post(ask_again)  # nothing awaited any more: refused, back to the tab
    assert AuditEntry.objects.filter(action="kyc.liveness.documents_asked_again").count() == 1
