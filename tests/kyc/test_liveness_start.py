"""Starting a live verification from the KYC tab: who may, when it is refused, and what the tab's
"Live verification" section shows (the link to send, the status, the provider's events)."""

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers.models import Customer
from kyc.liveness import selectors, services
from kyc.models import LivenessSession
from tests.customers.factories import make_company, make_person
from tests.helpers import page_text
from tests.kyc.liveness import T0, created, later, send, start, updated

pytestmark = pytest.mark.django_db


def start_url(customer) -> str:
    return reverse("kyc-liveness-start", args=[customer.pk])


def kyc_tab(customer) -> str:
    return reverse("customer-tab", args=[customer.pk, "kyc"])


@pytest.mark.parametrize("staff", ["support_agent", "compliance_officer"])
def test_confirming_starts_a_session_and_audits_it(signed_in, request, settings, staff):
    settings.LIVENESS_SANDBOX_BASE_URL = "https://panel.example.test/"
    user = request.getfixturevalue(staff)
    client, person = signed_in(user), make_person()
    page = page_text(client.get(start_url(person)))
    assert "Start a live verification — Zoë Dupont" in page and "What happens:" in page
    assert "Send it to the customer" in page
    response = client.post(start_url(person))
    assert (response.status_code, response.url) == (302, kyc_tab(person))
    session = LivenessSession.objects.get()
    assert (session.customer, session.status, session.score, session.created_by) == (person, "initiated", -1, user)
    assert session.reference.startswith("sbx_") and len(session.reference) == 28
    assert session.url == f"https://panel.example.test/kyc/liveness/sandbox/{session.reference}/"
    entry = AuditEntry.objects.get(action="kyc.liveness.started")
    assert (entry.actor, entry.customer_id, entry.target_id) == (user, person.pk, str(session.pk))
    assert entry.changes == {"reference": [None, session.reference], "status": [None, "initiated"], "score": [None, -1]}


def test_administrators_may_not_start_one(signed_in, administrator):
    client, person = signed_in(administrator), make_person()
    assert client.get(start_url(person)).status_code == 403
    assert client.post(start_url(person)).status_code == 403
    assert not LivenessSession.objects.exists()


def refused_for_good(customer):
    Customer.objects.filter(pk=customer.pk).update(kyc_level=4, kyc_review=3)
    return customer


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda person: refused_for_good(person), "This customer's KYC was refused for good"),
        (lambda person: start(person), "A live verification is already under way"),
        (
            lambda person: LivenessSession.objects.filter(pk=start(person).pk).update(status="processing"),
            "A live verification is already under way",
        ),
    ],
    ids=["refused-for-good", "initiated", "processing"],
)
def test_refused_states_send_back_to_the_tab_with_the_reason(signed_in, support_agent, prepare, message):
    client, person = signed_in(support_agent), make_person()
    prepare(person)
    before = LivenessSession.objects.count()
    for response in (client.get(start_url(person)), client.post(start_url(person))):
        assert (response.status_code, response.url) == (302, kyc_tab(person))
    assert message in str(list(client.get(kyc_tab(person)).context["messages"]))
    assert LivenessSession.objects.count() == before
    with pytest.raises(DomainError, match=message):
        services.start_session(actor=support_agent, customer=person)


def test_a_failed_session_does_not_prevent_a_new_one(client, support_agent):
    person = make_person()
    first = start(person)
    send(client, updated(first, 0))
    assert services.start_refusal(person) is None
    second = services.start_session(actor=support_agent, customer=person)
    assert second.reference != first.reference


def test_a_passed_session_stands_until_a_review_resting_on_it_is_refused(signed_in, client, support_agent):
    """Seed 002 offers a new session only after a fail: after a pass the tab offers none and the
    service refuses one; once the review requested on its strength is refused, a new cycle may."""
    from kyc.services.reviews import request_review
    from tests.customers.factories import ROBOT
    from tests.kyc.reviews import decide_review

    person = make_person()
    session = start(person)
    send(client, updated(session, 1))
    staff = signed_in(support_agent)
    page = page_text(staff.get(kyc_tab(person)))
    assert "The check passed" in page and "Start a live verification" not in page and start_url(person) not in page
    with pytest.raises(DomainError, match="passed: it stands for the documents"):
        services.start_session(actor=support_agent, customer=person)
    response = staff.post(start_url(person))
    assert (response.status_code, response.url) == (302, kyc_tab(person))
    assert LivenessSession.objects.count() == 1

    review = request_review(actor=ROBOT, customer=person)
    assert "Start a live verification" not in page_text(staff.get(kyc_tab(person))), "pending: still stands"
    decide_review(actor=ROBOT, review=review, decision="refuse", level=1, reason="Blurred.", document_reasons={})
    assert "Start a live verification" in page_text(staff.get(kyc_tab(person)))
    assert services.start_session(actor=support_agent, customer=person).reference != session.reference


