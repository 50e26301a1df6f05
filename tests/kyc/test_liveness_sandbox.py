"""The sandbox provider: its public page, its documents, and its webhooks sent as real signed HTTP
requests to a live server, ending with a processed session (and, for a pass, two documents)."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from kyc.liveness import sandbox
from kyc.liveness.providers import UnknownDocument
from kyc.models import Document, LivenessSession, ProviderEvent
from kyc.uploads import inspect_upload
from tests.customers.factories import make_person
from tests.helpers import page_text
from tests.kyc.liveness import send, start, updated


def sandbox_url(session) -> str:
    return reverse("kyc-liveness-sandbox", args=[session.reference])


@pytest.mark.django_db
def test_the_page_shows_the_session_to_anyone_with_the_link(client):
    session = start(make_person())
    response = client.get(sandbox_url(session))
    page = page_text(response)
    assert response.status_code == 200
    assert "Sandbox ID" in page and "Hello Zoë D.," in page and session.reference in page
    assert "Pass the check" in page and "Fail the check" in page
    assert "Dupont" not in page, "a public page shows the first name and initial only"
    assert 'id="main"' not in page, "the provider's page, not the back office's shell"


@pytest.mark.django_db
def test_the_page_does_not_exist_when_the_sandbox_is_off_or_the_session_unknown(client, settings):
    session = start(make_person())
    assert client.get(reverse("kyc-liveness-sandbox", args=["sbx_unknown"])).status_code == 404
    settings.LIVENESS_SANDBOX_ENABLED = False
    assert client.get(sandbox_url(session)).status_code == 404
    assert client.post(sandbox_url(session), {"outcome": "pass"}).status_code == 404


@pytest.mark.django_db
def test_a_post_without_a_choice_or_on_a_finished_session_sends_nothing(client):
    session = start(make_person())
    assert client.post(sandbox_url(session), {"outcome": "maybe"}).status_code == 400
    send(client, updated(session, 1))
    response = client.post(sandbox_url(session), {"outcome": "pass"})
    assert response.status_code == 409 and "finished already" in page_text(response)
    assert ProviderEvent.objects.count() == 1


@pytest.mark.django_db
def test_the_documents_are_valid_pngs_the_same_for_the_same_session():
    session, other = start(make_person()), start(make_person("Marc", "Lefèvre"))
    for kind, document_type in (("passport", 17), ("proof-of-address", 12)):
        fetched = sandbox.sandbox_document(session.reference, f"{session.reference}-{kind}")
        assert (fetched.file_name, fetched.document_type) == (f"{kind}.png", document_type)
        assert inspect_upload(fetched.file_name, fetched.content).kind == "png"
        assert len(fetched.content) < 100_000
        assert sandbox.sandbox_document(session.reference, f"{session.reference}-{kind}") == fetched
        assert sandbox.sandbox_document(other.reference, f"{other.reference}-{kind}").content != fetched.content
    with pytest.raises(UnknownDocument):
        sandbox.sandbox_document(session.reference, f"{other.reference}-passport")


def test_a_pass_or_a_fail_sends_the_check_s_result_and_no_document():
    """Seed 002 steps 5 and 6: the documents come only after the review is requested."""
    passed = sandbox.outcome_events("sbx_1", passed=True)
    assert [(e["eventType"], e["object"]["score"]) for e in passed] == [
        ("kycliveness.create", -1),
        ("kycliveness.update", 1),
    ]
    assert [e["occurredAt"] for e in passed] == sorted(e["occurredAt"] for e in passed)
    assert len({e["eventId"] for e in passed}) == 2
    failed = sandbox.outcome_events("sbx_1", passed=False)
    assert [(e["eventType"], e["object"]["score"]) for e in failed] == [
        ("kycliveness.create", -1),
        ("kycliveness.update", 0),
    ]


def test_the_documents_asked_for_are_one_document_create_each_with_stable_ids():
    documents = sandbox.document_events("sbx_1")
    assert [(e["eventType"], e["object"]["documentTypeId"]) for e in documents] == [
        ("document.create", 17),
        ("document.create", 12),
    ]
    again = sandbox.document_events("sbx_1")
    assert [e["eventId"] for e in again] == [e["eventId"] for e in documents], "a retry is recognised as a replay"


def test_an_unreachable_webhook_is_reported_not_raised():
    delivery = sandbox.deliver(
        "http://127.0.0.1:9/kyc/liveness/webhook/", sandbox.outcome_events("sbx_1", passed=True)[0]
    )
    assert delivery.status is None and not delivery.accepted
    with pytest.raises(ValueError, match="http or https"):
        sandbox.deliver("file:///etc/passwd", {"eventType": "x"})


class Browser:
    """A customer's browser against the live server: cookies kept, forms posted with their token."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def press(self, url, outcome) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(url)).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "outcome": outcome}).encode()
        with self.opener.open(url, data=data, timeout=60) as response:
            return " ".join(response.read().decode().split())


@pytest.mark.parametrize(("outcome", "score"), [("pass", 1), ("fail", 0)])
def test_pressing_a_button_sends_signed_webhooks_to_the_live_server(
    live_server, committed_db, settings, outcome, score
):
    settings.LIVENESS_SANDBOX_BASE_URL = live_server.url
    session = start(make_person())
    assert session.url.startswith(live_server.url)
    page = Browser().press(session.url, outcome)
    session = LivenessSession.objects.get(pk=session.pk)
    assert (session.status, session.score) == ("processed", score)
    events = list(ProviderEvent.objects.filter(session=session).order_by("occurred_at"))
    assert [e.event_type for e in events] == ["kycliveness.create", "kycliveness.update"]
    assert all(event.processed_at for event in events)
    assert not Document.objects.exists(), "no document before the review is requested"
    assert page.count(">202<") == 2 and "This verification is finished." in page
    assert f"{live_server.url}/kyc/liveness/webhook/" in page
