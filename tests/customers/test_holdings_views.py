"""The profile board's holdings as staff see them: each command through its page, the menus each
role and status offer, masked IBANs, notes, the strip of open profiles, and tabs whose number of
queries does not grow with what the customer holds."""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.choices import (
    AccountKind,
    BeneficiaryStatus,
    CardKind,
    CardStatus,
    NoteVisibility,
    RelationshipKind,
    ScaDeviceKind,
    ScaDeviceStatus,
    State,
    VerificationStatus,
)
from customers.models import (
    ApiKey,
    Beneficiary,
    Card,
    Customer,
    LegalAgreement,
    LegalAgreementEvent,
    Note,
    TopUpCard,
    TwoFactorMethod,
)
from customers.services.cards import card_refusal
from customers.services.sca import sca_refusal
from tests.conftest import PASSWORD, sign_in
from tests.customers.factories import link, make_company, make_person
from tests.customers.holdings import (
    IBANS,
    add_transactions,
    make_account,
    make_beneficiary,
    make_card,
    make_device,
    make_note,
)
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

TAB_KEYS = (
    "accounts",
    "cards",
    "beneficiaries",
    "relationships",
    "addresses",
    "sca-devices",
    "notes",
    "access",
    "agreements",
    "history",
)
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "profile-tab"}


@pytest.fixture
def agent(signed_in, support_agent):
    return signed_in(support_agent)


@pytest.fixture
def officer(compliance_officer):
    """A browser of its own, so that a test can have an officer beside the agent."""
    return sign_in(Client(), compliance_officer)


@pytest.fixture
def admin(administrator):
    return sign_in(Client(), administrator)


@pytest.fixture
def person():
    return make_person("Zoë", "Dupont")


@pytest.fixture
def account(person):
    return make_account(person)


def tab_url(customer, tab: str) -> str:
    return reverse("customer-tab", args=[customer.pk, tab])


def text(response) -> str:
    """The page as the reader sees its words: whitespace collapsed, entities decoded."""
    assert response.status_code == 200, response.status_code
    return html.unescape(page_text(response))


def field_error(response, field: str) -> str:
    """The error shown under ``field`` (crispy's ``error_<n>_id_<field>``)."""
    found = re.findall(rf'id="error_\d+_id_{field}"[^>]*><strong>(.*?)</strong>', page_text(response))
    assert found, f"no error is shown next to {field!r}"
    return html.unescape(" ".join(found))


def row_of(instance) -> dict:
    return type(instance).objects.filter(pk=instance.pk).values().get()


def assert_redirects_to_tab(response, customer, tab: str) -> None:
    assert response.status_code == 302, response.status_code
    assert response.url == tab_url(customer, tab)


def assert_sent_back_with(client, response, customer, tab: str, message: str) -> None:
    """A command the object's status no longer offers (a page opened before a colleague acted):
    back to the tab, with the reason on top."""
    assert_redirects_to_tab(response, customer, tab)
    assert message in text(client.get(response.url))


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
    assert f"The virtual card {card.masked_pan} was issued." in page
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
    assert "The card is locked." in page and "Stolen" in page and "Bag snatched in the metro" in page
    card.refresh_from_db()
    assert card.status == CardStatus.STOLEN
    # A stolen card is never unlocked nor locked again: only Reissue is left.
    assert reverse("customer-card-unlock", args=[person.pk, card.pk]) not in page
    assert reverse("customer-card-lock", args=[person.pk, card.pk]) not in page
    assert reverse("customer-card-reissue", args=[person.pk, card.pk]) in page


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
    assert f"The card was reissued: the new card is {new.masked_pan}." in page
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


# --- SCA devices --------------------------------------------------------------------------------------


def test_securing_a_device_through_its_page(agent, person):
    device = make_device(person, status=ScaDeviceStatus.ACTIVE)
    url = reverse("customer-sca-secure", args=[person.pk, device.pk])
    page = text(agent.get(url))
    assert "The device is locked: the customer cannot confirm payments" in page
    assert "Secure SCA on this device" in page
    response = agent.post(url, {"reason": "lost_device", "message": "Left in a taxi"})
    assert_redirects_to_tab(response, person, "sca-devices")
    page = text(agent.get(response.url))
    assert "The device is locked." in page
    assert "Locked" in page and "Device lost" in page and "Left in a taxi" in page
    device.refresh_from_db()
    assert device.status == ScaDeviceStatus.LOCKED and device.locked_at is not None


def test_securing_without_a_reason_shows_the_error_and_changes_nothing(agent, person):
    device = make_device(person)
    before = row_of(device)
    response = agent.post(
        reverse("customer-sca-secure", args=[person.pk, device.pk]), {"reason": "", "message": "Left in a taxi"}
    )
    assert field_error(response, "reason") == "This field is required."
    assert row_of(device) == before and not AuditEntry.objects.filter(action__startswith="customers.sca").exists()


