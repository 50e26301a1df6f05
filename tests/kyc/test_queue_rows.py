"""The KYC queues' rows are written in Python (issue 17): the markup must be what the templates'
row loops wrote, with hostile names, references and reasons, for each role."""

import re

import pytest
from django.middleware.csrf import get_token
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from kyc import selectors
from kyc.models import Document, LivenessSession
from kyc.queue_rows import identification_request_rows, prereview_queue_rows, review_queue_rows
from kyc.services.reviews import assign_review
from tests.backoffice.test_filter_form import same_markup
from tests.customers.factories import ROBOT, make_person
from tests.kyc.reviews import upload
from tests.kyc.test_queues import a_review

HOSTILE = '<b>"O\'Brien"</b> & Co'

# The row loops as the templates wrote them before (templates/kyc/*.html at 7a3bdc9; each request
# links to its own page and log since issue 21).
BEFORE = {
    "identification": """{% load backoffice %}{% for row in page %}
        <tr data-kind="{{ row.kind }}">
          <td class="text-nowrap small">{{ row.created_at|date:"Y-m-d H:i" }}</td>
          <td><a href="{% url 'customer-tab' row.record.customer_id 'kyc' %}">{{ row.record.customer }}</a></td>
          <td>{% if row.kind == "review" %}<a href="{% url 'kyc-identification-request' 'review' row.record.pk %}">KYC review #{{ row.record.pk }}</a>{% if perms.kyc.decide_kyc_review %} <a class="small ms-1" href="{% url 'kyc-review-decide' row.record.pk %}">Decide</a>{% endif %}{% else %}<a href="{% url 'kyc-identification-request' 'liveness' row.record.pk %}">Live verification <span class="font-monospace small">{{ row.record.reference|truncatechars:14 }}</span></a>{% endif %}</td>
          <td class="small">{{ row.provider }}</td>
          <td>{{ row.state }}</td>
          <td class="small">
            {% if row.log %}
              <details><summary>{{ row.log|length }} update{{ row.log|length|pluralize }}, the last {% with last=row.log|last %}{{ last.occurred_at|date:"Y-m-d H:i" }}{% endwith %}</summary>
                <ol class="list-unstyled mb-0 mt-1 request-log">
                  {% for entry in row.log %}<li><span class="text-body-secondary">{{ entry.occurred_at|date:"Y-m-d H:i:s" }}</span> {{ entry.actor_label }} · <span>{{ entry.action|action_label }}</span>{% if entry.reason %} — {{ entry.reason }}{% endif %}</li>{% endfor %}
                </ol>
              </details>
            {% else %}—{% endif %}
          </td>
        </tr>{% endfor %}""",  # noqa: E501
    "review": """{% for review in page %}
        <tr data-review="{{ review.pk }}">
          <td class="text-nowrap small">{{ review.requested_at|date:"Y-m-d H:i" }}<div class="text-body-secondary">{{ review.requested_at|timesince }} ago</div></td>
          <td><a href="{% url 'customer-tab' review.customer_id 'kyc' %}">{{ review.customer }}</a></td>
          <td class="small">{{ review.customer.get_kind_display }}</td>
          <td class="small">{{ review.customer.country.name|default:"—" }}</td>
          <td>{{ review.document_count }}</td>
          <td class="small">{{ review.requested_by.username|default:"—" }}</td>
          <td class="small">{% if review.assigned_to %}{{ review.assigned_to.get_full_name|default:review.assigned_to.username }}{% else %}<span class="text-body-secondary">Unassigned</span>{% endif %}</td>
          <td class="text-end text-nowrap">
            {% if review.assigned_to_id != request.user.pk %}
              <form method="post" action="{% url 'kyc-review-assign' review.pk %}" class="d-inline">{% csrf_token %}<input type="hidden" name="next" value="queue"><button class="btn btn-outline-secondary btn-sm" type="submit">Assign to me</button></form>
            {% endif %}
            <a class="btn btn-primary btn-sm" href="{% url 'kyc-review-decide' review.pk %}">Open</a>
          </td>
        </tr>{% endfor %}""",  # noqa: E501
    "prereview": """{% for document in page %}
        <tr>
          <td class="text-nowrap small">{{ document.uploaded_at|date:"Y-m-d H:i" }}</td>
          <td class="small">{{ document.uploaded_at|timesince }}</td>
          <td><a href="{% url 'customer-tab' document.customer_id 'kyc' %}">{{ document.customer }}</a></td>
          <td>{{ document.get_document_type_display }}</td>
          <td class="small"><span class="document-name" title="{{ document.original_name }}">{{ document.original_name }}</span></td>
          <td class="small">{{ document.get_source_display }}</td>
          <td class="text-end"><a class="btn btn-outline-primary btn-sm" href="{% url 'kyc-prereview-document' document.pk %}">Pre-review</a></td>
        </tr>{% endfor %}""",  # noqa: E501
}


