"""Cards and beneficiaries as staff handle them: each command through its page, the menus each
role and status offer."""

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.choices import (
    AccountKind,
    BeneficiaryStatus,
    CardStatus,
)
from customers.models import (
    Beneficiary,
    Card,
)
from customers.services.cards import card_refusal
from tests.customers.factories import make_person
from tests.customers.holdings import (
    IBANS,
    make_account,
    make_beneficiary,
    make_card,
)
from tests.customers.pages import assert_redirects_to_tab, assert_sent_back_with, field_error, row_of, tab_url, text
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


# --- cards ---------------------------------------------------------------------------------------


def test_issuing_a_card_through_its_page(agent, person, account):
    url = reverse("customer-card-issue", args=[person.pk])
    page = text(agent.get(url))
    assert "A virtual card can be used at once" in page and "Issue the card" in page
    assert f"{account.name} · {account.number} · EUR" in page
    response = agent.post(url, {"kind": "virtual", "account": account.pk, "embossed_name": "zoe  dupont"})
    assert_redirects_to_tab(response, person, "cards")
    card = Card.objects.get()
    assert card.status == CardStatus.ACTIVE and card.embossed_name == "ZOE DUPONT"
    page = text(agent.get(response.url))
    assert f"The virtual card {card.masked_pan} was issued: it can pay at once." in page
    assert card.masked_pan in page and "ZOE DUPONT" in page and "Virtual" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "virtual", "embossed_name": "ZOË 2000"}, "embossed_name", "Use capital letters, spaces, hyphens"),
        ({"kind": "physical", "embossed_name": ""}, "embossed_name", "This field is required."),
        ({"kind": "plastic", "embossed_name": "ZOE"}, "kind", "Select a valid choice."),
    ],
)
def test_issuing_a_card_with_bad_data_shows_the_error_and_issues_nothing(agent, person, account, data, field, message):
    response = agent.post(reverse("customer-card-issue", args=[person.pk]), {**data, "account": account.pk})
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Card.objects.exists() and not AuditEntry.objects.filter(action="customers.card.issued").exists()


def test_a_vault_or_another_customers_account_is_not_offered_for_a_card(agent, person, account):
    vault = make_account(person, kind=AccountKind.VAULT, primary=False, name="Savings vault")
    theirs = make_account(make_person("Other", "Person"), name="Their account")
    url = reverse("customer-card-issue", args=[person.pk])
    page = text(agent.get(url))
    assert vault.number not in page and theirs.number not in page
    for other in (vault, theirs):
        response = agent.post(url, {"kind": "virtual", "account": other.pk, "embossed_name": "ZOE"})
        assert "Select a valid choice" in field_error(response, "account")
    assert not Card.objects.exists()


def test_a_blocked_account_is_not_offered_for_a_card(agent, person, account):
    blocked = make_account(person, status="blocked", primary=False, name="Frozen wallet")
    url = reverse("customer-card-issue", args=[person.pk])
    page = text(agent.get(url))
    assert account.number in page and "Frozen wallet" not in page
    response = agent.post(url, {"kind": "virtual", "account": blocked.pk, "embossed_name": "ZOE"})
    assert field_error(response, "account").startswith("Select a valid choice.")
    assert not Card.objects.exists()


def test_activating_a_card_through_its_page(agent, person, account):
    card = make_card(person, account, status=CardStatus.INACTIVE)
    url = reverse("customer-card-activate", args=[person.pk, card.pk])
    page = text(agent.get(url))
    assert "The card can pay at once" in page and "Activate the card" in page
    response = agent.post(url, {"reason": ""})
    assert_redirects_to_tab(response, person, "cards")
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE
    page = text(agent.get(response.url))
    assert "The card is active." in page
    assert reverse("customer-card-activate", args=[person.pk, card.pk]) not in page
    assert reverse("customer-card-lock", args=[person.pk, card.pk]) in page


