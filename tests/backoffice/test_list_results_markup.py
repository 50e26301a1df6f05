"""A list's results are written in Python (``backoffice.list_results``, issue 17): for every state
a list can be in, the markup must be what the templates it replaces wrote (kept in
``markup_before/``), as a browser reads it."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from backoffice.list_results import list_results
from backoffice.tables import column_choice_items
from customers.models import Customer
from tests.backoffice.test_filter_form import same_markup
from tests.customers.factories import make_person

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "markup_before"
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*')  # masked afresh each time
HTMX = {"HX-Request": "true", "HX-Target": "list-results"}


def template_before():
    """``_list_results.html`` with its two includes written in, and the Columns menu's rows (the
    tag that wrote them is the one both versions call)."""
    results = (BEFORE / "_list_results.html").read_text()
    columns = (BEFORE / "_list_columns.html").read_text().replace("{% load backoffice %}", "")
    columns = columns.replace("{% column_choice_items column_choices %}", "{{ column_items }}")
    pager = (BEFORE / "_list_pager.html").read_text().replace("{% load humanize %}", "")
    results = results.replace('{% include "generic/_list_columns.html" %}', columns)
    results = results.replace('{% include "generic/_list_pager.html" %}', pager)
    return engines["django"].from_string(results)


@pytest.fixture
def drawn(monkeypatch):
    """What the page's results were drawn from and as: [(flattened context, markup)]."""
    from backoffice.templatetags import backoffice as tags

    seen = []

    def recording(context):
        markup = list_results(context)
        seen.append((context.flatten(), markup))
        return markup

    monkeypatch.setattr(tags.results_markup, "list_results", recording)
    return seen


def both(drawn):
    """(ours, the templates') for the context the list page last drew its results with."""
    flat, ours = drawn[-1]
    flat["column_items"] = column_choice_items(flat.get("column_choices") or [])
    before = template_before().render(flat, flat["request"])
    return tuple(CSRF.sub(r"\1…", same_markup(markup)) for markup in (ours, before))


@pytest.fixture
def persons():
    start = datetime.datetime(2025, 1, 6, 12, tzinfo=datetime.UTC)
    for index in range(7):
        person = make_person("Anna", f"Marker{chr(65 + index)}<&>")
        Customer.objects.filter(pk=person.pk).update(created_at=start + datetime.timedelta(days=index))


PERSONS = reverse("customer-persons")


@pytest.mark.parametrize(
    "query",
    [
        "",  # the first page, more pages after it
        "?page=2",
        "?page=3",  # the last page by number
        "?last=1",
        "?from=2025-01-08",  # a jump to a day
        "?sort=name&from=mark",  # a jump to letters
        "?page=99999",  # refused: beyond the bound
        "?last_name=nobody",  # filtered, nothing matches
        "?status=VALIDATED&sort=-name",
        "?since=not-a-date",  # a filter's error
    ],
)
def test_the_results_are_what_the_templates_wrote(agent, persons, settings, drawn, query):
    settings.LIST_PAGE_SIZE = 3
    for headers in ({}, HTMX):
        response = agent.get(PERSONS + query, headers=headers)
        assert response.status_code == 200
        ours, before = both(drawn)
        assert ours == before, query


def test_a_list_without_exports_or_rows(signed_in, administrator, drawn):
    signed_in(administrator).get(reverse("staff-list") + "?q=nobody-at-all", headers=HTMX)
    ours, before = both(drawn)
    assert ours == before
    assert "Nothing matches these filters." in ours


def test_a_message_comes_back_with_the_results(agent, persons, drawn):
    response = agent.post(PERSONS, {"columns_action": "reset"}, headers=HTMX, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="messages"') == 1
    assert 'class="alert alert-' in drawn[-1][1]


def test_grouped_numbers_are_what_intcomma_writes():
    from django.contrib.humanize.templatetags.humanize import intcomma

    from backoffice.markup import grouped

    for number in (0, 7, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 1_234_567_890, -4_321):
        assert grouped(number) == intcomma(number)


def test_assets_are_named_as_static_names_them(settings):
    from django.templatetags.static import static

    from backoffice.templatetags.backoffice import asset

    for path in ("css/backoffice.css", "vendor/bootstrap/js/bootstrap.bundle.min.js", "img/favicon.svg"):
        assert asset(path) == static(path)
    settings.STATIC_URL = "/elsewhere/"
    assert asset("css/backoffice.css") == static("css/backoffice.css") == "/elsewhere/css/backoffice.css"


def test_since_and_choice_labels_are_what_django_writes():
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.timesince import timesince

    from backoffice.markup import choice_label, since
    from kyc.models import Document

    now = timezone.now()
    for delta in (0, 59, 60, 3_599, 3_600, 86_399, 86_400, 7 * 86_400, 40 * 86_400, 400 * 86_400, 5 * 366 * 86_400):
        moment = now - timedelta(seconds=delta)
        assert since(moment) == timesince(moment)
    assert since(None) == ""
    for value, _label in Document._meta.get_field("document_type").flatchoices:
        assert (
            choice_label(Document, "document_type", value) == Document(document_type=value).get_document_type_display()
        )
    assert choice_label(Document, "document_type", "not-a-type") == "not-a-type"


@pytest.mark.parametrize("oob", [False, True])
def test_the_board_strip_is_what_its_template_wrote(agent, oob):
    from django.template import RequestContext

    people = [make_person("Anna", 'Strip<&>"'), make_person("Ben", "Strip")]
    for person in people:
        agent.get(reverse("customer-profile", args=[person.pk]))
    response = agent.get(reverse("customer-tab", args=[people[0].pk, "kyc"]) + "?x=<'>")
    request = response.wsgi_request
    engine = engines["django"]
    before = engine.from_string((BEFORE / "profile_strip.html").read_text())
    now = engine.engine.get_template("partials/profile_strip.html")
    context = RequestContext(request, {"oob": oob})
    ours, expected = now.render(context), before.template.render(RequestContext(request, {"oob": oob}))
    assert CSRF.sub(r"\1…", same_markup(ours)) == CSRF.sub(r"\1…", same_markup(expected))
    assert ours.count("profile-strip-item") == 2 and 'aria-current="page"' in ours
    assert ('hx-swap-oob="true"' in ours) is oob
