"""The customer lists and the omnibox, as the staff member sees them."""

import csv
import io
import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.choices import State
from customers.demo import ensure_dictionaries, generate_customers
from customers.models import Customer, Tag
from tests.customers.factories import make_company, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


# --- lists -----------------------------------------------------------------------------------


# Session, user (the device, permissions and role names come from the session: access_stamp), the
# viewer's columns for the list, the page's rows with their emails (1 query) and the bounded count;
# no session save on a read (renewed at most once a minute). The filters' dictionary choices (tags,
# access roles and groups) come from the cache once a first page has read them.
LIST_QUERIES = dict.fromkeys(("customer-list", "customer-persons", "customer-companies", "customer-onboarding"), 5)


@pytest.mark.parametrize("page_size", [10, 100])
@pytest.mark.parametrize("url_name", sorted(LIST_QUERIES))
def test_a_list_page_makes_the_same_queries_whatever_the_page_size(
    agent, settings, django_assert_num_queries, page_size, url_name
):
    settings.LIST_PAGE_SIZE = page_size
    ensure_dictionaries()
    generate_customers(400)
    ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    Customer.objects.filter(pk__in=ids[:150]).update(kind=2)
    Customer.objects.filter(pk__in=ids[75:225]).update(onboarding_completed=False)
    agent.get(reverse(url_name))  # fills the cache of dictionary choices
    with django_assert_num_queries(LIST_QUERIES[url_name]):
        response = agent.get(reverse(url_name))
    assert response.status_code == 200
    assert f"Rows 1–{page_size} of" in page_text(response)


def test_creators_see_the_new_person_button_and_the_other_lists(officer):
    html = page_text(officer.get(reverse("customer-persons")))
    assert "New person" in html and 'aria-label="Customer lists"' in html
    assert "New person" not in page_text(officer.get(reverse("customer-list")))


def test_the_persons_list_shows_seed_001_columns_and_badges(agent):
    person = make_person("Zoë", "Dupont", email="zoe@example.test", other_emails=["zoe.work@example.test"])
    html = page_text(agent.get(reverse("customer-persons")))
    assert "New person" not in html  # support agents do not create customers
    for header in ("ID", "Name", "Emails", "Verification status", "State", "Aggregated", "Created at"):
        assert f">{header}" in html
    assert "Zoë Dupont" in html and "zoe<wbr>@example<wbr>.test" in html and "+1</span>" in html
    assert "Not verified" in html and "Pending" in html
    assert 'aria-label="Customer lists"' in html  # the pills to the other lists
    assert reverse("customer-profile", args=[person.pk]) in html
    assert reverse("customer-edit-contacts", args=[person.pk]) in html  # what a support agent may edit


def test_several_countries_and_agents_at_once(agent):
    """C: the Country and Created-by-agent filters take several values (issue 21)."""
    zoe = make_person("Zoë", "Dupont", country="FR")
    anna = make_person("Anna", "Martin", country="DE")
    make_person("Olaf", "Berg", country="NO")
    Customer.objects.filter(pk=zoe.pk).update(created_by_agent="agent-lyon")
    Customer.objects.filter(pk=anna.pk).update(created_by_agent="agent-paris")
    html = page_text(agent.get(reverse("customer-persons"), {"country": ["FR", "DE"]}))
    assert "Zoë Dupont" in html and "Anna Martin" in html and "Olaf Berg" not in html
    html = page_text(agent.get(reverse("customer-persons"), {"created_by_agent": " agent-lyon ,agent-paris,"}))
    assert "Zoë Dupont" in html and "Anna Martin" in html and "Olaf Berg" not in html


