"""Cards and the KYC level (seed 002's services table): no card is created or made to pay at NONE
or REFUSED, the refusal shown where the staff member acts; moving to LIGHT locks the active cards,
each lock audited with the KYC reason; at LIGHT a new card is locked and none is activated or
unlocked."""

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.choices import CardKind, CardStatus, KycLevel, KycReview
from customers.kyc_services import LIGHT_CARD_LOCK_REASON
from customers.models import Card, Customer
from kyc.services.reviews import decide_review, request_review
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_account, make_card
from tests.helpers import page_text
from tests.kyc.reviews import PROOF_OF_ADDRESS, prevalidate, upload, upload_all

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
        assert entry.reason == LIGHT_CARD_LOCK_REASON and entry.actor == compliance_officer
    not_activated.refresh_from_db()
    assert not_activated.status == CardStatus.INACTIVE
    page = cards_tab(signed_in(support_agent), person)
    assert page.count(LIGHT_CARD_LOCK_REASON) == 2


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
