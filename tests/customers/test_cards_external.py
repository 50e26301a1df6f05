"""Linking a card from another bank by hand (S "manually link an external card", issue 21): the
Cards tab's Actions drop-down, the form's checks next to each field, the number never kept or
audited whole, the refusals, and unlinking."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry
from customers.choices import Status
from customers.models import Customer, TopUpCard
from customers.services.topup_cards import brand_of, card_digits, link_topup_card, masked_pan, unlink_topup_card
from tests.customers.pages import assert_redirects_to_tab, assert_sent_back_with, field_error, tab_url, text

pytestmark = pytest.mark.django_db

VISA = "4111 1111 1111 1111"
NEXT_YEAR = timezone.localdate().year + 1
VALID = {"number": VISA, "brand": "", "expiry": f"06/{NEXT_YEAR % 100:02d}", "holder_name": "Zoë Dupont"}


def link_url(customer):
    return reverse("customer-topup-card-link", args=[customer.pk])


def everything_kept() -> str:
    """Every row and audit entry the link could have written, as text: the number must not be in it."""
    rows = list(TopUpCard.objects.values()) + list(AuditEntry.objects.values()) + list(ApprovalRequest.objects.values())
    return json.dumps(rows, default=str)


def test_the_cards_tab_offers_the_link_in_its_actions_drop_down(agent, person, account):
    page = text(agent.get(tab_url(person, "cards")))
    assert "Actions" in page and "Link an external card" in page and "Issue a card" in page
    assert link_url(person) in page


def test_linking_a_card_keeps_its_first_six_and_last_four_digits_only(agent, support_agent, person, account):
    page = text(agent.get(link_url(person)))
    assert "Only the card's first six and last four digits are kept" in page and "Link the card" in page
    response = agent.post(link_url(person), VALID)
    assert_redirects_to_tab(response, person, "cards")
    card = TopUpCard.objects.get()
    assert (card.brand, card.masked_pan, card.expiry_month, card.expiry_year) == (
        "Visa",
        "4111 11•• •••• 1111",
        6,
        NEXT_YEAR,
    )
    assert card.holder_name == "Zoë Dupont" and card.linked_by == support_agent
    entry = AuditEntry.objects.get(action="customers.topup_card.linked")
    assert entry.actor == support_agent and entry.customer_id == person.pk
    assert entry.changes["masked_pan"] == [None, "4111 11•• •••• 1111"]
    assert "4111111111111111" not in everything_kept() and VISA not in everything_kept()
    page = text(agent.get(response.url))
    assert "The card is linked" in page and "4111 11•• •••• 1111" in page and f"linked by {support_agent}" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"number": "4111 1111 1111 1112"}, "number", "its last digit does not match the others"),
        ({"number": "4111 1111 111"}, "number", "A card number has 12 to 19 digits; this one has 11."),
        ({"number": "4111-1111-abcd-1111"}, "number", "Type the card number in digits only"),
        ({"number": "４１１１１１１１１１１１１１１１"}, "number", "Type the card number in digits only"),
        ({"expiry": "13/30"}, "expiry", "Type the expiry as MM/YY"),
        ({"expiry": "01/20"}, "expiry", "This card expired at the end of 01/20"),
        ({"expiry": "01/2090"}, "expiry", "No card is valid until 2090"),
        ({"holder_name": "Zoë 2"}, "holder_name", "has a number in it"),
        ({"holder_name": ""}, "holder_name", "This field is required."),
        ({"brand": "Mastercard"}, "brand", "This number is a Visa card's"),
        ({"number": "9000 0000 0000 0001"}, "brand", "name no brand we know: choose the brand"),
    ],
)
def test_bad_input_is_said_next_to_the_field_and_links_nothing(agent, person, account, changes, field, message):
    response = agent.post(link_url(person), {**VALID, **changes})
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert (
        not TopUpCard.objects.exists() and not AuditEntry.objects.filter(action__startswith="customers.topup").exists()
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"expiry": "13/99"},
        {"expiry": "06/20"},
        {"holder_name": "J0HN"},
        {"brand": "Mastercard"},
        {"number": "4111 1111 1111 1112"},
        {"number": "4111-1111-1111-1111", "holder_name": ""},
    ],
)
def test_a_page_shown_again_over_an_error_never_holds_the_whole_card_number(agent, person, account, changes):
    """PCI DSS (review 21c M2): the number's field comes back empty, with the reason, whatever the error."""
    typed = {**VALID, **changes}["number"]
    response = agent.post(link_url(person), {**VALID, **changes})
    body = response.content.decode()
    for whole in (typed, card_digits(typed), VISA, "4111111111111111"):
        assert whole not in body, f"{whole} is sent back to the browser"
    assert "For your security the number is not kept: type it again." in text(response)
    assert re.search(r'<input[^>]*name="number"[^>]*>', body) and not re.search(
        r'<input[^>]*name="number"[^>]*value=', body
    )


def test_a_card_linked_already_is_said_without_its_whole_number(agent, person, account):
    agent.post(link_url(person), VALID)
    response = agent.post(link_url(person), VALID)
    assert "This card is linked to the customer already" in field_error(response, "number")
    assert VISA not in response.content.decode() and "4111111111111111" not in response.content.decode()


