"""The strip of open profiles, and tabs whose number of queries does not grow with what the
customer holds."""

import html
import re

import pytest
from django.db import connection
from django.urls import reverse

from customers.choices import (
    AccountKind,
    BeneficiaryStatus,
    CardKind,
    CardStatus,
    KycLevel,
    NoteVisibility,
    RelationshipKind,
    ScaDeviceKind,
    ScaDeviceStatus,
    State,
    VerificationStatus,
)
from customers.models import (
    ApiKey,
    Customer,
    LegalAgreement,
    LegalAgreementEvent,
    TopUpCard,
    TwoFactorMethod,
)
from tests.customers.factories import link, make_company, make_person
from tests.customers.holdings import (
    add_transactions,
    make_account,
    make_beneficiary,
    make_card,
    make_device,
    make_note,
)
from tests.customers.pages import (
    HTMX,
    TAB_KEYS,
    tab_url,
    text,
)
from tests.helpers import count_queries, page_text

pytestmark = pytest.mark.django_db


# --- the board's strip of open profiles ---------------------------------------------------------------

STRIP_ITEM = re.compile(
    r'<a class="text-reset[^"]*" href="(?P<url>[^"]+)"[^>]*>\s*'
    r'<span class="profile-strip-name">(?P<name>[^<]*)</span>\s*'
    r'(?:<span class="badge[^"]*">(?P<badge>[^<]*)</span>)?'
)


def strip_of(response) -> list[tuple[str, str, str]]:
    """``(name, url, badge)`` of each profile in the strip, in order."""
    found = re.search(r'id="profile-strip">(.*?)</ul>', page_text(response))
    if not found:
        return []
    return [
        (html.unescape(m["name"]).strip(), m["url"], (m["badge"] or "").strip())
        for m in STRIP_ITEM.finditer(found.group(1))
    ]


def names_in_strip(client) -> list[str]:
    return [name for name, _, _ in strip_of(client.get(reverse("customer-list")))]


def test_opening_profiles_puts_them_on_the_strip(agent):
    anna, ben = make_person("Anna", "Alpha"), make_company("Beta Conseil SAS")
    assert names_in_strip(agent) == []
    agent.get(reverse("customer-profile", args=[anna.pk]))
    agent.get(reverse("customer-profile", args=[ben.pk]))
    agent.get(reverse("customer-profile", args=[anna.pk]))
    assert names_in_strip(agent) == ["Anna Alpha", "Beta Conseil SAS"]


def test_the_strip_keeps_the_last_ten_profiles(agent):
    people = [make_person("Person", f"Number{chr(65 + index)}") for index in range(11)]
    for customer in people:
        agent.get(reverse("customer-profile", args=[customer.pk]))
    shown = names_in_strip(agent)
    assert len(shown) == 10
    assert shown == [customer.display_name for customer in people[1:]]
    assert "Person NumberA" not in shown


def test_the_eleventh_profile_says_the_first_left_the_board(agent):
    people = [make_person("Person", f"Number{chr(65 + index)}") for index in range(11)]
    for customer in people[:10]:
        agent.get(reverse("customer-profile", args=[customer.pk]))
    assert "left the board" not in text(agent.get(reverse("customer-profile", args=[people[9].pk])))
    page = text(agent.get(reverse("customer-profile", args=[people[10].pk])))
    assert "The profile opened first left the board: it holds 10 at most." in page


def test_a_profile_out_of_the_viewers_scope_leaves_the_board(agent, monkeypatch):
    anna, ben = make_person("Anna", "Scope"), make_person("Ben", "Scope")
    for customer in (anna, ben):
        agent.get(reverse("customer-profile", args=[customer.pk]))
    from customers.selectors import board as board_selectors

    visible = board_selectors.customers_visible_to
    monkeypatch.setattr(board_selectors, "customers_visible_to", lambda user: visible(user).exclude(pk=anna.pk))
    assert names_in_strip(agent) == ["Ben Scope"]
    monkeypatch.undo()
    assert names_in_strip(agent) == ["Ben Scope"]  # gone from the session too, not only hidden


