"""Panel settings (issue 21, Treezor's Configuration): administrators switch, on /settings/, where
the profile shows SCA devices, whether "Send forgot password" is offered and whether verification
level 5 is. The initial values come from the Django settings; a choice is a declared command,
audited, stored in the database and read once per request. Every other role is refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry, CommandRule, PanelSetting
from backoffice.panel_settings import value_of
from backoffice.services.panel_settings import SET_SETTING, set_panel_setting, setting_to_edit
from customers.choices import ScaDeviceStatus, VerificationLevel, VerificationStatus
from customers.models import Customer
from customers.services.password_resets import request_password_reset
from customers.services.verification import set_manual_verification_level
from tests.conftest import PASSWORD, sign_in
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_device
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/settings/"


def edit_url(key: str) -> str:
    return reverse("panel-setting-edit", args=[key])


def choose(client, key: str, value: str, reason="Asked by the operations team.", **extra):
    return client.post(edit_url(key), {"value": value, "reason": reason, "shown": value_of(key), **extra})


@pytest.fixture
def admin(signed_in, administrator):
    return signed_in(administrator)


def identified(person):
    Customer.objects.filter(pk=person.pk).update(
        verification_status=VerificationStatus.IDENTIFIED, verification_level=VerificationLevel.LEVEL_2
    )
    return Customer.objects.get(pk=person.pk)


# --- The settings page and its command ----------------------------------------------------------


def test_the_settings_page_lists_each_switch_with_its_initial_value(admin):
    page = page_text(admin.get(SETTINGS_URL))
    assert reverse("panel-settings") == SETTINGS_URL
    for label in ("SCA devices", "Forgot-password email", "Verification level 5"):
        assert label in page
    assert "On a tab of their own" in page and page.count("Initial value") == 3
    assert 'href="/settings/sca-devices/"' in page
    assert not PanelSetting.objects.exists(), "showing the page stores nothing"


def test_the_initial_value_comes_from_the_django_settings_and_a_choice_wins_over_it(settings, administrator):
    settings.PANEL_SCA_DEVICES = "profile-tab"
    assert value_of("sca-devices") == "profile-tab"
    settings.PANEL_SCA_DEVICES = "nonsense"  # a value the switch does not offer: its first one
    assert value_of("sca-devices") == "own-tab"
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "sca-devices"), value="profile-tab", reason="Treezor's way."
    )
    settings.PANEL_SCA_DEVICES = "own-tab"
    assert value_of("sca-devices") == "profile-tab"


def test_an_administrator_changes_a_setting_with_a_reason_and_it_is_audited(admin, administrator):
    page = page_text(admin.get(edit_url("password-reset")))
    assert "Is “Send forgot password” offered on the profile?" in page and "In force: Offered" in page
    response = choose(admin, "password-reset", "not-offered", reason="The provider's reset flow is down.")
    assert response.status_code == 302 and response.url == SETTINGS_URL
    stored = PanelSetting.objects.get(pk="password-reset")
    assert stored.value == "not-offered" and stored.updated_by == administrator
    entry = AuditEntry.objects.get(action="backoffice.panel_setting.set")
    assert entry.changes == {"password-reset": ["offered", "not-offered"]}
    assert entry.reason == "The provider's reset flow is down." and entry.actor == administrator
    listing = page_text(admin.get(SETTINGS_URL))
    assert "Not offered" in listing and "Administrators" in listing
    audit_page = page_text(admin.get(reverse("audit-detail", args=[entry.pk])))
    assert "Panel setting changed" in audit_page and "Forgot-password email" in audit_page


def test_bad_input_is_said_next_to_the_field_and_nothing_changes(admin):
    response = choose(admin, "verification-level-5", "not-offered", reason="  ")
    assert response.status_code == 200 and "This field is required." in page_text(response)
    response = choose(admin, "verification-level-5", "maybe")
    assert "Select a valid choice. maybe is not one of the available choices." in page_text(response)
    response = choose(admin, "verification-level-5", "offered")
    assert "The setting has this value already." in page_text(response)
    assert not PanelSetting.objects.exists() and not AuditEntry.objects.filter(action__startswith="backoffice.panel")


def test_a_change_made_meanwhile_is_refused_not_overwritten(admin, administrator):
    page_value = value_of("sca-devices")  # the page opens showing "own-tab"
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "sca-devices"), value="profile-tab", reason="A colleague."
    )
    response = admin.post(edit_url("sca-devices"), {"value": "own-tab", "reason": "Mine.", "shown": page_value})
    assert "Someone changed this setting since the page opened" in page_text(response)
    assert PanelSetting.objects.get(pk="sca-devices").value == "profile-tab"


def test_an_unknown_setting_is_not_found(admin):
    assert admin.get(edit_url("no-such-switch")).status_code == 404
    assert admin.post(edit_url("no-such-switch"), {"value": "x", "reason": "y"}).status_code == 404


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "outsider"])
def test_every_other_role_is_refused(request, signed_in, role):
    client = signed_in(request.getfixturevalue(role))
    assert client.get(SETTINGS_URL).status_code == 403
    assert client.get(edit_url("sca-devices")).status_code == 403
    assert choose(client, "sca-devices", "profile-tab").status_code == 403
    assert not PanelSetting.objects.exists()


def test_only_administrators_see_the_settings_in_the_menu(signed_in, support_agent, administrator):
    assert 'href="/settings/"' not in page_text(signed_in(support_agent).get(reverse("dashboard")))
    assert 'href="/settings/"' in page_text(signed_in(administrator).get(reverse("dashboard")))


def test_with_four_eyes_on_a_change_waits_for_a_second_administrator(admin, make_staff):
    CommandRule.objects.create(command=SET_SETTING, four_eyes=True)
    response = choose(admin, "verification-level-5", "not-offered", approval_reason="Level 5 is retired.")
    assert response.status_code == 302
    assert value_of("verification-level-5") == "offered", "nothing changes until approved"
    approval = ApprovalRequest.objects.get(command=SET_SETTING)
    assert approval.target_id == "verification-level-5"
    assert "A change waits for approval" in page_text(admin.get(SETTINGS_URL))
    checker_page = page_text(admin.get(reverse("approval-detail", args=[approval.pk])))
    assert "Verification level 5" in checker_page and "Not offered (now Offered)" in checker_page
    checker = sign_in(type(admin)(), make_staff("second", "Administrator"))
    checker.post(reverse("approval-approve", args=[approval.pk]), {"text": "Agreed.", "password": PASSWORD})
    assert value_of("verification-level-5") == "not-offered"


def test_the_stored_choices_are_read_once_per_request(signed_in, administrator, settings):
    """The profile asks the SCA placement for its tab strip and for its Profile tab, and the reset
    switch for its Password section: one query of the settings in all."""
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "sca-devices"), value="profile-tab", reason="One read."
    )
    person = make_person("Query", "Count", email="query@example.test")
    client = signed_in(administrator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("customer-profile", args=[person.pk])).status_code == 200
    reads = [query["sql"] for query in queries.captured_queries if "backoffice_panelsetting" in query["sql"]]
    assert len(reads) == 1


# --- SCA devices: their own tab, or the Profile tab ------------------------------------------------


def test_sca_devices_have_their_own_tab_by_default(signed_in, support_agent):
    person = make_person("Tab", "Own")
    make_device(person, status=ScaDeviceStatus.ACTIVE)
    client = signed_in(support_agent)
    profile = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    assert reverse("customer-tab", args=[person.pk, "sca-devices"]) in profile
    assert 'id="sca-devices"' not in profile
    tab = client.get(reverse("customer-tab", args=[person.pk, "sca-devices"]))
    assert tab.status_code == 200 and "Secure SCA on this device" in page_text(tab)


def test_on_the_profile_tab_the_devices_and_their_commands_move_there(signed_in, support_agent, administrator):
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "sca-devices"), value="profile-tab", reason="Treezor's way."
    )
    person = make_person("Tab", "Profile")
    device = make_device(person, status=ScaDeviceStatus.ACTIVE)
    client = signed_in(support_agent)
    profile_url = reverse("customer-profile", args=[person.pk])
    profile = page_text(client.get(profile_url))
    assert 'id="sca-devices"' in profile and "Secure SCA on this device" in profile
    assert f'href="{reverse("customer-tab", args=[person.pk, "sca-devices"])}"' not in profile, "not in the strip"
    assert f'href="{profile_url}?deleted=1"' in profile  # "View deleted devices" stays on the Profile tab
    # The tab's URL (a bookmark, a command's way back) opens the Profile tab's section.
    response = client.get(reverse("customer-tab", args=[person.pk, "sca-devices"]) + "?deleted=1")
    assert response.status_code == 302 and response.url == f"{profile_url}?deleted=1#sca-devices"
    assert "No device was ever deleted." in page_text(client.get(f"{profile_url}?deleted=1"))
    # A command on a device comes back to the Profile tab.
    secured = client.post(
        reverse("customer-sca-secure", args=[person.pk, device.pk]),
        {"reason": "lost_device", "message": "Taxi"},
        follow=True,
    )
    assert secured.redirect_chain[-1][0] == f"{profile_url}#sca-devices"
    assert "Taxi" in page_text(secured)


# --- The forgot-password email -----------------------------------------------------------------


def test_when_not_offered_no_reset_email_can_be_sent(signed_in, support_agent, administrator):
    person = make_person("Reset", "Off", email="reset.off@example.test")
    client = signed_in(support_agent)
    profile_url = reverse("customer-profile", args=[person.pk])
    assert "Send forgot password" in page_text(client.get(profile_url))
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "password-reset"), value="not-offered", reason="Off."
    )
    profile = page_text(client.get(profile_url))
    assert "Send forgot password" not in profile
    assert "Sending the forgot-password email is switched off in the panel settings" in profile
    page = client.get(reverse("customer-password-reset", args=[person.pk]), follow=True)
    assert "switched off in the panel settings" in page_text(page)
    response = client.post(reverse("customer-password-reset", args=[person.pk]), {"email": person.primary_email})
    assert response.status_code == 302
    with pytest.raises(DomainError, match="switched off in the panel settings"):
        request_password_reset(actor=support_agent, customer=person, confirmed_email=person.primary_email)
    assert not person.password_resets.exists()


# --- Verification level 5 ----------------------------------------------------------------------


def level_options(response) -> list[str]:
    return [option for option in ("2", "3", "4", "5") if f'<option value="{option}"' in page_text(response)]


def test_when_not_offered_the_level_form_offers_2_to_4_and_level_5_is_refused(
    signed_in, compliance_officer, administrator
):
    person = identified(make_person("Level", "Five"))
    client = signed_in(compliance_officer)
    url = reverse("kyc-verification-level", args=[person.pk])
    assert level_options(client.get(url)) == ["2", "3", "4", "5"]
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "verification-level-5"), value="not-offered", reason="Off."
    )
    page = client.get(url)
    assert level_options(page) == ["2", "3", "4"]
    assert "Level 5 is not offered: an administrator switched it off" in page_text(page)
    response = client.post(url, {"level": "5", "reason": "Custom checks done."})
    assert response.status_code == 200 and "Select a valid choice" in page_text(response)
    with pytest.raises(DomainError, match="Level 5 is not offered"):
        set_manual_verification_level(actor=ROBOT, customer=person, level=5, reason="Custom checks done.")
    assert Customer.objects.get(pk=person.pk).verification_level == VerificationLevel.LEVEL_2


def test_a_level_5_request_asked_while_offered_is_refused_once_switched_off(
    signed_in, compliance_officer, administrator, make_staff
):
    person = identified(make_person("Level", "Waiting"))
    client = signed_in(compliance_officer)
    client.post(reverse("kyc-verification-level", args=[person.pk]), {"level": "5", "reason": "Custom checks done."})
    approval = ApprovalRequest.objects.get(command="kyc.verification_level.raise")
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "verification-level-5"), value="not-offered", reason="Off."
    )
    checker = sign_in(type(client)(), make_staff("checker", "Administrator"))
    response = checker.post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Agreed.", "password": PASSWORD}, follow=True
    )
    assert "Level 5 is not offered" in page_text(response)
    assert Customer.objects.get(pk=person.pk).verification_level == VerificationLevel.LEVEL_2


def test_a_customer_at_level_5_keeps_it_and_may_be_lowered(signed_in, compliance_officer, administrator):
    person = identified(make_person("Level", "Kept"))
    Customer.objects.filter(pk=person.pk).update(verification_level=VerificationLevel.LEVEL_5)
    set_panel_setting(
        actor=administrator, setting=setting_to_edit(None, "verification-level-5"), value="not-offered", reason="Off."
    )
    client = signed_in(compliance_officer)
    client.post(reverse("kyc-verification-level", args=[person.pk]), {"level": "2", "reason": "Back to derived."})
    assert Customer.objects.get(pk=person.pk).verification_level == VerificationLevel.LEVEL_2