@pytest.mark.parametrize(
    ("params", "found", "missing"),
    [
        ({"first_name": "zoe"}, "Zoë Dupont", "Anna Martin"),
        ({"last_name": "MART"}, "Anna Martin", "Zoë Dupont"),
        ({"email": "anna@example.test"}, "Anna Martin", "Zoë Dupont"),
        ({"email": "example.test"}, "Anna Martin", "Zoë Dupont"),
        ({"phone": "06 12 34 99 99"}, "Zoë Dupont", "Anna Martin"),
        ({"state": ["blocked"]}, "Anna Martin", "Zoë Dupont"),
        ({"aggregated": "blocked"}, "Anna Martin", "Zoë Dupont"),
        ({"country": "DE"}, "Anna Martin", "Zoë Dupont"),
        ({"country": ["DE", "AT"]}, "Anna Martin", "Zoë Dupont"),
        ({"referral_code": "SPRING"}, "Zoë Dupont", "Anna Martin"),
        ({"created_by_agent": "agent-paris"}, "Anna Martin", "Zoë Dupont"),
        ({"created_by_agent": "agent-lyon, agent-paris"}, "Anna Martin", "Zoë Dupont"),
        ({"verification_level": ["2"]}, "Anna Martin", "Zoë Dupont"),
        ({"verification_status": ["identified"]}, "Anna Martin", "Zoë Dupont"),
    ],
)
def test_the_persons_filters(agent, params, found, missing):
    zoe = make_person("Zoë", "Dupont", email="zoe@example.fr", phone="+33612349999")
    anna = make_person("Anna", "Martin", email="anna@example.test", country="DE")
    Customer.objects.filter(pk=zoe.pk).update(referral_code="SPRING")
    Customer.objects.filter(pk=anna.pk).update(
        state=State.BLOCKED, verification_level=2, verification_status="identified", created_by_agent="agent-paris"
    )
    make_company("Zeta Corp")
    html = page_text(agent.get(reverse("customer-persons"), params))
    assert found in html and missing not in html


def test_the_tags_filter_and_the_id_filter(agent):
    vip = Tag.objects.create(name="VIP")
    zoe, anna = make_person("Zoë", "Dupont"), make_person("Anna", "Martin")
    zoe.tags.add(vip)
    html = page_text(agent.get(reverse("customer-persons"), {"tags": [vip.pk]}))
    assert "Zoë Dupont" in html and "Anna Martin" not in html
    html = page_text(agent.get(reverse("customer-persons"), {"id": anna.pk}))
    assert "Anna Martin" in html and "Zoë Dupont" not in html


def test_a_bad_filter_value_is_explained_next_to_its_field(agent):
    html = page_text(
        agent.get(reverse("customer-persons"), {"id": "abc", "since": "2026-02-01", "until": "2026-01-01"})
    )
    assert "Enter a whole number." in html
    assert "The end date is before the start date." in html
    assert "Correct the filters on the left" in html


def test_the_risk_level_is_a_filter_only_for_those_who_see_confidential_values(agent, officer):
    low = make_person("Low", "Risk")
    Customer.objects.filter(pk=low.pk).update(risk_level="low")
    make_person("High", "Risk")
    assert "Risk level" not in page_text(agent.get(reverse("customer-persons")))
    # A hand-written filter is ignored for them, rather than leaking which customers are high risk.
    assert "High Risk" in page_text(agent.get(reverse("customer-persons"), {"risk_level": ["low"]}))
    html = page_text(officer.get(reverse("customer-persons"), {"risk_level": ["low"]}))
    assert "Risk level" in html and "Low Risk" in html and "High Risk" not in html


def test_the_onboarding_list_shows_those_who_did_not_complete_it_unless_asked(agent):
    waiting = make_person("Waiting", "Onboarding")
    make_person("Done", "Onboarding")
    Customer.objects.filter(pk=waiting.pk).update(onboarding_completed=False)
    html = page_text(agent.get(reverse("customer-onboarding")))
    assert "Waiting Onboarding" in html and "Done Onboarding" not in html
    html = page_text(agent.get(reverse("customer-onboarding"), {"onboarding": "completed"}))
    assert "Done Onboarding" in html and "Waiting Onboarding" not in html