@pytest.mark.parametrize("command", ["unlock", "reset-pin"])
def test_handing_a_device_back_needs_the_password_and_the_identity_check(agent, person, command):
    status = ScaDeviceStatus.LOCKED if command == "unlock" else ScaDeviceStatus.ACTIVE
    device = make_device(person, status=status)
    before = row_of(device)
    url = reverse(f"customer-sca-{command}", args=[person.pk, device.pk])
    page = text(agent.get(url))
    assert "Do this only if you are sure of the customer's identity." in page
    assert ("Unlock SCA for this device" if command == "unlock" else "Reset the PIN") in page

    response = agent.post(url, {"identity_checked": "on", "password": "not my password"})
    assert field_error(response, "password") == "This is not your password."
    assert row_of(device) == before

    response = agent.post(url, {"password": PASSWORD})
    assert field_error(response, "identity_checked") == "Confirm that you checked the customer's identity."
    assert row_of(device) == before
    assert not AuditEntry.objects.filter(action__startswith="customers.sca").exists()

    response = agent.post(url, {"identity_checked": "on", "password": PASSWORD})
    assert_redirects_to_tab(response, person, "sca-devices")
    device.refresh_from_db()
    page = text(agent.get(response.url))
    if command == "unlock":
        assert device.status == ScaDeviceStatus.ACTIVE and "The device is unlocked." in page
        assert "Lock reason" not in page and "Phone left in a taxi" not in page
    else:
        assert device.status == ScaDeviceStatus.PASSCODE_MISSING
        assert "The customer is asked to choose a new PIN on the device." in page
        assert "Passcode missing" in page and "PIN reset asked" in page


def test_unlock_shows_why_the_device_was_secured(agent, person):
    device = make_device(person, status=ScaDeviceStatus.LOCKED)
    page = text(agent.get(reverse("customer-sca-unlock", args=[person.pk, device.pk])))
    assert "It was secured for: Device lost." in page


def test_unlocking_a_device_that_waited_for_its_passcode_leaves_it_waiting(agent, person):
    device = make_device(person, status=ScaDeviceStatus.LOCKED, status_before_lock=ScaDeviceStatus.PASSCODE_MISSING)
    response = agent.post(
        reverse("customer-sca-unlock", args=[person.pk, device.pk]), {"identity_checked": "on", "password": PASSWORD}
    )
    assert_redirects_to_tab(response, person, "sca-devices")
    device.refresh_from_db()
    assert device.status == ScaDeviceStatus.PASSCODE_MISSING
    assert "Passcode missing" in text(agent.get(response.url))


def test_deleting_a_device_through_its_page(officer, person):
    device = make_device(person, kind=ScaDeviceKind.WEB)
    url = reverse("customer-sca-delete", args=[person.pk, device.pk])
    page = text(officer.get(url))
    assert "The device is unenrolled" in page and "Delete the device" in page
    response = officer.post(url, {"reason": ""})
    assert field_error(response, "reason") == "This field is required."
    device.refresh_from_db()
    assert not device.is_deleted
    response = officer.post(url, {"reason": "Customer changed computers"})
    assert_redirects_to_tab(response, person, "sca-devices")
    page = text(officer.get(response.url))
    assert "The device is deleted. It stays listed under deleted devices." in page
    assert "Firefox 132 on Linux" not in page and "No device is enrolled" in page
    page = text(officer.get(tab_url(person, "sca-devices") + "?deleted=1"))
    assert "Firefox 132 on Linux" in page and "by chloe" in page
    assert officer.get(url).status_code == 404


def test_a_support_agent_may_not_delete_a_device(agent, officer, person):
    device = make_device(person)
    url = reverse("customer-sca-delete", args=[person.pk, device.pk])
    assert agent.get(url).status_code == 403
    assert agent.post(url, {"reason": "Gone"}).status_code == 403
    device.refresh_from_db()
    assert not device.is_deleted
    assert "Delete SCA" not in text(agent.get(tab_url(person, "sca-devices")))
    officer_page = text(officer.get(tab_url(person, "sca-devices")))
    assert "Delete SCA" in officer_page and url in officer_page


def test_a_web_device_has_no_reset_pin(agent, person):
    web = make_device(person, kind=ScaDeviceKind.WEB)
    page = text(agent.get(tab_url(person, "sca-devices")))
    assert "Secure SCA on this device" in page and "Reset PIN" not in page
    url = reverse("customer-sca-reset-pin", args=[person.pk, web.pk])
    message = "A PIN can be reset on a mobile device only; a web browser has none."
    assert_sent_back_with(agent, agent.get(url), person, "sca-devices", message)
    data = {"identity_checked": "on", "password": PASSWORD}
    assert_sent_back_with(agent, agent.post(url, data), person, "sca-devices", message)
    mobile = make_device(person, kind=ScaDeviceKind.MOBILE)
    page = text(agent.get(tab_url(person, "sca-devices")))
    assert "Reset PIN" in page and reverse("customer-sca-reset-pin", args=[person.pk, mobile.pk]) in page


