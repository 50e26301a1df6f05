"""The KYC queues: pre-review (oldest first, then the next), compliance's review queue (filters,
assign), and the identification requests with their logs; each page's queries do not grow with
the rows."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyc.models import Document, LivenessSession, Review
from kyc.services.reviews import assign_review, request_review
from tests.customers.factories import ROBOT, make_company, make_person
from tests.helpers import count_queries, page_text
from tests.kyc.reviews import prevalidate, upload, upload_all

pytestmark = pytest.mark.django_db


def aged(document, days):
    Document.objects.filter(pk=document.pk).update(uploaded_at=timezone.now() - timedelta(days=days))
    return document


def test_the_pre_review_queue_lists_pending_documents_oldest_first(signed_in, support_agent):
    aged(upload(make_person("Nina", "Newer"), name="newer.png"), 1)
    older = aged(upload(make_person("Otto", "Older"), name="older.png"), 3)
    done = upload_all(make_person("Dora", "Done"))
    page = page_text(signed_in(support_agent).get(reverse("kyc-prereview-queue")))
    assert "<strong>2</strong> documents waiting" in page
    assert page.index("older.png") < page.index("newer.png")
    assert "passport.png" not in page and all(d.status == "pre_validated" for d in done)
    assert reverse("kyc-prereview-document", args=[older.pk]) in page


def test_pre_reviewing_opens_the_next_document(signed_in, support_agent):
    first = aged(upload(make_person(), name="first.png"), 3)
    second = aged(upload(make_person(), name="second.png"), 2)
    client = signed_in(support_agent)
    page = page_text(client.get(reverse("kyc-prereview-document", args=[first.pk])))
    assert "2 documents waiting, this one included." in page and "Zoë Dupont" in page
    response = client.post(reverse("kyc-prereview-document", args=[first.pk]), {"command": "prevalidate"})
    assert response.url == reverse("kyc-prereview-document", args=[second.pk])
    response = client.post(reverse("kyc-prereview-document", args=[second.pk]), {"command": "prerefuse"})
    assert response.status_code == 200 and "Say why: the comment is required." in page_text(response)
    response = client.post(
        reverse("kyc-prereview-document", args=[second.pk]), {"command": "prerefuse", "comment": "Blurry."}
    )
    assert response.url == reverse("kyc-prereview-queue")
    assert dict(Document.objects.values_list("original_name", "status")) == {
        "first.png": "pre_validated",
        "second.png": "pre_refused",
    }


def test_a_document_pre_reviewed_meanwhile_opens_the_next(signed_in, support_agent):
    first, second = upload(make_person(), name="a.png"), upload(make_person(), name="b.png")
    Document.objects.filter(pk=first.pk).update(status="pre_validated")
    response = signed_in(support_agent).get(reverse("kyc-prereview-document", args=[first.pk]))
    assert response.url == reverse("kyc-prereview-document", args=[second.pk])


def a_review(customer, days_ago=0):
    upload_all(customer)
    review = request_review(actor=ROBOT, customer=customer)
    Review.objects.filter(pk=review.pk).update(requested_at=timezone.now() - timedelta(days=days_ago))
    return review


def test_the_review_queue_is_oldest_first_with_filters(signed_in, compliance_officer, make_staff):
    colleague = make_staff("colleague", "Compliance officer")
    french = a_review(make_person("Fanny", "France"), days_ago=2)
    german = a_review(make_person("Gerd", "Germany", country="DE"), days_ago=5)
    company = make_company("Acme SA")
    for document_type in (4, 23):
        prevalidate(upload(company, document_type))
    prevalidate(upload(company.relationships.get().related, 17))
    company_review = request_review(actor=ROBOT, customer=company)
    assign_review(actor=ROBOT, review=french, assignee=colleague)
    client = signed_in(compliance_officer)
    queue = reverse("kyc-review-queue")
    page = page_text(client.get(queue))
    assert "<strong>3</strong> reviews waiting" in page
    assert page.index("Gerd Germany") < page.index("Fanny France") < page.index("Acme SA")
    assert "5 days" in page
    assert "Acme SA" in page_text(client.get(queue, {"kind": "company"}))
    assert "Fanny France" not in page_text(client.get(queue, {"kind": "company"}))
    by_country = page_text(client.get(queue, {"country": "DE"}))
    assert "Gerd Germany" in by_country and "Fanny France" not in by_country
    unassigned = page_text(client.get(queue, {"assignee": "none"}))
    assert "Fanny France" not in unassigned and "Gerd Germany" in unassigned
    assert "Fanny France" in page_text(client.get(queue, {"assignee": str(colleague.pk)}))
    client.post(reverse("kyc-review-assign", args=[german.pk]), {"next": "queue"})
    mine = page_text(client.get(queue, {"assignee": "me"}))
    assert "Gerd Germany" in mine and "Acme SA" not in mine
    assert company_review.documents.count() == 3


def test_the_queues_read_a_fixed_number_of_queries(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    a_review(make_person())
    upload(make_person())
    LivenessSession.objects.create(customer=make_person(), reference="first", url="http://sandbox.test/")
    small = [count_queries(client, reverse(name)) for name in QUEUES]
    for _ in range(4):
        a_review(make_person())
        upload(make_person())
        LivenessSession.objects.create(customer=make_person(), reference=f"s{_}", url="http://sandbox.test/")
    assert [count_queries(client, reverse(name)) for name in QUEUES] == small


QUEUES = ("kyc-review-queue", "kyc-prereview-queue", "kyc-identification-requests")


def test_identification_requests_list_reviews_and_sessions_with_their_logs(signed_in, support_agent):
    review = a_review(make_person("Rita", "Review"), days_ago=1)
    assign_review(actor=ROBOT, review=review, assignee=None)
    LivenessSession.objects.create(customer=make_person("Lou", "Live"), reference="sbx_1", url="http://sandbox.test/")
    page = page_text(signed_in(support_agent).get(reverse("kyc-identification-requests")))
    assert "<strong>2</strong> requests" in page
    assert page.index("Lou Live") < page.index("Rita Review")  # newest first
    assert f"KYC review #{review.pk}" in page and "Compliance (manual review)" in page
    assert "Sandbox (local)" in page and "Initiated" in page
    assert "1 update" in page and "KYC review requested" in page
    assert reverse("kyc-review-decide", args=[review.pk]) not in page  # support agents do not decide


def test_a_customers_identification_requests_from_the_profiles_counter(signed_in, support_agent):
    """C: the toolbar's "Identification requests" counter lands on the list, filtered to the
    customer, which says whose requests they are (issue 21)."""
    rita, lou = make_person("Rita", "Review"), make_person("Lou", "Live")
    a_review(rita, days_ago=1)
    LivenessSession.objects.create(customer=lou, reference="sbx_1", url="http://sandbox.test/")
    client = signed_in(support_agent)
    profile = client.get(reverse("customer-profile", args=[rita.pk])).content.decode()
    url = f"{reverse('kyc-identification-requests')}?customer={rita.pk}"
    assert f'href="{url}"' in profile
    page = page_text(client.get(url))
    assert "<strong>1</strong> request" in page and "Requests of" in page and "Lou Live" not in page
    page = page_text(client.get(reverse("kyc-identification-requests"), {"customer": "999999"}))
    assert "<strong>0</strong> requests" in page and "No identification request yet." in page


def test_the_kyc_entries_share_a_section_of_the_sidebar(signed_in, compliance_officer):
    page = page_text(signed_in(compliance_officer).get(reverse("dashboard")))
    section = page[page.index(">KYC</h2>") : page.index("</ul>", page.index(">KYC</h2>"))]
    for name in QUEUES:
        assert f'class="nav-link" href="{reverse(name)}"' in section


@pytest.mark.parametrize(
    ("name", "noun"),
    [
        ("kyc-review-queue", "reviews waiting"),
        ("kyc-prereview-queue", "documents waiting"),
        ("kyc-identification-requests", "requests"),
    ],
)
def test_a_queue_counts_at_most_its_bound_then_says_more_than(signed_in, compliance_officer, settings, name, noun):
    """A queue grows with history (identification requests count every review and session ever):
    its count reads at most ``LIST_EXACT_COUNT_LIMIT`` + 1 rows, as the lists' do."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LIST_EXACT_COUNT_LIMIT = 3
    for number in range(5):
        a_review(make_person())
        upload(make_person())
        LivenessSession.objects.create(customer=make_person(), reference=f"b{number}", url="http://sandbox.test/")
    client = signed_in(compliance_officer)
    with CaptureQueriesContext(connection) as queries:
        page = page_text(client.get(reverse(name)))
    assert re.search(rf"<strong>more than 3( \(about [\d,]+\))?</strong> {noun}", page), "PostgreSQL adds its estimate"
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert counts and all("LIMIT 4" in sql for sql in counts), "no count reads past the bound"
    settings.LIST_EXACT_COUNT_LIMIT = 1000
    assert f"<strong>{10 if name == 'kyc-identification-requests' else 5}</strong> {noun}" in page_text(
        client.get(reverse(name))
    )