def test_every_column_sorts_and_the_next_page_follows_a_cursor(agent, settings):
    settings.LIST_PAGE_SIZE = 5
    for index in range(12):
        make_person("Anna", f"Name{chr(65 + index)}")
    first = agent.get(reverse("customer-persons"), {"sort": "name"})
    html = page_text(first)
    assert html.index("Anna NameA") < html.index("Anna NameE") and "Anna NameF" not in html
    assert "after=" in html
    next_url = first.context["page"].next_cursor
    second = page_text(agent.get(reverse("customer-persons"), {"sort": "name", "page": 2, "after": next_url}))
    assert "Anna NameF" in second and "Anna NameJ" in second and "Anna NameE" not in second
    for sort in ("id", "-name", "emails", "verification_status", "state", "aggregated", "status", "-created_at"):
        assert agent.get(reverse("customer-persons"), {"sort": sort}).status_code == 200


def test_an_export_masks_birth_dates_for_support_agents_and_is_audited(agent, officer):
    make_person("Zoë", "Dupont", birth_date="1985-04-12")
    columns = {"columns_action": "save", "columns": ["name", "birth_date"]}
    agent.post(reverse("customer-persons"), columns)
    officer.post(reverse("customer-persons"), columns)
    page = page_text(agent.get(reverse("customer-persons")))
    assert "1985 (age" in page and "1985-04-12" not in page, "masked on screen as in the export"
    response = agent.post(reverse("customer-persons") + "?first_name=zoe", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[header.index("Birth date")].startswith("1985 (age")
    assert "1985-04-12" not in ",".join(row)
    entry = AuditEntry.objects.get(action="customers.exported")
    assert entry.changes["filters"][1] == {"first_name": ["zoe"]}
    response = officer.post(reverse("customer-persons"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(officer.post(reverse("customer-persons"), {"export": "csv"}).streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert "1985-04-12" in rows[1]


# --- omnibox ---------------------------------------------------------------------------------


@pytest.fixture
def customers_to_find():
    zoe = make_person("Zoë", "Dupont", email="zoe.dupont@example.test", phone="+33612345678", user_tag="CRM-42")
    make_person("Anna", "Dupont", email="anna@example.test", phone="+4915112345678", public_id="anna.d")
    company = make_company("Société Générale des Eaux", representative=make_person("Marc", "Lefèvre"))
    return zoe, company


@pytest.mark.parametrize(
    "query",
    ["zoe.dupont@example.test", "+33 6 12 34 56 78", "06 12 34 56 78", "crm-42", "zoe dupont", "ZOË", "dupont zoe"],
)
def test_the_omnibox_jumps_to_the_one_customer_it_finds(agent, customers_to_find, query):
    zoe, _ = customers_to_find
    response = agent.get(reverse("search"), {"q": query})
    assert response.status_code == 302 and response.url == reverse("customer-profile", args=[zoe.pk])


def test_the_omnibox_finds_by_id_public_id_and_legal_name(agent, customers_to_find):
    zoe, company = customers_to_find
    assert agent.get(reverse("search"), {"q": str(zoe.pk)}).url.endswith(f"/customers/{zoe.pk}/")
    assert agent.get(reverse("search"), {"q": f"#{zoe.pk}"}).url.endswith(f"/customers/{zoe.pk}/")
    assert agent.get(reverse("search"), {"q": "anna.d"}).status_code == 302
    assert agent.get(reverse("search"), {"q": "societe generale"}).url.endswith(f"/customers/{company.pk}/")


def test_the_omnibox_groups_matches_and_highlights_the_field(agent, customers_to_find, django_assert_max_num_queries):
    # With an empty cache, the four-eyes rules and the top bar's overdue work (cached after).
    with django_assert_max_num_queries(12):
        response = agent.get(reverse("search"), {"q": "dupont"})
    html = page_text(response)
    assert "2 customers match" in html
    assert "Matched on email" in html
    assert "<mark>dupont</mark>" in html or "<mark>Dupont</mark>" in html


def suggestions(client, query):
    return client.get(reverse("search"), {"q": query, "suggest": "1"}, headers={"HX-Request": "true"})


def test_the_omnibox_suggests_customers_as_the_agent_types(agent, customers_to_find, django_assert_max_num_queries):
    zoe, _ = customers_to_find
    suggestions(agent, "zo")  # the first request after sign-in remembers the member's access in the session
    with django_assert_max_num_queries(3):  # the session, the staff member, one search
        response = suggestions(agent, "zoe dupont")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html, "a part of the page, not a page"
    assert html.count('role="option"') == 1 and f'data-href="{reverse("customer-profile", args=[zoe.pk])}"' in html
    assert "Zoë Dupont" in html, "one match is suggested, never a redirect as Enter's search does"
    html = suggestions(agent, "dupont").content.decode()
    assert html.count('role="option"') == 2 and "Anna Dupont" in html


def test_the_omnibox_suggestions_say_when_nothing_matches_and_wait_for_two_letters(agent, customers_to_find):
    assert "No customer matches “Xylophone”." in suggestions(agent, "Xylophone").content.decode()
    html = suggestions(agent, "z").content.decode()
    assert 'role="option"' not in html and "No customer" not in html, "one letter: nothing yet"
    assert suggestions(agent, "<script>").content.decode().count("<script>") == 0


def test_the_omnibox_suggestions_are_bounded_and_lead_to_every_match(agent):
    for number in range(12):
        make_person(f"Lena{number}", "Vantongeren")
    html = suggestions(agent, "vantongeren").content.decode()
    assert html.count('role="option"') == 8 + 1
    assert f'data-href="{reverse("search")}?q=vantongeren"' in html and "Every customer matching" in html


def test_the_omnibox_suggestions_are_refused_to_whoever_may_not_browse(signed_in, outsider):
    from django.test import Client

    anonymous = suggestions(Client(), "dupont")
    assert anonymous.status_code == 204 and anonymous["HX-Redirect"].startswith(reverse("login")), "the window moves"
    assert suggestions(signed_in(outsider), "dupont").status_code == 403


def test_the_omnibox_short_terms_match_exactly_or_by_prefix(agent, customers_to_find):
    html = page_text(agent.get(reverse("search"), {"q": "du"}))
    assert "2 customers match" in html  # the last names start with "du"
    html = page_text(agent.get(reverse("search"), {"q": "on"}))
    assert "No customer matches" in html  # not a prefix of any name: short terms do not search inside


def test_a_company_is_found_by_its_full_name_short_words_and_all(agent):
    company = make_company("Prystupa Sp. z o.o.")
    make_company("Prystupa Holding SA")  # the long word alone finds both
    for query in ("Prystupa Sp. z o.o.", "prystupa sp z o.o.", "Prystupa z"):
        response = agent.get(reverse("search"), {"q": query})
        assert response.status_code == 302 and response.url == reverse("customer-profile", args=[company.pk]), query
    assert "2 customers match" in page_text(agent.get(reverse("search"), {"q": "prystupa"}))
    # Short words still match the start of a word only: "Prystupa Sp. x" finds nobody.
    assert "No customer matches" in page_text(agent.get(reverse("search"), {"q": "Prystupa Sp. x"}))


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("Köberl", ["Koeberl", "Koberl", "Köberl", "KOEBERL"]),
        ("Koeberl", ["Koeberl", "Köberl"]),
        ("Müller", ["Mueller", "Muller", "Müller"]),
        ("Mueller", ["Müller"]),
        ("Straße", ["Strasse", "Straße"]),
        ("Strasse", ["Straße"]),
        ("Åsen", ["Aasen", "Asen", "Åsen"]),
        ("Aasen", ["Åsen"]),
        ("Sørensen", ["Soerensen", "Sorensen", "Sørensen"]),
        ("Soerensen", ["Sørensen"]),
        ("Jäger", ["Jaeger", "Jager"]),
    ],
)
def test_the_omnibox_finds_german_and_nordic_names_in_either_spelling(agent, name, queries):
    person = make_person("Anna", name)
    make_person("Bernd", "Keller")
    for query in queries:
        response = agent.get(reverse("search"), {"q": f"anna {query}"})
        assert response.status_code == 302 and response.url == reverse("customer-profile", args=[person.pk]), query


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"last_name": "Koeberl"}, {"Anna Köberl", "Hans Koeberl"}),
        ({"last_name": "koeb"}, {"Anna Köberl", "Hans Koeberl"}),
        ({"last_name": "Köberl"}, {"Anna Köberl", "Hans Koeberl", "Ida Koberl"}),
        ({"last_name": "Koberl"}, {"Anna Köberl", "Ida Koberl"}),
        ({"last_name": "Aasen"}, {"Ole Åsen", "Per Aasen"}),
        ({"last_name": "Åsen"}, {"Ole Åsen", "Per Aasen", "Kari Asen"}),
        ({"last_name": "Soerensen"}, {"Lars Sørensen", "Mette Soerensen"}),
        ({"last_name": "Bauer"}, {"Eva Bauer"}),  # "ue" is no umlaut here: not Baur
        ({"first_name": "Joerg"}, {"Jörg Weber"}),
        ({"first_name": "Jörg"}, {"Jörg Weber", "Jorg Weber"}),
    ],
)
def test_the_name_filters_find_german_and_nordic_names_in_either_spelling(agent, params, found):
    names = [
        ("Anna", "Köberl"),
        ("Hans", "Koeberl"),
        ("Ida", "Koberl"),
        ("Ole", "Åsen"),
        ("Per", "Aasen"),
        ("Kari", "Asen"),
        ("Lars", "Sørensen"),
        ("Mette", "Soerensen"),
        ("Nils", "Sorensen"),
        ("Eva", "Bauer"),
        ("Max", "Baur"),
        ("Jörg", "Weber"),
        ("Jorg", "Weber"),
    ]
    for first, last in names:
        make_person(first, last)
    html = page_text(agent.get(reverse("customer-persons"), params))
    assert {f"{first} {last}" for first, last in names if f"{first} {last}" in html} == found


