"""C "Identification": each identification request has a page of its own with its log, newest
last: for a live verification, what the back office sent to the provider (each call kept with its
request and the answer's status) and every event the provider sent (type, provider time, received
time, outcome, the payload escaped, masked and collapsed); for a KYC review, its audit entries and
the documents sent with it. Issue 21."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from kyc.liveness import services
from kyc.liveness.providers import ProviderUnavailable
from kyc.models import LivenessSession, ProviderCall
from kyc.services.reviews import assign_review
from tests.customers.factories import ROBOT, make_person
from tests.helpers import count_queries, page_text
from tests.kyc.liveness import T0, created, later, passport, send, start, updated
from tests.kyc.test_queues import a_review

pytestmark = pytest.mark.django_db


def log_url(kind, pk):
    return reverse("kyc-identification-request", args=[kind, pk])


def log_section(page: str) -> str:
    return page[page.index('id="log-title"') :]


def test_a_sessions_log_shows_the_call_that_created_it_then_each_event_oldest_first(client, signed_in, support_agent):
    session = start(make_person("Lou", "Live"), actor=support_agent)
    send(client, created(session, at=T0))
    send(client, updated(session, 1, at=later(T0, 60)))
    call = ProviderCall.objects.get(session=session)
    assert (call.operation, call.status, call.actor_label) == ("start_session", "succeeded", support_agent.username)
    assert call.request == {"userId": session.customer_id}
    assert call.answer == {"identification-id": session.reference, "url": session.url}

    page = page_text(signed_in(support_agent).get(log_url("liveness", session.pk)))
    log = log_section(page)
    assert "Session created" in log and "POST /v1/users/{userId}/Kycliveness" in log and "Succeeded" in log
    assert log.index("Session created") < log.index("kycliveness.create") < log.index("kycliveness.update")
    assert "Sent to the provider" in log and "Received from the provider" in log
    assert "processing (score -1)" in log and "processed (passed)" in log
    assert "provider: 2024-04-10" in log  # the provider's own time beside ours
    assert "<details" in log and "provider-payload" in log  # payloads collapsed
    assert "Live verification started" in log  # the back office's own entries too
    assert session.reference in page and "Lou Live" in page


def test_each_document_fetched_from_the_provider_is_logged_with_what_came(client, signed_in, compliance_officer):
    session = start(make_person())
    send(client, passport(session))
    fetch = ProviderCall.objects.get(session=session, operation="fetch_document")
    assert fetch.status == "succeeded" and fetch.request["documentId"] == f"{session.reference}-passport"
    assert fetch.answer["documentTypeId"] == 17 and fetch.answer["bytes"] > 0 and "content" not in fetch.answer
    log = log_section(page_text(signed_in(compliance_officer).get(log_url("liveness", session.pk))))
    assert log.index("document.create") < log.index("stored as document #")
    assert "Document fetched" in log
    assert "stored as document #" in log and "GET /v1/documents/{documentId}/download" in log


def test_a_documents_request_the_provider_did_not_take_is_logged_as_unavailable(settings, signed_in, support_agent):
    settings.LIVENESS_SANDBOX_BASE_URL = "http://127.0.0.1:9"  # nothing listens: the call fails for real
    session = start(make_person())
    with pytest.raises(ProviderUnavailable):
        services.request_documents(session_id=session.pk)
    call = ProviderCall.objects.get(session=session, operation="request_documents")
    assert call.status == "unavailable" and call.actor_label == "system:liveness-documents"
    assert call.request == {"userId": session.customer_id, "identification-id": session.reference}
    assert "not accepted" in call.answer["error"]
    log = log_section(page_text(signed_in(support_agent).get(log_url("liveness", session.pk))))
    assert "Documents requested" in log and "Provider unavailable (tried again later)" in log
    assert "text-danger-emphasis" in log


def test_a_session_the_provider_refused_to_start_leaves_no_call_behind(settings):
    """Starting runs in one transaction with the session: a refusal keeps neither."""
    from backoffice.errors import DomainError

    settings.LIVENESS_SANDBOX_ENABLED = False
    with pytest.raises(DomainError):
        start(make_person())
    assert not ProviderCall.objects.exists() and not LivenessSession.objects.exists()


@pytest.fixture
def hostile_session(client):
    session = start(make_person("Hana", "Hostile"))
    payload = created(session, at=T0)
    payload["object"] |= {"note": "</pre><script>alert(1)</script>", "birthDate": "1990-05-17", "iban": "FR7630006"}
    send(client, payload)
    return session


def test_a_payload_is_escaped_and_masks_personal_data_for_support_agents(hostile_session, signed_in, support_agent):
    page = signed_in(support_agent).get(log_url("liveness", hostile_session.pk)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "1990-05-17" not in page and "•••• 5-17" in page
    assert "FR7630006" not in page and "•••• 0006" in page


def test_compliance_officers_read_the_payload_whole(hostile_session, signed_in, compliance_officer):
    page = signed_in(compliance_officer).get(log_url("liveness", hostile_session.pk)).content.decode()
    assert "1990-05-17" in page and "FR7630006" in page
    assert "<script>alert(1)</script>" not in page


def test_a_reviews_log_lists_its_audit_entries_and_the_documents_sent_with_it(signed_in, support_agent, make_staff):
    review = a_review(make_person("Rita", "Review"))
    assign_review(actor=ROBOT, review=review, assignee=make_staff("decider", "Compliance officer"))
    page = page_text(signed_in(support_agent).get(log_url("review", review.pk)))
    log = log_section(page)
    assert log.index("KYC review requested") < log.index("KYC review assigned")
    assert "Documents sent with it" in page
    documents = page[page.index('id="documents-title"') : page.index('id="log-title"')]
    assert len(re.findall(r'href="/kyc/documents/\d+/"', documents)) == review.submitted.count() > 0
    assert reverse("kyc-review-decide", args=[review.pk]) not in page  # support agents do not decide


def test_those_who_decide_reviews_get_a_link_to_the_decision(signed_in, compliance_officer):
    review = a_review(make_person())
    page = page_text(signed_in(compliance_officer).get(log_url("review", review.pk)))
    assert reverse("kyc-review-decide", args=[review.pk]) in page and "Open the decision page" in page


def test_the_list_links_each_request_to_its_page(signed_in, support_agent):
    review = a_review(make_person())
    session = LivenessSession.objects.create(customer=make_person(), reference="sbx_1", url="http://sandbox.test/")
    page = signed_in(support_agent).get(reverse("kyc-identification-requests")).content.decode()
    assert f'href="{log_url("review", review.pk)}"' in page and f'href="{log_url("liveness", session.pk)}"' in page


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "administrator"])
def test_every_role_that_opens_profiles_reads_a_request(request, signed_in, role):
    session = start(make_person())
    assert signed_in(request.getfixturevalue(role)).get(log_url("liveness", session.pk)).status_code == 200


def test_staff_without_a_role_are_refused_and_strangers_sent_to_sign_in(client, signed_in, outsider):
    session = start(make_person())
    assert client.get(log_url("liveness", session.pk)).status_code == 302
    assert signed_in(outsider).get(log_url("liveness", session.pk)).status_code == 403


@pytest.mark.parametrize("url", ["/kyc/identification-requests/review/999999/", "/kyc/identification-requests/x/1/"])
def test_an_unknown_request_or_kind_answers_404(signed_in, support_agent, url):
    assert signed_in(support_agent).get(url).status_code == 404


def test_a_sessions_page_makes_the_same_queries_however_long_its_log(client, signed_in, compliance_officer):
    short, long = start(make_person()), start(make_person())
    send(client, created(short, at=T0))
    for index in range(4):
        send(client, created(long, at=T0 + timedelta(seconds=index)))
        send(client, updated(long, 1, at=later(T0, 60 + index)))
    send(client, passport(long))
    viewer = signed_in(compliance_officer)
    # Session, staff member, the session with its customer and starter, its audit entries, the
    # calls sent, the events received.
    assert (
        count_queries(viewer, log_url("liveness", short.pk)) == count_queries(viewer, log_url("liveness", long.pk)) == 6
    )


def test_a_reviews_page_makes_the_same_queries_whatever_it_holds(signed_in, compliance_officer, make_staff):
    quiet = a_review(make_person())
    busy = a_review(make_person())
    for index in range(3):
        assign_review(actor=ROBOT, review=busy, assignee=make_staff(f"decider{index}", "Compliance officer"))
    viewer = signed_in(compliance_officer)
    # Session, staff member, the review with its customer and staff, its audit entries, its documents.
    assert count_queries(viewer, log_url("review", quiet.pk)) == count_queries(viewer, log_url("review", busy.pk)) == 5


def test_the_payload_shown_is_json(hostile_session, compliance_officer):
    from kyc.request_log import request_for, request_log

    lines = request_log(compliance_officer, request_for(compliance_officer, "liveness", hostile_session.pk))
    received = [line for line in lines if line.direction == "received"]
    assert json.loads(received[0].payload)["object"]["identification-id"] == hostile_session.reference