@pytest.mark.parametrize(
    ("status", "command"),
    [
        (ScaDeviceStatus.ACTIVE, "unlock"),
        (ScaDeviceStatus.PASSCODE_MISSING, "unlock"),
        (ScaDeviceStatus.LOCKED, "secure"),
        (ScaDeviceStatus.LOCKED, "reset-pin"),
        (ScaDeviceStatus.PASSCODE_MISSING, "reset-pin"),
    ],
)
def test_a_device_command_its_status_does_not_offer_sends_back_to_the_tab(agent, person, status, command):
    device = make_device(person, status=status)
    before = row_of(device)
    url = reverse(f"customer-sca-{command}", args=[person.pk, device.pk])
    message = sca_refusal(device, command.replace("-", "_"))
    assert message and status.label.lower() in message
    assert_sent_back_with(agent, agent.get(url), person, "sca-devices", message)
    data = {"identity_checked": "on", "password": PASSWORD, "reason": "other"}
    assert_sent_back_with(agent, agent.post(url, data), person, "sca-devices", message)
    assert row_of(device) == before


def test_a_deleted_device_offers_no_command(officer, compliance_officer, person):
    from customers import services

    device = make_device(person, status=ScaDeviceStatus.LOCKED)
    services.delete_sca_device(actor=compliance_officer, device=device, reason="Gone")
    for command in ("secure", "unlock", "reset-pin", "delete"):
        assert officer.get(reverse(f"customer-sca-{command}", args=[person.pk, device.pk])).status_code == 404
    page = text(officer.get(tab_url(person, "sca-devices") + "?deleted=1"))
    assert "Deleted" in page and "More commands for this device" not in page


# --- masking ---------------------------------------------------------------------------------------


@pytest.fixture
def iban_holder(person):
    account = make_account(person, iban=IBANS[0])
    make_beneficiary(person, iban=IBANS[1])
    return person, account


def iban_pages(client, customer, account) -> dict[str, str]:
    return {
        "accounts": text(client.get(tab_url(customer, "accounts"))),
        "beneficiaries": text(client.get(tab_url(customer, "beneficiaries"))),
        "account": text(client.get(reverse("customer-account", args=[customer.pk, account.pk]))),
    }


def whole_forms(iban: str) -> tuple[str, str]:
    return iban, " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def test_a_support_agent_sees_ibans_masked(agent, iban_holder):
    person, account = iban_holder
    pages = iban_pages(agent, person, account)
    for name in ("accounts", "account"):
        assert "FR76 •••• 0189" in pages[name], name
    assert "DE89 •••• 3000" in pages["beneficiaries"]
    for name, page in pages.items():
        for iban in IBANS[:2]:
            for whole in whole_forms(iban):
                assert whole not in page, (name, whole)


@pytest.mark.parametrize("viewer", ["officer", "admin"])
def test_compliance_and_administrators_see_ibans_whole(request, iban_holder, viewer):
    client = request.getfixturevalue(viewer)
    person, account = iban_holder
    pages = iban_pages(client, person, account)
    for name in ("accounts", "account"):
        assert "FR76 3000 6000 0112 3456 7890 189" in pages[name], name
    assert "DE89 3704 0044 0532 0130 00" in pages["beneficiaries"]
    assert "•••• 0189" not in pages["account"] and "•••• 3000" not in pages["beneficiaries"]


def test_the_history_of_a_linked_beneficiary_masks_the_iban_for_a_support_agent(agent, officer, person):
    data = {"name": "Jean", "iban": IBANS[0], "confirmed": "1"}
    assert agent.post(reverse("customer-beneficiary-link", args=[person.pk]), data).status_code == 302
    agent_history = text(agent.get(tab_url(person, "history")))
    assert "customers.beneficiary.linked" in agent_history and "Jean (0189)" in agent_history
    for whole in whole_forms(IBANS[0]):
        assert whole not in agent_history
    assert IBANS[0] in text(officer.get(tab_url(person, "history")))


# --- notes -----------------------------------------------------------------------------------------


def notes_counter(client, customer) -> int:
    page = page_text(client.get(reverse("customer-profile", args=[customer.pk])))
    found = re.search(r'data-counter="notes">.*?<div class="count">(\d+)</div>', page)
    assert found, "the toolbar has no notes counter"
    return int(found.group(1))