def before(name: str, page, request) -> str:
    from django.contrib.auth.context_processors import PermWrapper

    context = {"page": page, "request": request, "perms": PermWrapper(request.user), "csrf_token": get_token(request)}
    return engines["django"].from_string(BEFORE[name]).render(context)


def without_tokens(html: str) -> str:
    """CSRF tokens are masked afresh each time: compare everything else."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', same_markup(html))


@pytest.fixture
def queues(make_staff):
    hostile = make_person("Zoë", HOSTILE)
    review = a_review(hostile, days_ago=3)
    assign_review(actor=ROBOT, review=review, assignee=make_staff("nobody", "Compliance officer", first_name=HOSTILE))
    a_review(make_person(HOSTILE, "Second"))
    document = upload(make_person("Paul", "Pending"))
    Document.objects.filter(pk=document.pk).update(original_name=f"{HOSTILE}.pdf")
    LivenessSession.objects.create(customer=hostile, reference=f"{HOSTILE}-long-reference", url="http://sandbox.test/")
    LivenessSession.objects.create(customer=hostile, reference="short", url="http://sandbox.test/", score=87)
    return review


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer"])
def test_the_identification_requests_are_written_as_the_template_wrote_them(request, queues, role):
    user = request.getfixturevalue(role)
    page = selectors.identification_requests(user)
    http = RequestFactory().get("/")
    http.user = user
    ours = str(identification_request_rows(page.object_list, user))
    assert same_markup(ours) == same_markup(before("identification", page.object_list, http))
    assert "&lt;b&gt;&quot;O&#x27;Brien&quot;&lt;/b&gt; &amp; Co" in ours and "<b>" not in ours
    assert ("kyc/reviews/" in ours) == (role == "compliance_officer")  # only those who decide get the link


def test_the_review_queue_is_written_as_the_template_wrote_it(queues, compliance_officer):
    reviews = list(selectors.review_queue(compliance_officer)[:50])
    http = RequestFactory().get("/")
    http.user = compliance_officer
    ours = str(review_queue_rows(reviews, http))
    assert without_tokens(ours) == without_tokens(before("review", reviews, http))
    assert ours.count("Assign to me") == len(reviews) == 2
    assert "3\xa0days ago" in ours


def test_the_pre_review_queue_is_written_as_the_template_wrote_it(queues, support_agent):
    documents = list(selectors.prereview_queue(support_agent)[:50])
    assert documents
    http = RequestFactory().get("/")
    http.user = support_agent
    ours = str(prereview_queue_rows(documents))
    assert same_markup(ours) == same_markup(before("prereview", documents, http))
    assert f'title="{HOSTILE}' not in ours


def test_a_date_is_shown_in_the_staff_member_s_time_zone(queues, support_agent):
    page = selectors.identification_requests(support_agent)
    row = page.object_list[0]
    with timezone.override("Asia/Tokyo"):
        ours = str(identification_request_rows([row], support_agent))
    assert timezone.localtime(row.created_at, timezone=timezone.get_fixed_timezone(540)).strftime("%H:%M") in ours