def test_locking_a_card_through_its_page(agent, person, account):
    card = make_card(person, account)
    url = reverse("customer-card-lock", args=[person.pk, card.pk])
    page = text(agent.get(url))
    assert "Every payment with this card is refused from now on." in page and "Lock the card" in page
    response = agent.post(url, {"status": "stolen", "reason": "Bag snatched in the metro"})
    assert_redirects_to_tab(response, person, "cards")
    page = text(agent.get(response.url))
    assert "The card is reported stolen: it never works again. Reissue it" in page and "The card is locked." not in page
    assert "Stolen" in page and "Bag snatched in the metro" in page
    card.refresh_from_db()
    assert card.status == CardStatus.STOLEN
    # A stolen card is never unlocked nor locked again: only Reissue is left.
    assert reverse("customer-card-unlock", args=[person.pk, card.pk]) not in page
    assert reverse("customer-card-lock", args=[person.pk, card.pk]) not in page
    assert reverse("customer-card-reissue", args=[person.pk, card.pk]) in page


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("locked", "The card is locked for now: Unlock makes it pay again."),
        ("lost", "The card is reported lost: it never works again."),
        ("stolen", "The card is reported stolen: it never works again."),
        ("destroyed", "The card is reported destroyed: it never works again."),
    ],
)
def test_the_message_after_locking_says_what_happened_to_the_card(agent, person, account, status, message):
    card = make_card(person, account)
    response = agent.post(reverse("customer-card-lock", args=[person.pk, card.pk]), {"status": status, "reason": "r"})
    assert message in text(agent.get(response.url))


def test_locking_a_card_without_a_reason_shows_the_error_and_changes_nothing(agent, person, account):
    card = make_card(person, account)
    before = row_of(card)
    response = agent.post(reverse("customer-card-lock", args=[person.pk, card.pk]), {"status": "locked", "reason": ""})
    assert field_error(response, "reason") == "This field is required."
    assert row_of(card) == before and not AuditEntry.objects.filter(action="customers.card.locked").exists()


def test_a_locked_card_is_offered_only_the_final_reports(agent, person, account):
    card = make_card(person, account, status=CardStatus.LOCKED)
    url = reverse("customer-card-lock", args=[person.pk, card.pk])
    response = agent.get(url)
    page = text(response)
    assert "Lost" in page and "Stolen" in page and "Destroyed" in page
    assert b'value="lost"' in response.content and b'value="locked"' not in response.content
    response = agent.post(url, {"status": "locked", "reason": "x"})
    assert field_error(response, "status").startswith("Select a valid choice.")
    card.refresh_from_db()
    assert card.status == CardStatus.LOCKED


def test_unlocking_a_card_through_its_page(agent, person, account):
    card = make_card(person, account, status=CardStatus.LOCKED, status_reason="Misplaced at home")
    url = reverse("customer-card-unlock", args=[person.pk, card.pk])
    page = text(agent.get(url))
    assert "The card pays again. It was locked for: Misplaced at home." in page and "Unlock the card" in page
    response = agent.post(url, {"reason": "Found under the sofa"})
    assert_redirects_to_tab(response, person, "cards")
    assert "The card is unlocked." in text(agent.get(response.url))
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE and card.status_reason == ""
    assert AuditEntry.objects.get(action="customers.card.unlocked").reason == "Found under the sofa"


def test_unlocking_a_card_needs_a_reason(agent, person, account):
    card = make_card(person, account, status=CardStatus.LOCKED)
    before = row_of(card)
    response = agent.post(reverse("customer-card-unlock", args=[person.pk, card.pk]), {"reason": "  "})
    assert field_error(response, "reason") == "This field is required."
    assert row_of(card) == before and not AuditEntry.objects.filter(action="customers.card.unlocked").exists()


def test_reissuing_a_card_through_its_page(agent, person, account):
    card = make_card(person, account, status=CardStatus.ACTIVE)
    url = reverse("customer-card-reissue", args=[person.pk, card.pk])
    page = text(agent.get(url))
    assert "this one stops working at once (Replaced)" in page and "Reissue the card" in page
    response = agent.post(url, {"reason": ""})
    assert field_error(response, "reason") == "This field is required."
    assert Card.objects.count() == 1
    response = agent.post(url, {"reason": "Chip damaged"})
    assert_redirects_to_tab(response, person, "cards")
    new = Card.objects.get(replaces=card)
    page = text(agent.get(response.url))
    assert f"The card was reissued: the new card is {new.masked_pan}; it works once activated" in page
    assert "The old card no longer works (Replaced)." in page
    assert "Replaced" in page and f"reissued as {new.last4}" in page and f"replaces {card.last4}" in page


