"""A physical card on its way to the customer (S card fulfilment, "expedite shipment", issue 21)
and every card's public token (T ``publicToken``): set when a card is issued or reissued, shown in
the Cards tab, the Addresses tab and /cards/, filtered there; expediting through either tab,
audited, refused once shipped or for a virtual card."""

import re
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers.choices import CardKind, CardShipping, CardStatus, ShippingMethod, Status
from customers.models import Card, Customer
from customers.services import cards as card_services
from customers.services.cards import expedite_card_shipment, expedite_refusal, issue_card, reissue_card
from tests.customers.factories import make_person
from tests.customers.holdings import make_account, make_card
from tests.customers.pages import assert_redirects_to_tab, assert_sent_back_with, field_error, tab_url, text
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def expedite_url(card):
    return reverse("customer-card-expedite", args=[card.customer_id, card.pk])


@pytest.fixture
def ordered(person, account):
    return make_card(person, account, status=CardStatus.INACTIVE, shipping_status=CardShipping.ORDERED)


# --- issuing ---------------------------------------------------------------------------------------


def test_a_physical_card_is_ordered_by_standard_post_and_a_virtual_one_ships_not(support_agent, person, account):
    physical = issue_card(actor=support_agent, customer=person, account=account, kind="physical", embossed_name="ZOE")
    virtual = issue_card(actor=support_agent, customer=person, account=account, kind="virtual", embossed_name="ZOE")
    assert (physical.shipping_status, physical.shipping_method, physical.shipped_at) == ("ordered", "standard", None)
    assert (virtual.shipping_status, virtual.shipping_method) == ("", "")
    assert re.fullmatch(r"[1-9][0-9]{8}", physical.public_token) and physical.public_token != virtual.public_token
    entry = AuditEntry.objects.filter(action="customers.card.issued", target_id=str(physical.pk)).get()
    assert entry.changes["shipping_status"] == [None, "ordered"]


def test_a_reissued_card_has_a_token_of_its_own_and_is_ordered_again(support_agent, person, account):
    old = make_card(person, account, status=CardStatus.ACTIVE)
    new = reissue_card(actor=support_agent, card=old, reason="Worn out")
    assert new.public_token != old.public_token and new.shipping_status == CardShipping.ORDERED
    assert old.shipping_status == CardShipping.DELIVERED


def test_a_token_taken_is_drawn_again(monkeypatch, person, account):
    taken = make_card(person, account).public_token
    draws = iter([taken, taken, "123456789"])
    monkeypatch.setattr(card_services, "random_public_token", lambda: next(draws))
    assert card_services.new_public_token() == "123456789"


def test_the_database_refuses_a_virtual_card_with_a_shipment_and_a_physical_one_without(person, account):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_card(person, account, kind=CardKind.VIRTUAL, shipping_status=CardShipping.ORDERED)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_card(person, account, kind=CardKind.PHYSICAL, shipping_status="", shipping_method="")
    token = make_card(person, account).public_token
    with pytest.raises(IntegrityError), transaction.atomic():
        make_card(person, account, public_token=token)


# --- the Cards tab -----------------------------------------------------------------------------------


def test_the_cards_tab_shows_the_token_and_the_shipping_and_offers_to_expedite(agent, person, account, ordered):
    delivered = make_card(person, account, shipped_at=date(2026, 1, 5))
    virtual = make_card(person, account, kind=CardKind.VIRTUAL)
    page = text(agent.get(tab_url(person, "cards")))
    for card in (ordered, delivered, virtual):
        assert card.public_token in page
    assert "Ordered" in page and "not shipped yet" in page and "Delivered" in page and "shipped 2026-01-05" in page
    assert "Not posted" in page  # the virtual card
    assert expedite_url(ordered) in page
    assert expedite_url(delivered) not in page and expedite_url(virtual) not in page


def test_expediting_through_the_cards_tab(agent, support_agent, person, account, ordered):
    page = text(agent.get(expedite_url(ordered)))
    assert "express post instead of standard" in page and "Expedite the shipment" in page
    assert "This field is required." in field_error(agent.post(expedite_url(ordered), {"reason": ""}), "reason")
    response = agent.post(expedite_url(ordered), {"reason": "The customer flies abroad on Friday"})
    assert_redirects_to_tab(response, person, "cards")
    ordered.refresh_from_db()
    assert ordered.shipping_method == ShippingMethod.EXPEDITED
    entry = AuditEntry.objects.get(action="customers.card.shipment_expedited")
    assert entry.actor == support_agent and entry.reason == "The customer flies abroad on Friday"
    assert entry.changes == {"shipping_method": ["standard", "expedited"]}
    page = text(agent.get(response.url))
    assert "The card's shipment is expedited." in page and expedite_url(ordered) not in page
    assert_sent_back_with(agent, agent.get(expedite_url(ordered)), person, "cards", "expedited already")


# --- the Addresses tab ------------------------------------------------------------------------------