def test_a_number_whose_brand_is_unknown_is_linked_with_the_brand_chosen(agent, person, account):
    response = agent.post(link_url(person), {**VALID, "number": "9000 0000 0000 0001", "brand": "UnionPay"})
    assert_redirects_to_tab(response, person, "cards")
    assert TopUpCard.objects.get().brand == "UnionPay"


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4111111111111111", "Visa"),
        ("5555555555554444", "Mastercard"),
        ("2223003122003222", "Mastercard"),
        ("378282246310005", "American Express"),
        ("6011111111111117", "Discover"),
        ("3530111333300000", "JCB"),
        ("6200000000000005", "UnionPay"),
        ("30569309025904", "Diners Club"),
        ("6759649826438453", "Maestro"),
        ("9000000000000001", ""),
    ],
)
def test_the_brand_is_read_off_the_first_digits(number, brand):
    assert brand_of(number) == brand
    assert masked_pan(number) == f"{number[:4]} {number[4:6]}•• •••• {number[-4:]}"


def test_the_same_card_is_not_linked_twice(agent, person, account):
    agent.post(link_url(person), VALID)
    response = agent.post(link_url(person), {**VALID, "number": "4111111111111111"})
    assert "This card is linked to the customer already (4111 11•• •••• 1111" in field_error(response, "number")
    assert TopUpCard.objects.count() == 1


def test_a_deactivated_customer_offers_no_link_and_the_page_and_service_refuse(agent, support_agent, person):
    Customer.objects.filter(pk=person.pk).update(status=Status.CANCELED)
    person.refresh_from_db()
    assert link_url(person) not in text(agent.get(tab_url(person, "cards")))
    response = agent.post(link_url(person), VALID)
    assert response.status_code == 302 and not TopUpCard.objects.exists()
    with pytest.raises(DomainError, match="deactivated"):
        link_topup_card(
            actor=support_agent,
            customer=person,
            brand="Visa",
            masked_pan="4111 11•• •••• 1111",
            expiry_month=6,
            expiry_year=NEXT_YEAR,
            holder_name="Zoë Dupont",
        )


def test_the_service_refuses_a_whole_number_and_an_expired_card(support_agent, person):
    arguments = {"brand": "Visa", "expiry_month": 6, "expiry_year": NEXT_YEAR, "holder_name": "Zoë Dupont"}
    with pytest.raises(DomainError, match="first six and last four"):
        link_topup_card(actor=support_agent, customer=person, masked_pan="4111111111111111", **arguments)
    with pytest.raises(DomainError, match="expired"):
        link_topup_card(
            actor=support_agent,
            customer=person,
            masked_pan="4111 11•• •••• 1111",
            **{**arguments, "expiry_year": 2020},
        )
    assert not TopUpCard.objects.exists()


def test_a_role_without_the_card_permission_gets_no_page(signed_in, outsider, person):
    assert signed_in(outsider).get(link_url(person)).status_code == 403


# --- unlinking -----------------------------------------------------------------------------------


@pytest.fixture
def linked(support_agent, person):
    return link_topup_card(
        actor=support_agent,
        customer=person,
        brand="Visa",
        masked_pan="4111 11•• •••• 1111",
        expiry_month=6,
        expiry_year=NEXT_YEAR,
        holder_name="Zoë Dupont",
    )


def test_unlinking_a_card_keeps_it_for_the_history_and_audits_the_reason(agent, support_agent, person, linked):
    url = reverse("customer-topup-card-unlink", args=[person.pk, linked.pk])
    assert url in text(agent.get(tab_url(person, "cards")))
    assert "can no longer top up with this card" in text(agent.get(url))
    assert "This field is required." in field_error(agent.post(url, {"reason": ""}), "reason")
    response = agent.post(url, {"reason": "The customer closed that bank account"})
    assert_redirects_to_tab(response, person, "cards")
    linked.refresh_from_db()
    assert linked.unlinked_at is not None and linked.unlinked_by == support_agent
    entry = AuditEntry.objects.get(action="customers.topup_card.unlinked")
    assert entry.reason == "The customer closed that bank account" and entry.changes == {"linked": [True, False]}
    page = text(agent.get(response.url))
    assert "The card is unlinked." in page and "4111 11•• •••• 1111" not in page
    assert_sent_back_with(agent, agent.get(url), person, "cards", "This card is unlinked already.")
    with pytest.raises(DomainError, match="unlinked already"):
        unlink_topup_card(actor=support_agent, card=linked, reason="again")


def test_a_card_unlinked_can_be_linked_again(agent, person, linked, support_agent):
    unlink_topup_card(actor=support_agent, card=linked, reason="by mistake")
    assert_redirects_to_tab(agent.post(link_url(person), VALID), person, "cards")
    assert TopUpCard.objects.filter(unlinked_at__isnull=True).count() == 1


def test_another_customers_card_is_out_of_reach(agent, person, linked):
    from tests.customers.factories import make_person

    other = make_person("Other", "Person")
    url = reverse("customer-topup-card-unlink", args=[other.pk, linked.pk])
    assert agent.get(url).status_code == 404