def test_reissuing_a_lost_card_says_it_stays_lost(agent, person, account):
    card = make_card(person, account, status=CardStatus.LOST)
    page = text(agent.get(reverse("customer-card-reissue", args=[person.pk, card.pk])))
    assert "A new physical card is issued on the same account and name." in page and "(Replaced)" not in page
    agent.post(reverse("customer-card-reissue", args=[person.pk, card.pk]), {"reason": "Replacement"})
    card.refresh_from_db()
    assert card.status == CardStatus.LOST and card.replaced_by.status == CardStatus.INACTIVE


def test_a_lost_card_reissued_already_offers_no_reissue_any_more(agent, person, account):
    card = make_card(person, account, status=CardStatus.LOST)
    agent.post(reverse("customer-card-reissue", args=[person.pk, card.pk]), {"reason": "Replacement"})
    assert reverse("customer-card-reissue", args=[person.pk, card.pk]) not in text(agent.get(tab_url(person, "cards")))


@pytest.mark.parametrize(
    ("status", "command"),
    [
        (CardStatus.ACTIVE, "activate"),
        (CardStatus.ACTIVE, "unlock"),
        (CardStatus.LOST, "unlock"),
        (CardStatus.LOST, "lock"),
        (CardStatus.STOLEN, "activate"),
        (CardStatus.REPLACED, "reissue"),
        (CardStatus.REPLACED, "lock"),
    ],
)
def test_a_card_command_its_status_does_not_offer_sends_back_to_the_tab(agent, person, account, status, command):
    card = make_card(person, account, status=status)
    url = reverse(f"customer-card-{command}", args=[person.pk, card.pk])
    message = card_refusal(card, command)
    assert message and status.label.lower() in message
    assert_sent_back_with(agent, agent.get(url), person, "cards", message)
    assert_sent_back_with(agent, agent.post(url, {"reason": "x", "status": "locked"}), person, "cards", message)
    card.refresh_from_db()
    assert card.status == status


def test_another_customers_card_answers_404(agent, person, account):
    other = make_person("Other", "Person")
    card = make_card(other, make_account(other), status=CardStatus.INACTIVE)
    assert agent.get(reverse("customer-card-activate", args=[person.pk, card.pk])).status_code == 404


def test_the_cards_tab_shows_each_cards_commands(agent, person, account):
    inactive = make_card(person, account, status=CardStatus.INACTIVE)
    locked = make_card(person, account, status=CardStatus.LOCKED)
    replaced = make_card(person, account, status=CardStatus.REPLACED)
    page = text(agent.get(tab_url(person, "cards")))
    for card, commands in ((inactive, {"activate", "lock", "reissue"}), (locked, {"lock", "unlock", "reissue"})):
        for command in ("activate", "lock", "unlock", "reissue"):
            shown = reverse(f"customer-card-{command}", args=[person.pk, card.pk]) in page
            assert shown == (command in commands), (card.status, command)
    assert f"/cards/{replaced.pk}/" not in page
    assert "Issue a card" in page


# --- beneficiaries ---------------------------------------------------------------------------------


