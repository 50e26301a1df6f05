"""The columns each staff member chooses for a list ("Columns", like NetBox's table configuration):
kept per staff member and list, the export writing what the screen shows, the linking column
always there, and one query per page to read the choice."""

import csv
import io
import re

import pytest
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry, TableConfiguration
from backoffice.services import configure_table_columns, reset_table_columns
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

PERSONS = "customer-persons"
PERSONS_DEFAULT = ["ID", "Name", "Emails", "Verification status", "State", "Created at", "Actions"]
HTMX = {"HX-Request": "true", "HX-Target": "list-results"}


def headers(response) -> list[str]:
    """The table's column headers, as the staff member reads them."""
    thead = re.search(r"<thead.*?</thead>", response.content.decode(), re.S).group(0)
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', thead, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def exported(client, url_name, query="") -> list[list[str]]:
    response = client.post(reverse(url_name) + query, {"export": "csv"})
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def zoe():
    return make_person("Zoë", "Dupont", email="zoe@example.test", phone="+33612345678", birth_date="1985-04-12")


def choose(client, url_name, *columns, query="", **kwargs):
    return client.post(reverse(url_name) + query, {"columns_action": "save", "columns": list(columns)}, **kwargs)


def test_a_list_shows_its_default_columns_and_offers_the_others(agent, zoe):
    response = agent.get(reverse(PERSONS))
    assert headers(response) == PERSONS_DEFAULT
    page = page_text(response)
    assert "Columns" in page and "Reset to default" in page
    # Hidden by default, offered unticked: the phones, the birth date...
    assert re.search(r'id="column-phones" name="columns" value="phones">', page)
    assert re.search(r'id="column-emails" name="columns" value="emails" checked>', page)
    # ... and the name, which opens the profile, cannot be unticked.
    assert re.search(r'id="column-name" checked disabled>', page) and "(always)" in page


def test_saved_columns_are_what_the_list_and_its_export_show_in_that_order(agent, zoe):
    response = choose(agent, PERSONS, "created_at", "name", "phones", query="?first_name=zo")
    assert response.status_code == 302 and response.url == reverse(PERSONS) + "?first_name=zo", "back to the list"
    response = agent.get(response.url)
    assert headers(response) == ["Created at", "Name", "Phones"]
    assert "+33612345678" in page_text(response) and "zoe@example.test" not in page_text(response)
    assert "Your columns for this list are saved." in messages_of(response)
    rows = exported(agent, PERSONS)
    assert rows[0] == ["Created at", "Name", "Phones"]
    assert rows[1][1:] == ["Zoë Dupont", "'+33612345678"]  # a + starts a formula: neutralised
    entry = AuditEntry.objects.get(action="staff.table.configured")
    assert entry.actor_label == "sam" and entry.changes["table"] == [None, PERSONS]
    assert entry.changes["columns"] == [None, ["created_at", "name", "phones"]]


def test_reset_shows_the_default_columns_again(agent, zoe):
    choose(agent, PERSONS, "name", "phones")
    response = agent.post(reverse(PERSONS), {"columns_action": "reset"}, follow=True)
    assert headers(response) == PERSONS_DEFAULT
    assert "The list shows its default columns again." in page_text(response)
    assert not TableConfiguration.objects.exists()
    assert exported(agent, PERSONS)[0] == ["ID", "Name", "Emails", "Verification status", "State", "Created at"]
    assert AuditEntry.objects.filter(action="staff.table.configured").count() == 2


def test_choosing_the_defaults_again_keeps_no_row(agent, zoe):
    choose(agent, PERSONS, "id", "name", "emails", "verification_status", "state", "created_at", "actions")
    assert not TableConfiguration.objects.exists() and not AuditEntry.objects.filter(action="staff.table.configured")


def test_each_staff_member_and_each_list_keeps_its_own_columns(agent, officer, zoe):
    choose(agent, PERSONS, "name", "phones")
    assert headers(officer.get(reverse(PERSONS))) == PERSONS_DEFAULT, "another staff member is unaffected"
    assert headers(agent.get(reverse("customer-list"))) == [
        "ID",
        "Name",
        "Type",
        "Emails",
        "Aggregated",
        "Created at",
        "Actions",
    ], "another list is unaffected"
    choose(officer, PERSONS, "birth_date", "name")
    assert headers(officer.get(reverse(PERSONS))) == ["Birth date", "Name"]
    assert headers(agent.get(reverse(PERSONS))) == ["Name", "Phones"]


def test_unknown_columns_are_ignored_and_said_so(agent, zoe):
    response = choose(agent, PERSONS, "name", "password_hash", "kind")  # kind: not a column of Persons
    messages = messages_of(agent.get(response.url))
    assert "This list has no column named password_hash, kind: ignored." in messages
    assert headers(agent.get(reverse(PERSONS))) == ["Name"]