def test_a_compliance_only_note_is_for_compliance_eyes_only(agent, officer, person, support_agent, compliance_officer):
    make_note(person, support_agent, body="Called about a card payment.")
    make_note(person, compliance_officer, body="SAR filed on 3 March.", visibility=NoteVisibility.COMPLIANCE)
    officer_page = text(officer.get(tab_url(person, "notes")))
    assert "SAR filed on 3 March." in officer_page and "Compliance only" in officer_page
    assert "Called about a card payment." in officer_page
    agent_page = text(agent.get(tab_url(person, "notes")))
    assert "Called about a card payment." in agent_page
    assert "SAR filed" not in agent_page and "Compliance only" not in agent_page
    assert notes_counter(officer, person) == 2
    assert notes_counter(agent, person) == 1


def test_pinned_notes_come_first(agent, person, support_agent):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    make_note(person, support_agent, body="Oldest note, pinned.", is_pinned=True, created_at=now - timedelta(days=3))
    make_note(person, support_agent, body="Middle note.", created_at=now - timedelta(days=2))
    make_note(person, support_agent, body="Newest note.", created_at=now - timedelta(days=1))
    page = text(agent.get(tab_url(person, "notes")))
    positions = [page.index(body) for body in ("Oldest note, pinned.", "Newest note.", "Middle note.")]
    assert positions == sorted(positions)


def test_writing_a_note_from_the_notes_tab(agent, person):
    page = text(agent.get(tab_url(person, "notes")))
    assert "Add the note" in page and 'value="compliance"' not in page
    response = agent.post(
        reverse("customer-note-add", args=[person.pk]),
        {"body": "Customer asked for a statement.", "visibility": "everyone", "pinned": "on"},
    )
    assert_redirects_to_tab(response, person, "notes")
    page = text(agent.get(response.url))
    assert "The note was added." in page and "Customer asked for a statement." in page and "Pinned" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": "", "visibility": "everyone"}, "body", "This field is required."),
        ({"body": "   ", "visibility": "everyone"}, "body", "This field is required."),
        ({"body": "Suspicious transfers.", "visibility": "compliance"}, "visibility", "Select a valid choice."),
    ],
)
def test_a_bad_note_is_shown_next_to_its_field_and_not_saved(agent, person, data, field, message):
    response = agent.post(reverse("customer-note-add", args=[person.pk]), data)
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Note.objects.exists()


def test_a_compliance_officer_writes_a_compliance_only_note(officer, agent, person):
    response = officer.post(
        reverse("customer-note-add", args=[person.pk]), {"body": "Watch incoming SEPA.", "visibility": "compliance"}
    )
    assert_redirects_to_tab(response, person, "notes")
    assert Note.objects.get().is_confidential
    assert "Watch incoming SEPA." not in text(agent.get(tab_url(person, "history")))
    assert "Watch incoming SEPA." in text(officer.get(tab_url(person, "history")))


def test_pinning_a_note_twice_is_refused_with_a_message(agent, person, support_agent):
    note = make_note(person, support_agent)
    url = reverse("customer-note-pin", args=[person.pk, note.pk])
    assert agent.get(url).status_code == 405
    response = agent.post(url)
    assert_redirects_to_tab(response, person, "notes")
    assert "The note is pinned on top." in text(agent.get(response.url))
    response = agent.post(url, follow=True)
    assert "This note is pinned already." in text(response)
    note.refresh_from_db()
    assert note.is_pinned
    assert AuditEntry.objects.filter(action="customers.note.pinned").count() == 1
    response = agent.post(reverse("customer-note-unpin", args=[person.pk, note.pk]), follow=True)
    assert "The note is unpinned." in text(response)


def test_a_support_agent_cannot_reach_a_compliance_only_note(agent, person, compliance_officer):
    note = make_note(person, compliance_officer, body="SAR filed.", visibility=NoteVisibility.COMPLIANCE)
    assert agent.post(reverse("customer-note-pin", args=[person.pk, note.pk])).status_code == 404
    note.refresh_from_db()
    assert not note.is_pinned


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
    hold_a_lot(big, support_agent, compliance_officer)
    return small, big


def queries_of(client, url, **headers) -> int:
    """The queries of ``url`` once warmed up (the strip and the session already know the page)."""
    client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "full-page"])
@pytest.mark.parametrize("tab", TAB_KEYS)
@pytest.mark.parametrize("viewer", ["agent", "officer"])
def test_a_tab_makes_the_same_queries_whatever_the_customer_holds(
    request, django_assert_num_queries, small_and_big, tab, partial, viewer
):
    client = request.getfixturevalue(viewer)
    small, big = small_and_big
    headers = HTMX if partial else {}
    expected = queries_of(client, tab_url(small, tab), **headers)
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
    expected = queries_of(client, reverse("customer-account", args=[short.pk, short_account.pk]))
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