def test_the_addresses_tab_lists_the_cards_on_their_way_with_the_button(agent, person, account, ordered):
    shipped = make_card(
        person, account, status=CardStatus.INACTIVE, shipping_status="shipped", shipped_at=date(2026, 12, 1)
    )
    delivered = make_card(person, account)
    html = agent.get(tab_url(person, "addresses")).content.decode()
    page = page_text(agent.get(tab_url(person, "addresses")))
    assert "Cards on their way here" in page
    assert ordered.masked_pan in page and shipped.masked_pan in page and delivered.masked_pan not in page
    assert expedite_url(ordered) in html and expedite_url(shipped) not in html
    assert "shipped 2026-12-01" in page


def test_the_addresses_tab_says_nothing_of_cards_when_none_is_on_its_way(agent, person, account):
    make_card(person, account)
    assert "Cards on their way here" not in page_text(agent.get(tab_url(person, "addresses")))


def test_the_addresses_tab_reads_its_cards_in_one_query(agent, person, account, ordered):
    agent.get(tab_url(person, "addresses"))
    with CaptureQueriesContext(connection) as one:
        agent.get(tab_url(person, "addresses"))
    for _ in range(5):
        make_card(person, account, status=CardStatus.INACTIVE, shipping_status=CardShipping.ORDERED)
    with CaptureQueriesContext(connection) as six:
        agent.get(tab_url(person, "addresses"))
    assert len(six) == len(one)


# --- refusals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        ({"kind": CardKind.VIRTUAL}, "A virtual card is not posted"),
        ({"shipping_status": "shipped", "shipped_at": date(2026, 12, 1)}, "shipped on 2026-12-01: it can no longer"),
        ({"shipping_status": "delivered"}, "delivered: there is nothing to expedite"),
        ({"shipping_status": "returned"}, "came back undelivered"),
        ({"shipping_status": "ordered", "shipping_method": "expedited"}, "expedited already"),
        ({"shipping_status": "ordered", "status": CardStatus.STOLEN}, "This card is stolen: reissue it"),
    ],
)
def test_expediting_is_refused_on_the_page_and_in_the_service(agent, support_agent, person, account, fields, refusal):
    fields = {"status": CardStatus.INACTIVE, **fields}
    if fields.get("kind") == CardKind.VIRTUAL:
        fields["status"] = CardStatus.ACTIVE
    card = make_card(person, account, **fields)
    assert refusal in expedite_refusal(card)
    assert_sent_back_with(agent, agent.post(expedite_url(card), {"reason": "x"}), person, "cards", refusal)
    with pytest.raises(DomainError, match=re.escape(refusal)):
        expedite_card_shipment(actor=support_agent, card=card, reason="x")
    assert not AuditEntry.objects.filter(action="customers.card.shipment_expedited").exists()


def test_a_deactivated_customers_card_is_not_expedited(agent, support_agent, person):
    spent = make_account(person, balance="0.00")  # deactivation needs every balance at 0 (T)
    ordered = make_card(person, spent, status=CardStatus.INACTIVE, shipping_status=CardShipping.ORDERED)
    Customer.objects.filter(pk=ordered.customer_id).update(status=Status.CANCELED)
    with pytest.raises(DomainError, match="deactivated"):
        expedite_card_shipment(actor=support_agent, card=ordered, reason="x")
    customer = Customer.objects.get(pk=ordered.customer_id)
    assert expedite_url(ordered) not in agent.get(tab_url(customer, "addresses")).content.decode()
    assert expedite_url(ordered) not in agent.get(tab_url(customer, "cards")).content.decode()


def test_a_role_without_the_card_permission_is_refused(signed_in, outsider, ordered):
    assert signed_in(outsider).get(expedite_url(ordered)).status_code == 403


# --- /cards/ ------------------------------------------------------------------------------------------


def test_the_cards_list_shows_and_filters_the_shipping_and_the_token(signed_in, support_agent, person, account):
    client = signed_in(support_agent)
    ordered = make_card(person, account, status=CardStatus.INACTIVE, shipping_status="ordered")
    expedited = make_card(person, account, status=CardStatus.INACTIVE, shipping_status="shipped")
    Card.objects.filter(pk=expedited.pk).update(shipping_method=ShippingMethod.EXPEDITED)
    other = make_account(make_person("Anna", "Other"))
    virtual = make_card(other.customer, other, kind=CardKind.VIRTUAL)
    page = page_text(client.get(reverse("card-list")))
    assert "Shipping" in page
    assert f"token {ordered.public_token}" in page and f"token {virtual.public_token}" in page
    assert "Ordered" in page and "expedited" in page
    page = page_text(client.get(reverse("card-list"), {"shipping": "ordered"}))
    assert ordered.masked_pan in page and expedited.masked_pan not in page and virtual.masked_pan not in page
    page = page_text(client.get(reverse("card-list"), {"shipping": ["ordered", "shipped"]}))
    assert ordered.masked_pan in page and expedited.masked_pan in page
    page = page_text(client.get(reverse("card-list"), {"public_token": virtual.public_token}))
    assert virtual.masked_pan in page and ordered.masked_pan not in page
    page = page_text(client.get(reverse("card-list"), {"public_token": "12345"}))
    assert "The 9 digits printed on the card carrier." in page and ordered.masked_pan not in page
    body = b"".join(client.post(reverse("card-list"), {"export": "csv"}).streaming_content).decode()
    assert "Shipped (expedited)" in body and ",Ordered," in body  # the token's own column is offered under Columns