def test_linking_a_beneficiary_takes_a_review_then_a_confirmation(agent, person):
    url = reverse("customer-beneficiary-link", args=[person.pk])
    page = text(agent.get(url))
    assert "The customer can send transfers to this account" in page and "Review the details" in page
    data = {"name": "Jean Valjean", "nickname": "Landlord", "iban": "fr76 3000 6000 0112 3456 7890 189", "bic": ""}
    page = text(agent.post(url, data))
    assert "Check before linking" in page
    assert "FR7630006000011234567890189" in page and "CREDIT AGRICOLE SA" in page
    assert "Link the account" in page and "Jean Valjean" in page
    assert not Beneficiary.objects.exists() and not AuditEntry.objects.filter(action__contains="beneficiary").exists()

    response = agent.post(url, {**data, "confirmed": "1"})
    assert_redirects_to_tab(response, person, "beneficiaries")
    beneficiary = Beneficiary.objects.get()
    assert beneficiary.iban == "FR7630006000011234567890189" and beneficiary.linked_by.username == "sam"
    page = text(agent.get(response.url))
    assert "Landlord (0189) is linked." in page
    assert "Jean Valjean" in page and "linked by sam" in page and "Activated" in page


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        (
            "FR76 3000 6000 0112 3456 7890 188",
            "This IBAN is not valid: its check digits do not match: a character is probably mistyped.",
        ),
        ("hello", "This IBAN is not valid: check it against the customer's bank details."),
        ("", "This field is required."),
    ],
)
def test_a_bad_iban_is_shown_next_to_its_field_and_nothing_is_linked(agent, person, iban, message):
    url = reverse("customer-beneficiary-link", args=[person.pk])
    for extra in ({}, {"confirmed": "1"}):
        response = agent.post(url, {"name": "Jean", "iban": iban, **extra})
        assert response.status_code == 200
        assert field_error(response, "iban") == message
        assert "Check before linking" not in page_text(response)
    assert not Beneficiary.objects.exists()


def test_an_account_linked_already_is_refused_next_to_the_iban(agent, person):
    make_beneficiary(person, iban=IBANS[0])
    response = agent.post(
        reverse("customer-beneficiary-link", args=[person.pk]),
        {"name": "Jean", "iban": "FR76 3000 6000 0112 3456 7890 189", "confirmed": "1"},
    )
    assert field_error(response, "iban") == "This account is linked to the customer already."
    assert Beneficiary.objects.count() == 1


def test_deactivating_and_reactivating_a_beneficiary_through_their_pages(agent, person):
    beneficiary = make_beneficiary(person, name="Hans Müller")
    deactivate = reverse("customer-beneficiary-deactivate", args=[person.pk, beneficiary.pk])
    reactivate = reverse("customer-beneficiary-reactivate", args=[person.pk, beneficiary.pk])
    page = text(agent.get(deactivate))
    assert "The customer can no longer send money to this account." in page and "Deactivate" in page
    assert_sent_back_with(
        agent, agent.get(reactivate), person, "beneficiaries", "This beneficiary is activated already."
    )

    response = agent.post(deactivate, {"reason": ""})
    assert field_error(response, "reason") == "This field is required."
    beneficiary.refresh_from_db()
    assert beneficiary.status == BeneficiaryStatus.ACTIVATED

    response = agent.post(deactivate, {"reason": "Customer reported fraud"})
    assert_redirects_to_tab(response, person, "beneficiaries")
    page = text(agent.get(response.url))
    assert "The beneficiary is deactivated." in page and "Deactivated" in page and reactivate in page
    assert deactivate not in page
    assert_sent_back_with(agent, agent.get(deactivate), person, "beneficiaries", "is deactivated already.")

    page = text(agent.get(reactivate))
    assert "The customer can send money to this account again." in page
    response = agent.post(reactivate, {"reason": "Cleared"})
    assert_redirects_to_tab(response, person, "beneficiaries")
    assert "The beneficiary is active again." in text(agent.get(response.url))
    beneficiary.refresh_from_db()
    assert beneficiary.status == BeneficiaryStatus.ACTIVATED


def test_an_administrator_does_not_manage_beneficiaries(admin, person):
    beneficiary = make_beneficiary(person)
    page = text(admin.get(tab_url(person, "beneficiaries")))
    assert "Hans Müller" in page and "Link an external account" not in page and "/deactivate/" not in page
    assert admin.get(reverse("customer-beneficiary-link", args=[person.pk])).status_code == 403
    url = reverse("customer-beneficiary-deactivate", args=[person.pk, beneficiary.pk])
    assert admin.post(url, {"reason": "x"}).status_code == 403
    beneficiary.refresh_from_db()
    assert beneficiary.status == BeneficiaryStatus.ACTIVATED
