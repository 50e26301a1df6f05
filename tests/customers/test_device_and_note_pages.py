"""SCA devices, masked IBANs and notes as staff see them: each command through its page, the menus
each role and status offer, what a support agent may not see."""

import re

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.choices import (
    NoteVisibility,
    ScaDeviceKind,
    ScaDeviceStatus,
)
from customers.models import (
    Note,
)
from customers.services.sca import sca_refusal
from tests.conftest import PASSWORD
from tests.customers.holdings import (
    IBANS,
    make_account,
    make_beneficiary,
    make_device,
    make_note,
)
from tests.customers.pages import assert_redirects_to_tab, assert_sent_back_with, field_error, row_of, tab_url, text
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


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
    assert "The device is locked (Device lost): the customer cannot confirm payments or sign in with it" in page
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
        assert device.status == ScaDeviceStatus.ACTIVE
        assert "The device is unlocked: the customer can confirm payments with it again." in page
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
    assert "Beneficiary linked" in agent_history and "Jean (0189)" in agent_history
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