def test_the_linking_column_cannot_be_hidden(agent, zoe):
    response = choose(agent, PERSONS, "phones", "created_at")
    assert "“Name” cannot be hidden: it stays in the list." in messages_of(agent.get(response.url))
    assert headers(agent.get(reverse(PERSONS))) == ["Name", "Phones", "Created at"]
    assert TableConfiguration.objects.get().columns == ["name", "phones", "created_at"]


def test_nothing_but_unknown_names_keeps_the_linking_column(agent, zoe):
    choose(agent, PERSONS, "nonsense")
    assert headers(agent.get(reverse(PERSONS))) == ["Name"]


def test_a_list_without_a_column_it_cannot_lose_refuses_an_empty_choice(support_agent):
    with pytest.raises(DomainError, match="Choose at least one column"):
        configure_table_columns(actor=support_agent, table="t", columns=["x"], available=["a", "b"])
    reset_table_columns(actor=support_agent, table="t")  # nothing to reset: nothing written
    assert not AuditEntry.objects.exists()


def test_the_arrows_move_a_column_and_keep_the_ticks(agent, zoe):
    order = ["id", "name", "emails", "verification_status", "state", "created_at", "actions", "phones"]
    ticked = ["name", "emails", "created_at", "phones"]
    agent.post(reverse(PERSONS), {"order": order, "columns": ticked, "move": "up:created_at"})
    assert headers(agent.get(reverse(PERSONS))) == ["Name", "Created at", "Emails", "Phones"]
    agent.post(
        reverse(PERSONS), {"order": ["name", "created_at", "emails", "phones"], "columns": ticked, "move": "down:name"}
    )
    assert headers(agent.get(reverse(PERSONS))) == ["Created at", "Name", "Emails", "Phones"]


def test_with_htmx_the_results_come_back_with_the_message(agent, zoe):
    response = choose(agent, PERSONS, "name", "state", headers=HTMX)
    page = page_text(response)
    assert page.lstrip().startswith('<div id="list-results"') and "<html" not in page
    assert "Your columns for this list are saved." in page
    assert headers(response) == ["Name", "State"]


def test_hidden_by_default_columns_show_masked_data_as_the_export_does(agent, officer, zoe):
    choose(agent, PERSONS, "name", "birth_date")
    choose(officer, PERSONS, "name", "birth_date")
    assert "1985 (age" in page_text(agent.get(reverse(PERSONS)))
    assert "1985-04-12" not in page_text(agent.get(reverse(PERSONS)))
    assert "1985-04-12" in page_text(officer.get(reverse(PERSONS)))


def test_every_filtered_list_offers_columns(signed_in, administrator):
    client = signed_in(administrator)
    for url_name in ("staff-list", "audit-list", "customer-list", "customer-companies", "customer-onboarding"):
        assert 'class="columns-control"' in client.get(reverse(url_name)).content.decode(), url_name


def test_the_staff_list_keeps_the_username(signed_in, administrator):
    client = signed_in(administrator)
    choose(client, "staff-list", "email", "roles")
    assert headers(client.get(reverse("staff-list"))) == ["Username", "Email address", "Roles"]
    assert exported(client, "staff-list")[0] == ["Username", "Email address", "Roles"]


def test_reading_the_choice_costs_the_same_one_query_whatever_is_chosen(agent, zoe, django_assert_num_queries):
    from tests.helpers import count_queries

    agent.get(reverse(PERSONS))  # fills the cache of dictionary choices
    with_defaults = count_queries(agent, reverse(PERSONS))
    choose(agent, PERSONS, "name", "phones", "birth_date", "country", "verification_level")
    agent.get(reverse(PERSONS))  # the message of the save
    with django_assert_num_queries(with_defaults):
        response = agent.get(reverse(PERSONS))
    assert headers(response) == ["Name", "Phones", "Birth date", "Country", "Verification level"]


def test_an_accounts_transactions_offer_the_counterparty_iban_masked_for_support_agents(agent, zoe):
    from tests.customers.holdings import IBANS, add_transactions, make_account

    account = make_account(zoe)
    add_transactions(account, 3)
    account.transactions.update(counterparty_iban=IBANS[1])
    url = reverse("customer-account", args=[zoe.pk, account.pk])
    assert "Counterparty IBAN" not in headers(agent.get(url))
    agent.post(url, {"columns_action": "save", "columns": ["booked_at", "counterparty_iban"]})
    response = agent.get(url)
    assert headers(response) == ["Date", "Amount", "Counterparty IBAN"], "the date and the amount stay"
    assert "DE89 •••• 3000" in page_text(response) and IBANS[1] not in page_text(response)
    response = agent.post(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Amount", "Counterparty IBAN"] and rows[1][2] == "DE89 •••• 3000"