def test_closing_from_a_filtered_list_keeps_its_filters(agent):
    anna = make_person("Anna", "Filter")
    agent.get(reverse("customer-profile", args=[anna.pk]))
    current = reverse("customer-persons") + "?last_name=filter&sort=-name"
    response = agent.post(reverse("customer-close", args=[anna.pk]), {"current": current})
    assert response.url == current
    # An absolute URL back to the closed profile does not reopen it.
    response = agent.post(
        reverse("customer-close", args=[anna.pk]),
        {"current": "http://testserver" + reverse("customer-profile", args=[anna.pk])},
    )
    assert response.url == reverse("customer-list")


def test_closing_a_profile_takes_it_off_the_strip(agent):
    anna, ben, cleo = (make_person(first, "Strip") for first in ("Anna", "Ben", "Cleo"))
    for customer in (anna, ben, cleo):
        agent.get(reverse("customer-profile", args=[customer.pk]))
    response = agent.post(reverse("customer-close", args=[ben.pk]), {"current": reverse("customer-list")})
    assert response.status_code == 302 and response.url == reverse("customer-list")
    assert names_in_strip(agent) == ["Anna Strip", "Cleo Strip"]
    # Closing the profile on screen shows the next one still open.
    response = agent.post(
        reverse("customer-close", args=[anna.pk]), {"current": reverse("customer-tab", args=[anna.pk, "cards"])}
    )
    assert response.url == reverse("customer-profile", args=[cleo.pk])
    assert names_in_strip(agent) == ["Cleo Strip"]
    assert agent.get(reverse("customer-close", args=[cleo.pk])).status_code == 405


def test_the_strip_shows_each_customers_name_and_aggregated_status(agent):
    pending = make_person("Paula", "Pending")
    identified = make_person("Ivan", "Identified")
    blocked = make_person("Bruno", "Blocked")
    Customer.objects.filter(pk=identified.pk).update(verification_status=VerificationStatus.IDENTIFIED)
    Customer.objects.filter(pk=blocked.pk).update(state=State.BLOCKED)
    for customer in (pending, identified, blocked):
        agent.get(reverse("customer-profile", args=[customer.pk]))
    strip = strip_of(agent.get(reverse("customer-list")))
    assert [(name, badge) for name, _, badge in strip] == [
        ("Paula Pending", "Pending"),
        ("Ivan Identified", "Active"),
        ("Bruno Blocked", "Blocked"),
    ]


def test_the_strip_remembers_the_tab_last_shown(agent, person):
    other = make_person("Other", "Person")
    agent.get(reverse("customer-profile", args=[person.pk]))
    agent.get(tab_url(person, "sca-devices"), **HTMX)
    agent.get(reverse("customer-profile", args=[other.pk]))
    strip = {name: url for name, url, _ in strip_of(agent.get(reverse("customer-list")))}
    assert strip == {
        "Zoë Dupont": tab_url(person, "sca-devices"),
        "Other Person": reverse("customer-profile", args=[other.pk]),
    }
    agent.get(tab_url(person, "notes"))
    strip = {name: url for name, url, _ in strip_of(agent.get(reverse("customer-list")))}
    assert strip["Zoë Dupont"] == tab_url(person, "notes")


# --- queries: a tab costs the same whatever the customer holds ------------------------------------------


def hold_a_little(customer, staff):
    account = make_account(customer)
    add_transactions(account, 1)
    card = make_card(customer, account)
    TopUpCard.objects.create(
        customer=customer, brand="Visa", masked_pan="4970 10•• •••• 1234", expiry_month=1, expiry_year=2030
    )
    make_beneficiary(customer, linked_by=staff)
    make_device(customer)
    make_note(customer, staff)
    TwoFactorMethod.objects.create(customer=customer, kind="totp", label="Authenticator")
    ApiKey.objects.create(customer=customer, name="ERP", prefix="sk_live_abc")
    agreement = LegalAgreement.objects.create(customer=customer, title="Terms", version="1")
    LegalAgreementEvent.objects.create(agreement=agreement, action="presented", channel="web")
    return account, card