def test_the_legal_name_filter_finds_a_transliterated_name(agent):
    make_company("Müller Bau GmbH")
    make_company("Muller Holding SA")
    html = page_text(agent.get(reverse("customer-companies"), {"legal_name": "Mueller"}))
    assert "Müller Bau GmbH" in html and "Muller Holding SA" not in html


def test_the_migration_adds_the_transliterated_spelling_to_existing_customers(agent):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("customers.migrations.0014_search_transliterated_names")
    koberl = make_person("Anna", "Köberl", email="anna@example.test", phone="+33612345678")
    plain = make_person("Bernd", "Keller")
    before = {customer.pk: customer.search_document for customer in (koberl, plain)}
    Customer.objects.filter(pk=koberl.pk).update(search_document="anna | köberl".replace("ö", "o"))  # as folded before
    migration.add_transliterated_spellings(apps, None)
    after = dict(Customer.objects.values_list("pk", "search_document"))
    assert after == before  # as the services write it today: names in both spellings, contacts kept
    assert "koeberl" in after[koberl.pk] and "612345678" in after[koberl.pk]
    assert agent.get(reverse("search"), {"q": "koeberl"}).url == reverse("customer-profile", args=[koberl.pk])


def test_the_migration_refolds_the_names_that_lower_casing_left_unfound(agent):
    """Before ``search.fold`` was a normal form, ς stayed ς and ǿ became ø: such customers are
    found by their own spellings once the migration has worked their columns out again."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("customers.migrations.0016_search_fold_normal_form")
    greek = make_person("Νίκος", "Παπαδόπουλος")
    danish = make_person("Anna", "Sǿrensen")
    plain = make_person("Bernd", "Keller")
    before = dict(Customer.objects.values_list("pk", "search_document"))
    Customer.objects.filter(pk=greek.pk).update(name_key="παπαδοπουλος\tνικος", search_document="νικος | παπαδοπουλος")
    Customer.objects.filter(pk=danish.pk).update(name_key="sørensen\tanna", search_document="anna | sørensen")
    migration.refold_search_columns(apps, None)
    after = dict(Customer.objects.values_list("pk", "search_document"))
    assert after == before and after[plain.pk] == before[plain.pk]
    assert agent.get(reverse("search"), {"q": "ΠΑΠΑΔΌΠΟΥΛΟΣ"}).url == reverse("customer-profile", args=[greek.pk])
    assert agent.get(reverse("search"), {"q": "Sørensen"}).url == reverse("customer-profile", args=[danish.pk])
    assert "Anna Sǿrensen" in page_text(agent.get(reverse("customer-persons"), {"last_name": "Sorensen"}))


def test_a_transliterated_query_highlights_the_name_it_found(agent):
    make_person("Anna", "Köberl")
    make_person("Hans", "Köberl")
    html = page_text(agent.get(reverse("search"), {"q": "koeberl"}))
    assert "2 customers match" in html and "<mark>Köberl</mark>" in html


def test_the_omnibox_says_when_nothing_matches(agent, customers_to_find):
    html = page_text(agent.get(reverse("search"), {"q": "nobody-at-all"}))
    assert "No customer matches “nobody-at-all”" in html


@pytest.mark.parametrize("matches", [10, 100])
def test_the_search_page_makes_the_same_queries_whatever_the_matches(agent, django_assert_num_queries, matches):
    """Session, user, device, permissions (2), the matches with their contacts (1 query), the
    viewer's roles (top bar), the four-eyes rules (the top bar asks whether the viewer may approve
    anything; cached after), the viewer's overdue work items (top bar; cached after) and the
    session save (3 statements)."""
    for index in range(matches):
        make_person("Anna", f"Kowalska{index:03d}")
    with django_assert_num_queries(12):
        response = agent.get(reverse("search"), {"q": "kowalska"})
    assert response.status_code == 200


def test_previous_walks_back_with_a_cursor_to_the_page_before(agent, settings):
    settings.LIST_PAGE_SIZE = 4
    for index in range(12):
        make_person("Anna", f"Name{chr(65 + index)}")
    url = reverse("customer-persons")
    page1 = agent.get(url, {"sort": "name"}).context["page"]
    page2 = agent.get(url, {"sort": "name", "page": 2, "after": page1.next_cursor}).context["page"]
    page3 = agent.get(url, {"sort": "name", "page": 3, "after": page2.next_cursor}).context["page"]
    assert [c.last_name for c in page3.object_list] == ["NameI", "NameJ", "NameK", "NameL"]
    back = agent.get(url, {"sort": "name", "page": 2, "before": page3.previous_cursor})
    assert [c.last_name for c in back.context["page"].object_list] == ["NameE", "NameF", "NameG", "NameH"]
    assert "before=" in page_text(agent.get(url, {"sort": "name", "page": 3, "after": page2.next_cursor}))
    # A cursor that does not decode falls back to the page number.
    assert agent.get(url, {"sort": "name", "page": 2, "after": "%%%"}).status_code == 200
    from backoffice.pagination import encode_cursor

    tampered = encode_cursor(["not a date", "x"])
    assert agent.get(url, {"page": 2, "after": tampered}).status_code == 200


def test_hidden_columns_do_not_sort_and_cursors_never_carry_them(agent, settings):
    import base64

    settings.LIST_PAGE_SIZE = 2
    for day in (1, 2, 3):
        make_person("Anna", f"Born{day}", birth_date=f"1980-01-0{day}")
    page = agent.get(reverse("customer-persons"), {"sort": "birth_date"}).context["page"]
    decoded = base64.urlsafe_b64decode(page.next_cursor + "==").decode()
    assert "1980" not in decoded  # the sort was ignored: the default order's cursor


def test_paging_by_creation_time_neither_repeats_nor_skips_rows_of_the_same_millisecond(agent, settings):
    from datetime import datetime, timedelta

    settings.LIST_PAGE_SIZE = 2
    start = datetime(2026, 1, 1, tzinfo=UTC)
    people = [make_person("Anna", f"Same{index}") for index in range(5)]
    for index, person in enumerate(people):
        Customer.objects.filter(pk=person.pk).update(created_at=start + timedelta(microseconds=index * 10))
    seen, params = [], {"sort": "created_at"}
    for number in range(1, 4):
        page = agent.get(reverse("customer-persons"), params).context["page"]
        seen += [customer.pk for customer in page.object_list]
        params = {"sort": "created_at", "page": number + 1, "after": page.next_cursor}
    assert seen == [person.pk for person in people]


@pytest.mark.parametrize("query", ["᧚", "٣٤٥٦٧٨", "%", "_", "'; --", "ß"])
def test_odd_searches_answer_without_error(agent, query):
    assert agent.get(reverse("search"), {"q": query}).status_code == 200


@pytest.mark.parametrize("links", [1, 8])
def test_the_profile_makes_the_same_queries_whatever_the_customer_holds(agent, django_assert_num_queries, links):
    """Session, user, device, permissions (2), the customer with its type and price list, its
    emails, phones, addresses, the names of its tags, access roles and groups (one query),
    relationships both ways (one query), the balances and the cards (financial summary), the
    last password-reset emails (with who sent them), the toolbar's counters (one query), the
    viewer's roles (top bar), the verification levels' names (cached after this first read), the
    panel settings (where the SCA devices show, whether the reset email is offered: one query for
    the whole request) and the session save. The board's strip reads nobody: its only profile is this one, read already.
    On PostgreSQL the customer, the toolbar's counts and the Profile tab's reads (contacts to
    cards, its type, price list and creator) go in one round trip."""
    company = make_company()
    for index in range(links):
        company.tags.add(Tag.objects.create(name=f"Tag {index}"))
    for index in range(links - 1):
        from tests.customers.factories import link

        link(company, make_person("Owner", f"Number{chr(65 + index)}"), percent="5")
    # +2 with an empty cache: the four-eyes rules and the viewer's overdue work items the top bar
    # reads (cached after).
    with django_assert_num_queries(14 if connection.vendor == "postgresql" else 23):
        response = agent.get(reverse("customer-profile", args=[company.pk]))
    assert response.status_code == 200
    # The tags by name (Tag 0, Tag 1, …), as their own ordering lists them.
    shown = re.findall(r'<span class="badge text-bg-info">([^<]+)</span>', response.content.decode())
    assert shown == sorted(f"Tag {index}" for index in range(links))


def test_a_page_number_typed_by_hand_shows_the_rows_of_that_page_in_order(agent, settings):
    settings.LIST_PAGE_SIZE = 3
    for index in range(8):
        make_person("Anna", f"Name{chr(65 + index)}")
    page = agent.get(reverse("customer-persons"), {"sort": "-name", "page": 2}).context["page"]
    assert [c.last_name for c in page.object_list] == ["NameE", "NameD", "NameC"] and page.has_next
    page = agent.get(reverse("customer-persons"), {"sort": "-name", "page": 3}).context["page"]
    assert [c.last_name for c in page.object_list] == ["NameB", "NameA"] and not page.has_next


# --- the omnibox's newest matches (issue 17) --------------------------------------------------


@pytest.fixture
def crowd():
    """Customers that a mid-frequency term (``zie``) and a two-letter one (``zi``) find, more than a
    page of them, created over a year in shuffled order, eleven in the same instant; one has forty
    emails, a document longer than ``customers_customer_search_newest`` holds."""
    from customers import search

    people = [
        make_person(f"Anna{index:02d}", ("Zielinski", "Zieba", "Dziedzic", "Mazzier")[index % 4]) for index in range(64)
    ]
    people.append(make_person("Ola", "Zimmer"))
    many = make_person("Ewa", "Kalinowska", other_emails=[f"ewa.zielona{n}@example-{n}.test" for n in range(40)])
    assert len(many.search_document.encode()) > search.INDEXED_DOCUMENT_BYTES  # what the test is about
    people.append(many)
    make_person("Bernd", "Keller")  # found by none of the terms
    order = list(range(len(people)))
    random.Random(4).shuffle(order)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for rank, person in zip(order, people, strict=True):
        # Every sixth in the same, newest instant: more than the suggestions list (the larger id
        # first among them).
        at = start + timedelta(days=rank * 5 if rank % 6 else 400)
        Customer.objects.filter(pk=person.pk).update(created_at=at)
    return Customer.objects.filter(pk__in=[person.pk for person in people])


FINDS = {
    "zie": lambda c: "zie" in c.last_name.lower() or c.last_name == "Kalinowska",  # her emails
    "zi": lambda c: c.last_name.lower().startswith("zi"),  # a short term: the start of the last name
    "dzie": lambda c: c.last_name == "Dziedzic",
    "anna zie": lambda c: c.first_name.startswith("Anna") and "zie" in c.last_name.lower(),
    "ewa zie": lambda c: c.first_name == "Ewa",
}

PLANS = {
    "the planner's choice": {},
    # On PostgreSQL, each of the subquery's two ways, whatever the planner would choose.
    "walking the newest first": {"enable_bitmapscan": "off", "enable_seqscan": "off"},
    "through the trigram and prefix indexes": {"enable_indexonlyscan": "off", "enable_indexscan": "off"},
}


def profiles_listed(html):
    return {int(pk) for pk in re.findall(r'(?:href|data-href)="/customers/(\d+)/"', html)}


@pytest.mark.parametrize("plan", sorted(PLANS))
@pytest.mark.parametrize("query", sorted(FINDS))
def test_the_omnibox_shows_the_newest_matches_whichever_index_finds_them(agent, crowd, query, plan):
    from django.db import connection

    if PLANS[plan] and connection.vendor != "postgresql":
        pytest.skip("the planner's ways are PostgreSQL's")
    with connection.cursor() as cursor:
        for name, value in PLANS[plan].items():
            cursor.execute(f"SET LOCAL {name} = {value}")
    matching = sorted(
        (customer for customer in crowd if FINDS[query](customer)), key=lambda c: (c.created_at, c.pk), reverse=True
    )
    assert matching, "the crowd has customers for every term"

    response = agent.get(reverse("search"), {"q": query})
    if len(matching) == 1:
        assert response.url == reverse("customer-profile", args=[matching[0].pk])
    else:
        html = page_text(response)
        assert ("More than 50 customers match" if len(matching) > 50 else f"{len(matching)} customers match") in html
        assert profiles_listed(html) == {customer.pk for customer in matching[:50]}

    html = suggestions(agent, query).content.decode()
    assert profiles_listed(html) == {customer.pk for customer in matching[:8]}


def test_on_postgresql_the_omnibox_walks_the_index_its_query_names():
    """The subquery repeats ``customers_customer_search_newest``'s predicate (migration 0017), or
    PostgreSQL could not use the index: a change to ``INDEXED_DOCUMENT_BYTES`` needs a migration."""
    from django.db import connection

    from customers import search
    from tests.conftest import require_service

    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    make_person("Anna", "Zielinski")
    sql, params = search.newest_matching(Customer.objects.all(), "zie", 51).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "customers_customer_search_newest" in plan, plan
