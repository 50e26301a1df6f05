"""Cards and the KYC level (seed 002's services table): no card is created or made to pay at NONE
or REFUSED, the refusal shown where the staff member acts; moving to LIGHT locks the active cards,
each lock audited with the KYC reason; at LIGHT a new card is locked and none is activated or
unlocked."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers.choices import CardKind, CardStatus, KycLevel, KycReview
from customers.kyc_services import LIGHT_CARD_LOCK_REASON
from customers.models import Card, Customer
from customers.services import unlock_card
from kyc.services.reviews import request_review
from tests.conftest import require_service
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_account, make_card
from tests.helpers import page_text
from tests.kyc.reviews import PROOF_OF_ADDRESS, decide_review, prevalidate, upload, upload_all

pytestmark = pytest.mark.django_db

NONE_REASON = "KYC level None: the customer only receives funds until a review validates them."
REFUSED_REASON = "The KYC was refused for good: no service."


def at_level(level, person=None):
    person = person or make_person()
    Customer.objects.filter(pk=person.pk).update(kyc_level=level, kyc_review=KycReview.VALIDATED)
    return Customer.objects.get(pk=person.pk)


def cards_tab(client, customer) -> str:
    return page_text(client.get(reverse("customer-tab", args=[customer.pk, "cards"])))


@pytest.mark.parametrize(("level", "reason"), [(KycLevel.NONE, NONE_REASON), (KycLevel.REFUSED, REFUSED_REASON)])
def test_no_card_is_issued_at_none_or_refused_and_the_page_says_why(signed_in, support_agent, level, reason):
    person = at_level(level)
    account = make_account(person)
    client = signed_in(support_agent)
    url = reverse("customer-card-issue", args=[person.pk])
    tab = cards_tab(client, person)
    assert reason in tab and url not in tab, "the Cards tab says why beside a disabled button"
    response = client.get(url, follow=True)
    assert reason in page_text(response) and "Issue the card" not in page_text(response)
    data = {"account": account.pk, "kind": CardKind.VIRTUAL, "embossed_name": "ZOE DUPONT"}
    assert reason in page_text(client.post(url, data, follow=True))
    assert not Card.objects.exists()


@pytest.mark.parametrize(("level", "reason"), [(KycLevel.NONE, NONE_REASON), (KycLevel.REFUSED, REFUSED_REASON)])
@pytest.mark.parametrize(
    ("command", "status"), [("activate", CardStatus.INACTIVE), ("reissue", CardStatus.LOST), ("unlock", "locked")]
)
def test_no_card_is_activated_reissued_or_unlocked_at_none_or_refused(
    signed_in, support_agent, level, reason, command, status
):
    person = at_level(level)
    card = make_card(person, make_account(person), status=status)
    client = signed_in(support_agent)
    url = reverse(f"customer-card-{command}", args=[person.pk, card.pk])
    assert reason in page_text(client.get(url, follow=True))
    assert reason in page_text(client.post(url, {"reason": "Customer asked."}, follow=True))
    card.refresh_from_db()
    assert card.status == status and Card.objects.count() == 1


def test_moving_to_light_locks_the_active_cards_each_audited(signed_in, compliance_officer, support_agent):
    """Seed 002: "it is your responsibility to lock the User's Cards" — done by the decision."""
    person = make_person()
    upload_all(person)
    decide_review(actor=ROBOT, review=request_review(actor=ROBOT, customer=person), decision="validate", level=2)
    account = make_account(person)
    virtual = make_card(person, account, kind=CardKind.VIRTUAL)
    physical = make_card(person, account)
    not_activated = make_card(person, account, status=CardStatus.INACTIVE)
    prevalidate(upload(person, PROOF_OF_ADDRESS, "new-bill.png"))
    review = request_review(actor=ROBOT, customer=person)
    bill = review.documents.get()
    response = signed_in(compliance_officer).post(
        reverse("kyc-review-decide", args=[review.pk]),
        {"decision": "refuse", "level": "1", "reason": "Forged bill.", f"document_{bill.pk}": "Forged."},
    )
    assert response.status_code == 302
    assert Customer.objects.get(pk=person.pk).kyc_level == KycLevel.LIGHT
    for card in (virtual, physical):
        card.refresh_from_db()
        assert (card.status, card.status_reason) == (CardStatus.LOCKED, LIGHT_CARD_LOCK_REASON)
        entry = AuditEntry.objects.get(action="customers.card.locked", target_id=str(card.pk))
        assert (
            entry.reason == f"{LIGHT_CARD_LOCK_REASON} KYC decision: Forged bill." and entry.actor == compliance_officer
        )
    not_activated.refresh_from_db()
    assert not_activated.status == CardStatus.INACTIVE
    page = cards_tab(signed_in(support_agent), person)
    assert page.count(LIGHT_CARD_LOCK_REASON) == 2
    assert LIGHT_CARD_LOCK_REASON == "KYC level Light: cards locked." and "seed 002" not in page


def test_at_light_a_new_card_is_locked_and_none_pays(signed_in, support_agent):
    person = at_level(KycLevel.LIGHT)
    account = make_account(person)
    client = signed_in(support_agent)
    response = client.post(
        reverse("customer-card-issue", args=[person.pk]),
        {"account": account.pk, "kind": CardKind.VIRTUAL, "embossed_name": "ZOE DUPONT"},
    )
    assert response.status_code == 302
    card = Card.objects.get()
    assert (card.status, card.status_reason) == (CardStatus.LOCKED, LIGHT_CARD_LOCK_REASON)
    for command, status in (("unlock", CardStatus.LOCKED), ("activate", CardStatus.INACTIVE)):
        card = make_card(person, account, status=status)
        url = reverse(f"customer-card-{command}", args=[person.pk, card.pk])
        assert "KYC level Light: the cards are locked." in page_text(client.post(url, {"reason": "x"}, follow=True))
        card.refresh_from_db()
        assert card.status == status


def regular_with_active_card():
    person = make_person()
    upload_all(person)
    decide_review(actor=ROBOT, review=request_review(actor=ROBOT, customer=person), decision="validate", level=2)
    card = make_card(person, make_account(person), kind=CardKind.VIRTUAL)
    prevalidate(upload(person, PROOF_OF_ADDRESS, "new-bill.png"))
    return person, card, request_review(actor=ROBOT, customer=person)


def test_a_permanent_refusal_locks_the_active_cards_with_the_decision_s_reason(signed_in, support_agent):
    """Seed 002: at Refused no card pays, so the decision locks them as the move to Light does."""
    person, card, review = regular_with_active_card()
    decide_review(actor=ROBOT, review=review, decision="refuse_permanently", reason="Identity fraud.")
    card.refresh_from_db()
    assert (card.status, card.status_reason) == (CardStatus.LOCKED, "KYC level Refused: cards locked.")
    entry = AuditEntry.objects.get(action="customers.card.locked", target_id=str(card.pk))
    assert entry.reason == "KYC level Refused: cards locked. KYC decision: Identity fraud."
    tab = cards_tab(signed_in(support_agent), person)
    assert "KYC level Refused: cards locked." in tab and ">Active<" not in tab


def test_a_request_after_a_refusal_resets_to_none_and_locks_the_active_cards():
    person, card, review = regular_with_active_card()
    bill = review.documents.get()
    decide_review(
        actor=ROBOT, review=review, decision="refuse", level=2, reason="Blurry.", document_reasons={bill.pk: "Blurry."}
    )
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE, "a refusal keeping Regular leaves the cards paying"
    prevalidate(upload(person, PROOF_OF_ADDRESS, "newer-bill.png"))
    review = request_review(actor=ROBOT, customer=person)
    assert Customer.objects.get(pk=person.pk).kyc_level == KycLevel.NONE
    card.refresh_from_db()
    assert (card.status, card.status_reason) == (CardStatus.LOCKED, "KYC level None: cards locked.")
    entry = AuditEntry.objects.get(action="customers.card.locked", target_id=str(card.pk))
    assert entry.reason == f"KYC level None: cards locked. KYC decision: KYC review #{review.pk} requested."


def test_the_demo_gives_no_active_card_to_a_customer_whose_level_lets_no_card_pay():
    from customers.demo_holdings.insert import generate_holdings
    from customers.demo_holdings.vocabulary import CARD_REASONS

    people = [at_level(level) for level in (KycLevel.NONE, KycLevel.LIGHT, KycLevel.REFUSED) for _ in range(4)]
    generate_holdings(people, transactions_per_account=(5, 10))
    cards = Card.objects.filter(customer__in=people)
    assert cards.filter(status=CardStatus.LOCKED).exists()
    assert not cards.filter(status=CardStatus.ACTIVE).exists()
    customer_request = CARD_REASONS[CardStatus.LOCKED]  # a card the customer locked keeps the customer's reason
    for card in cards.filter(status=CardStatus.LOCKED):
        kyc_reason = f"KYC level {KycLevel(card.customer.kyc_level).label}: cards locked."
        assert card.status_reason in (kyc_reason, customer_request)
    assert cards.filter(status_reason__startswith="KYC level ").exists()


@pytest.mark.parametrize(
    ("level", "status", "command", "reason"),
    [
        (KycLevel.LIGHT, CardStatus.LOCKED, "unlock", "KYC level Light: the cards are locked."),
        (KycLevel.LIGHT, CardStatus.INACTIVE, "activate", "KYC level Light: the cards are locked."),
        (KycLevel.NONE, CardStatus.LOST, "reissue", NONE_REASON),
        (KycLevel.REFUSED, CardStatus.LOST, "reissue", REFUSED_REASON),
    ],
)
def test_the_cards_tab_shows_a_command_the_level_refuses_disabled_with_the_reason(
    signed_in, support_agent, level, status, command, reason
):
    person = at_level(level)
    card = make_card(person, make_account(person), status=status)
    tab = cards_tab(signed_in(support_agent), person)
    assert reverse(f"customer-card-{command}", args=[person.pk, card.pk]) not in tab
    refusal = f'id="card-{card.pk}-{command}-refusal">{reason}</span>'
    assert refusal in tab and f'disabled aria-describedby="card-{card.pk}-{command}-refusal"' in tab


def test_at_light_the_issue_form_says_the_new_card_is_locked(signed_in, support_agent):
    person = at_level(KycLevel.LIGHT)
    make_account(person)
    page = page_text(signed_in(support_agent).get(reverse("customer-card-issue", args=[person.pk])))
    assert "At KYC level Light a new card is issued locked until the level changes." in page
    assert "can be used at once" not in page and "works once activated" not in page


def test_an_unlock_waits_for_a_move_to_light_and_is_then_refused(committed_db):
    """decide_review locks the customer, then its active cards: a card command locks the customer
    first too, so an unlock racing a move to Light reads Light and is refused (no Active card at Light)."""
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    person = at_level(KycLevel.REGULAR)
    card = make_card(person, make_account(person), status=CardStatus.LOCKED)
    level_moving, outcome = threading.Event(), []

    def move_to_light():  # what decide_review does, holding the customer row a while
        try:
            with transaction.atomic():
                customer = Customer.objects.select_for_update().get(pk=person.pk)
                customer.kyc_level = KycLevel.LIGHT
                customer.save(update_fields=["kyc_level"])
                level_moving.set()
                time.sleep(1)
        finally:
            connection.close()

    def unlock():
        level_moving.wait()
        try:
            unlock_card(actor=ROBOT, card=card, reason="Found it.")
            outcome.append("unlocked")
        except DomainError as error:
            outcome.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=move_to_light), threading.Thread(target=unlock)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    card.refresh_from_db()
    assert outcome == ["KYC level Light: the cards are locked."] and card.status == CardStatus.LOCKED


def test_at_light_the_message_after_issuing_says_the_new_card_is_locked(signed_in, support_agent):
    person = at_level(KycLevel.LIGHT)
    account = make_account(person)
    client = signed_in(support_agent)
    url = reverse("customer-card-issue", args=[person.pk])
    response = client.post(url, {"kind": "virtual", "account": account.pk, "embossed_name": "ZOE"})
    page = page_text(client.get(response.url))
    assert "was issued: it is locked for now (" in page and "it can pay at once" not in page