def hold_a_lot(customer, staff, compliance):
    from customers import services

    accounts = [
        make_account(customer, primary=index == 0, kind=kind, name=f"Account {index}")
        for index, kind in enumerate((AccountKind.CURRENT, AccountKind.EMONEY, AccountKind.VAULT, AccountKind.CURRENT))
    ]
    for account in accounts:
        add_transactions(account, 300)
    joint = make_account(make_person("Joint", "Owner"), name="Joint account")
    joint.holders.add(customer)
    for index, status in enumerate((CardStatus.ACTIVE, CardStatus.INACTIVE, CardStatus.LOCKED, CardStatus.EXPIRED)):
        make_card(customer, accounts[index % 2], status=status, kind=(CardKind.PHYSICAL, CardKind.VIRTUAL)[index % 2])
    lost = make_card(customer, accounts[0], status=CardStatus.LOST)
    services.reissue_card(actor=staff, card=lost, reason="Replacement")
    for index in range(8):
        make_beneficiary(
            customer,
            iban=str(make_iban(index)),
            name=f"Holder {index}",
            usage_count=index,
            linked_by=staff if index % 2 else None,
            status=BeneficiaryStatus.DEACTIVATED if index == 3 else BeneficiaryStatus.ACTIVATED,
        )
    make_device(customer)
    make_device(customer, status=ScaDeviceStatus.PASSCODE_MISSING)
    make_device(customer, status=ScaDeviceStatus.LOCKED, kind=ScaDeviceKind.WEB)
    make_device(customer, kind=ScaDeviceKind.WEB)
    deleted = make_device(customer)
    services.delete_sca_device(actor=compliance, device=deleted, reason="Changed phones")
    for index in range(12):
        make_note(
            customer,
            compliance if index % 3 == 0 else staff,
            body=f"Note number {index}",
            visibility=NoteVisibility.COMPLIANCE if index % 3 == 0 else NoteVisibility.EVERYONE,
            is_pinned=index in (4, 7),
        )
    for index in range(3):
        TopUpCard.objects.create(
            customer=customer, brand="Visa", masked_pan=f"4970 10•• •••• 00{index}0", expiry_month=1, expiry_year=2030
        )
        TwoFactorMethod.objects.create(customer=customer, kind="sms", label=f"+33 6 •• •• •• 0{index}")
        ApiKey.objects.create(customer=customer, name=f"Key {index}", prefix=f"sk_{index}")
        agreement = LegalAgreement.objects.create(customer=customer, title=f"Document {index}", version="2")
        for action in ("presented", "accepted"):
            LegalAgreementEvent.objects.create(agreement=agreement, action=action, channel="app")
    return accounts[0]


def make_iban(index: int):
    from schwifty import IBAN

    return IBAN.generate("DE", bank_code="37040044", account_code=f"{9000 + index:010d}")