def test_companies_are_not_verified_live(support_agent):
    with pytest.raises(DomainError, match="Live verification is for persons"):
        services.start_session(actor=support_agent, customer=make_company())


def test_a_server_without_the_sandbox_or_the_secret_says_so(support_agent, settings):
    settings.LIVENESS_SANDBOX_ENABLED = False
    with pytest.raises(DomainError, match="switched off"):
        services.start_session(actor=support_agent, customer=make_person())
    settings.LIVENESS_SANDBOX_ENABLED, settings.LIVENESS_WEBHOOK_SECRET = True, ""
    with pytest.raises(DomainError, match="webhook secret is missing"):
        services.start_session(actor=support_agent, customer=make_person())
    assert not LivenessSession.objects.exists()


def render_sessions(customer, user) -> str:
    context = {"customer": customer, "liveness_sessions": selectors.liveness_sessions_of(customer)}
    context["liveness_standing"] = selectors.standing_session(customer)
    html = render_to_string("kyc/liveness/_sessions.html", {**context, "perms": PermWrapper(user)})
    return " ".join(html.split())


def test_the_section_shows_the_link_the_status_and_the_event_log(client, support_agent, administrator):
    person = make_person()
    session = services.start_session(actor=support_agent, customer=person)
    html = render_sessions(person, support_agent)
    assert "Start a live verification" not in html, "one is under way"
    assert f'value="{session.url}" readonly' in html and "Link to send the customer" in html
    assert "Initiated" in html and "Score -1 · Not scored yet" in html and "by sam" in html
    assert "No event from the provider yet." in html
    send(client, created(session, at=T0))
    send(client, updated(session, 1, at=later(T0, 60)))
    send(client, created(session, at=later(T0, -30)))  # late
    html = render_sessions(person, support_agent)
    assert "Processed" in html and "Score 1 · Passed" in html
    assert "Link to send the customer" not in html, "a finished session's link is no use"
    assert html.index("kycliveness.create") < html.index("kycliveness.update")
    assert "processing (score -1)" in html and "processed (passed)" in html
    assert "stale: occurred before the event that made the session processed" in html
    assert "Start a live verification" not in render_sessions(person, administrator)


def test_the_section_without_sessions(support_agent):
    assert "No live verification was started for this customer." in render_sessions(make_person(), support_agent)


def test_the_sessions_selector_makes_two_queries_whatever_their_number(client, django_assert_num_queries):
    person = make_person()
    for _ in range(3):
        session = start(person)
        send(client, updated(session, 0))
        send(client, created(session, at=T0))
    with django_assert_num_queries(2):
        sessions = selectors.liveness_sessions_of(person)
        assert [len(s.events.all()) for s in sessions] == [2, 2, 2]


def checklist_section(page: str) -> str:
    return page[page.index('id="checklist"') :].split("</section>")[0]


def test_after_a_pass_the_checklist_says_the_check_stands_for_the_documents(signed_in, client, support_agent):
    """The Review card says every requirement is met once the check passed: the checklist agrees
    (no "Missing"), before the request and while the provider's documents are on their way."""
    from tests.customers.factories import ROBOT

    person = make_person()
    staff = signed_in(support_agent)
    assert checklist_section(page_text(staff.get(kyc_tab(person)))).count(">Missing<") == 2
    session = start(person)
    send(client, updated(session, 1))
    page = page_text(staff.get(kyc_tab(person)))
    assert "Every requirement is met" in page
    checklist = checklist_section(page)
    assert "Missing" not in checklist
    covered = f"Covered by the passed live verification {session.reference}: the provider sends it once the review"
    assert checklist.count(covered) == 2

    with TestCase.captureOnCommitCallbacks(execute=False):  # the provider not asked yet: nothing arrives
        from kyc.services.reviews import request_review

        request_review(actor=ROBOT, customer=person)
    checklist = checklist_section(page_text(staff.get(kyc_tab(person))))
    assert "Missing" not in checklist and checklist.count("asked from the provider with the review, on its way") == 2


def test_the_history_shows_only_what_changed_and_one_minus_sign(signed_in, client, support_agent):
    """kycliveness.create keeps the score at -1: the KYC history does not list "Score: -1 → -1",
    and the events table writes -1 as the rest of the tab does (no Unicode minus)."""
    person = make_person()
    session = start(person)
    send(client, created(session))
    send(client, updated(session, 1))
    page = page_text(signed_in(support_agent).get(kyc_tab(person)))
    history = page[page.index("kyc-history") :]
    assert "<del>Not scored yet</del> → Not scored yet" not in history
    assert "<del>Initiated</del> → Processing" in history
    assert "<del>Not scored yet</del> → Passed" in history  # the score as the field shows it
    assert "processing (score -1)" in page and "−1" not in page