@pytest.fixture
def small_and_big(support_agent, compliance_officer):
    """Two companies: one holding a little of everything, one holding much more of everything."""
    small = make_company("Small Holdings SARL")
    hold_a_little(small, support_agent)
    big = make_company("Big Holdings SA")
    for index in range(4):
        link(big, make_person("Owner", f"Number{chr(65 + index)}"), percent="10")
    link(big, make_person("Diane", "Director"), kind=RelationshipKind.DIRECTOR)
    link(make_company("Parent Group SA"), big, percent="60")
    Customer.objects.filter(pk=big.pk).update(kyc_level=KycLevel.REGULAR)  # cards need it (seed 002)
    big.refresh_from_db()
    hold_a_lot(big, support_agent, compliance_officer)
    return small, big


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "full-page"])
@pytest.mark.parametrize("tab", TAB_KEYS)
@pytest.mark.parametrize("viewer", ["agent", "officer"])
def test_a_tab_makes_the_same_queries_whatever_the_customer_holds(
    request, django_assert_num_queries, small_and_big, tab, partial, viewer
):
    client = request.getfixturevalue(viewer)
    small, big = small_and_big
    headers = HTMX if partial else {}
    # Both on the board first: each page then reads the other one for the strip (its own
    # customer it has read already).
    client.get(tab_url(big, tab), **headers)
    expected = count_queries(client, tab_url(small, tab), **headers)
    client.get(tab_url(big, tab), **headers)
    with django_assert_num_queries(expected):
        response = client.get(tab_url(big, tab), **headers)
    assert response.status_code == 200
    assert ("<html" in response.content.decode()) is not partial


@pytest.mark.parametrize("viewer", ["agent", "officer"])
def test_an_account_page_makes_the_same_queries_whatever_its_history(request, django_assert_num_queries, viewer):
    """10 transactions fit on the first page, so their total needs no count. Any longer history
    adds the bounded COUNT (at most 1 001 rows) and, past 1 000 rows on PostgreSQL, the planner's
    estimate (``backoffice.pagination``): a fixed cost, whether 3 000 rows or 3 million."""
    client = request.getfixturevalue(viewer)
    short, long = make_person("Short", "History"), make_person("Long", "History")
    short_account, long_account = make_account(short), make_account(long)
    add_transactions(short_account, 10)
    add_transactions(long_account, 3_000)
    expected = count_queries(client, reverse("customer-account", args=[short.pk, short_account.pk]))
    counting = 1 + (connection.vendor == "postgresql")
    url = reverse("customer-account", args=[long.pk, long_account.pk])
    client.get(url)
    with django_assert_num_queries(expected + counting):
        response = client.get(url)
    page = text(response)
    assert "Operation 2999" in page and "Operation 2949" not in page


def test_the_account_page_lists_its_transactions(agent, person, account):
    add_transactions(account, 3)
    page = text(agent.get(reverse("customer-account", args=[person.pk, account.pk])))
    assert "Operation 2" in page and "−12.50 EUR" in page and "+12.50 EUR" in page


# --- each tab is rendered once ----------------------------------------------------------------------


@pytest.mark.parametrize("partial", [False, True], ids=["page", "htmx"])
def test_every_tab_template_is_rendered_once(client, signed_in, administrator, partial):
    """The board renders the tab's template into the page; rendering it a second time (once to
    check for a redirect, once for its content) doubled the cost of every profile page."""
    from django.utils.module_loading import import_string

    from backoffice.tabs import profile_tabs

    customer = make_person()
    signed_in(administrator)
    headers = HTMX if partial else {}
    for tab in profile_tabs.visible_to(administrator):
        template = import_string(tab.view).template_name
        url = reverse("customer-profile", args=[customer.pk]) if tab.key == "profile" else tab_url(customer, tab.key)
        response = client.get(url, **headers)
        assert response.status_code == 200, tab.key
        rendered = [t.name for t in response.templates if t.name == template]
        assert rendered == [template], f"the {tab.key} tab's template was rendered {len(rendered)} times"


def test_the_strip_reads_only_the_customers_the_page_has_not_read(agent):
    """A profile has read its own customer: alone on the board, the strip reads nobody more; with
    another profile open, it reads that one, in one query, whatever its name or status now."""
    anna, ben = make_person("Anna", "Reads"), make_person("Ben", "Reads")
    profile = reverse("customer-profile", args=[anna.pk])
    agent.get(profile)
    alone = count_queries(agent, profile)
    agent.get(reverse("customer-profile", args=[ben.pk]))
    Customer.objects.filter(pk=ben.pk).update(last_name="Renamed")
    assert count_queries(agent, profile) == alone + 1
    assert names_in_strip(agent) == ["Anna Reads", "Ben Renamed"]
