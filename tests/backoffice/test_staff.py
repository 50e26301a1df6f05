"""Administrators manage staff accounts in the panel: list, create with a role, edit, roles,
deactivate, reset the second factor, unlock, send a password link."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice import services
from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry, CommandRule, StaffUser
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from backoffice.services import approvals
from tests.conftest import PASSWORD, sign_in
from tests.helpers import audit_actions, invite, page_text, reauthenticated


@pytest.fixture
def admin_client(signed_in, administrator):
    return signed_in(administrator)


@pytest.fixture
def multi_role_admin(make_staff):
    """An administrator who also holds the support-agent role, so may grant both."""
    return make_staff("root2", [ADMINISTRATOR, SUPPORT_AGENT])


# --- list ----------------------------------------------------------------------------------


def test_the_list_shows_roles_second_factor_and_lockouts(admin_client, make_staff):
    make_staff("agent00", SUPPORT_AGENT)
    page = admin_client.get(reverse("staff-list")).content.decode()
    assert "agent00" in page and "Support agent" in page and "Not enrolled" in page


@pytest.mark.parametrize("rows", [60, 200])
def test_the_list_makes_the_same_queries_whatever_its_size(admin_client, make_staff, django_assert_num_queries, rows):
    """Session, user, device, 2 x permissions, the viewer's columns, page, its groups, the
    viewer's groups, bounded count, and the session save (3 statements); with an empty cache,
    the top bar's count of requests awaiting this administrator (four-eyes) and the rules it
    reads, and their overdue work items (3; cached after)."""
    for index in range(rows):
        make_staff(f"agent{index:03d}", SUPPORT_AGENT)
    with django_assert_num_queries(16):
        response = admin_client.get(reverse("staff-list"))
    assert "Rows 1–50 of" in page_text(response)


def test_the_list_filters_by_role_and_text_and_keeps_filters_in_the_url(admin_client, make_staff):
    make_staff("zoe", COMPLIANCE_OFFICER)
    make_staff("yann", SUPPORT_AGENT)
    page = admin_client.get(reverse("staff-list"), {"role": COMPLIANCE_OFFICER}).content.decode()
    assert "zoe" in page and "yann" not in page
    page = admin_client.get(reverse("staff-list"), {"q": "yan"}).content.decode()
    assert "yann" in page and "zoe" not in page
    assert "page=2" not in page


def test_the_list_refuses_a_bad_filter_next_to_the_field(admin_client):
    page = admin_client.get(reverse("staff-list"), {"role": "Pope"}).content.decode()
    assert "Select a valid choice" in page
    assert "Correct the filters" in page


def test_the_list_sorts_by_any_column(admin_client, make_staff):
    make_staff("aaron", SUPPORT_AGENT)
    make_staff("zed", SUPPORT_AGENT)
    page = admin_client.get(reverse("staff-list"), {"sort": "-username"}).content.decode()
    assert page.index("zed") < page.index("aaron")
    assert 'aria-sort="descending"' in page


def test_htmx_requests_get_only_the_results(admin_client):
    response = admin_client.get(reverse("staff-list"), headers={"HX-Request": "true", "HX-Target": "list-results"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="list-results"') and "<html" not in page


def test_the_export_is_a_csv_of_the_filtered_rows_and_is_audited(admin_client, make_staff):
    make_staff("zoe", COMPLIANCE_OFFICER)
    make_staff("=cmd", SUPPORT_AGENT)
    response = admin_client.post(reverse("staff-list") + "?role=Support+agent", {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="staff-')
    assert "zoe" not in body and "'=cmd" in body, "formulas are neutralised"
    assert body.splitlines()[0].startswith("Username,Name,Roles"), "the columns on screen"
    entry = AuditEntry.objects.get(action="staff.exported")
    assert entry.changes["format"] == [None, "csv"] and entry.changes["filters"][1]["role"] == [SUPPORT_AGENT]


def test_the_export_as_xlsx(admin_client, support_agent):
    import io
    import zipfile

    response = admin_client.post(reverse("staff-list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    shared = workbook.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in workbook.namelist() else ""
    sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "sam" in shared + sheet and "Username" in shared + sheet


# --- create --------------------------------------------------------------------------------


def test_an_administrator_invites_an_administrator_whose_role_another_administrator_approves(
    admin_client, administrator, make_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("staff-create"),
            {
                "username": "newbie",
                "first_name": "New",
                "last_name": "Bie",
                "email": "newbie@example.test",
                "roles": [ADMINISTRATOR],
                "reason": "Joins the platform team.",
            },
            follow=True,
        )
    staff = StaffUser.objects.get(username="newbie")
    assert response.redirect_chain[-1][0] == reverse("staff-detail", args=[staff.pk])
    assert "Their roles wait for approval" in page_text(response)
    assert staff.role_names == [] and not staff.has_usable_password(), "no role until approved"
    assert staff.created_by == administrator
    approval = ApprovalRequest.objects.get(command="backoffice.staff.roles.set")
    assert (approval.approver_role, approval.parameters["roles"]) == (ADMINISTRATOR, [ADMINISTRATOR])
    approve(make_staff("admin2", ADMINISTRATOR), approval)
    staff = StaffUser.objects.get(username="newbie")
    assert staff.role_names == [ADMINISTRATOR]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["newbie@example.test"]
    link = re.search(r"http://\S+/account/set-password/\S+/", mail.outbox[0].body).group(0)
    assert "Your username is: newbie" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="staff.created")
    assert entry.actor == administrator and entry.changes["roles_asked"] == [None, [ADMINISTRATOR]]
    granted = AuditEntry.objects.get(action="staff.roles.changed")
    assert (granted.actor, granted.changes["approval_request"]) == (administrator, [None, approval.pk])

    # The link lets them choose a password once.
    client = admin_client.__class__()
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302
    response = client.post(
        response.url, {"new_password1": "a long new pass phrase", "new_password2": "a long new pass phrase"}
    )
    assert response.url == reverse("login")
    staff.refresh_from_db()
    assert staff.check_password("a long new pass phrase")
    assert "staff.password.set" in audit_actions(actor=staff)
    assert "no longer works" in client.get(link.replace("http://127.0.0.1:8000", ""), follow=True).content.decode()


def approve(checker, approval, **extra):
    """``checker`` approves ``approval`` through its page; the page they land on."""
    client = sign_in(Client(), checker)
    data = {"text": "Checked.", "password": PASSWORD, **extra}
    return page_text(client.post(reverse("approval-approve", args=[approval.pk]), data, follow=True))


def test_granting_the_compliance_officer_role_waits_for_a_compliance_officer(admin_client, administrator, make_staff):
    form = page_text(admin_client.get(reverse("staff-create")))
    assert "Administrator:" in form and "Compliance officer:" in form, "an administrator offers every role"
    data = {"username": "olga", "first_name": "O", "last_name": "N", "email": "o@example.test"}
    admin_client.post(reverse("staff-create"), {**data, "roles": [COMPLIANCE_OFFICER], "reason": "New analyst."})
    olga = StaffUser.objects.get(username="olga")
    approval = ApprovalRequest.objects.get()
    assert approval.approver_role == COMPLIANCE_OFFICER and olga.role_names == []
    admin2 = sign_in(Client(), make_staff("admin2", ADMINISTRATOR))
    assert admin2.post(reverse("approval-approve", args=[approval.pk]), {"text": "Ok."}).status_code == 403
    with pytest.raises(DomainError, match="Only a holder of the Compliance officer role may decide"):
        approvals.approve(approval=approval, checker=StaffUser.objects.get(username="admin2"), comment="Ok.")
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    awaiting = page_text(sign_in(Client(), officer).get(reverse("approval-list")))
    assert "Change a staff member" in awaiting and "O N" in awaiting, "the officer's inbox lists it"
    olga_client = sign_in(Client(), olga)  # no role yet: she neither sees nor decides her own grant
    assert olga_client.post(reverse("approval-approve", args=[approval.pk]), {"text": "Me."}).status_code == 404
    assert StaffUser.objects.get(pk=olga.pk).role_names == []
    approve(officer, approval)
    assert StaffUser.objects.get(pk=olga.pk).role_names == [COMPLIANCE_OFFICER]


def test_the_service_asks_for_a_privileged_role_even_when_the_rule_is_off(administrator, make_staff):
    CommandRule.objects.create(command="backoffice.staff.roles.set", four_eyes=False)
    agent = invite(administrator, "plain", roles=[SUPPORT_AGENT])
    assert agent.role_names == [SUPPORT_AGENT], "the rule is off: granted at once"
    holder_of_both = make_staff("both2", [ADMINISTRATOR, COMPLIANCE_OFFICER])
    staff, approval = services.create_staff_member(
        actor=administrator,
        username="x",
        email="x@example.test",
        first_name="X",
        last_name="Y",
        roles=[COMPLIANCE_OFFICER, ADMINISTRATOR],
        reason="Both.",
    )
    assert approval is not None and approval.approver_role == ADMINISTRATOR and staff.role_names == []
    both = make_staff("both", [ADMINISTRATOR])
    assert "Only a holder of the Compliance officer role may approve" in approve(both, approval)
    approve(holder_of_both, approval)
    assert StaffUser.objects.get(pk=staff.pk).role_names == [ADMINISTRATOR, COMPLIANCE_OFFICER]


def test_a_taken_username_is_refused_next_to_the_field(admin_client, support_agent):
    response = admin_client.post(
        reverse("staff-create"),
        {
            "username": "SAM",
            "first_name": "S",
            "last_name": "A",
            "email": "s@example.test",
            "roles": [ADMINISTRATOR],
            "reason": "New.",
        },
    )
    assert "This username is already taken." in response.content.decode()


def test_bad_input_keeps_what_was_typed(admin_client):
    response = admin_client.post(
        reverse("staff-create"), {"username": "new one", "first_name": "Kept", "last_name": "", "email": "not-an-email"}
    )
    page = response.content.decode()
    assert 'value="Kept"' in page
    assert "Enter a valid email address." in page and "This field is required." in page
    assert "Enter a valid “slug”" in page


# --- roles ---------------------------------------------------------------------------------


def test_changing_roles_asks_for_the_password_again(admin_client, support_agent):
    url = reverse("staff-roles", args=[support_agent.pk])
    response = admin_client.get(url)
    assert response.url == f"{reverse('reauthenticate')}?next={url.replace('/', '%2F')}"
    response = admin_client.post(reverse("reauthenticate") + f"?next={url}", {"password": "wrong"})
    assert "This is not your password." in response.content.decode()
    response = admin_client.post(reverse("reauthenticate") + f"?next={url}", {"password": PASSWORD})
    assert response.url == url
    assert admin_client.get(url).status_code == 200
    assert audit_actions(action__startswith="auth.reauth") == ["auth.reauthentication.failed", "auth.reauthenticated"]


def test_a_change_of_roles_waits_for_a_second_administrator(
    signed_in, multi_role_admin, compliance_officer, make_staff
):
    client = reauthenticated(signed_in(multi_role_admin))
    url = reverse("staff-roles", args=[compliance_officer.pk])
    assert "Ask for approval" in page_text(client.get(url))
    response = client.post(url, {"roles": [SUPPORT_AGENT], "version": compliance_officer.version})
    assert "Say why: the person who approves reads it." in page_text(response)
    data = {"roles": [SUPPORT_AGENT], "version": compliance_officer.version, "reason": "Moved to support."}
    response = client.post(url, data, follow=True)
    assert "waits for a second person" in page_text(response)
    assert "Awaiting a second person" in page_text(response), "the staff page says a request waits"
    assert StaffUser.objects.get(pk=compliance_officer.pk).role_names == [COMPLIANCE_OFFICER]
    assert "already waits" in page_text(client.get(url, follow=True))
    approval = ApprovalRequest.objects.get()
    assert approval.approver_role == ADMINISTRATOR, "removing a role: another administrator"
    approve(make_staff("admin2", ADMINISTRATOR), approval)
    assert StaffUser.objects.get(pk=compliance_officer.pk).role_names == [SUPPORT_AGENT]
    entry = AuditEntry.objects.get(action="staff.roles.changed")
    assert entry.changes["roles"] == [[COMPLIANCE_OFFICER], [SUPPORT_AGENT]]
    assert entry.reason == "Moved to support." and entry.actor == multi_role_admin


def test_the_staff_member_concerned_does_not_decide_a_change_of_their_roles(administrator, make_staff):
    other = make_staff("bea", [ADMINISTRATOR, SUPPORT_AGENT])
    approval = approvals.request_approval(
        command=commands.get(services.ROLES_COMMAND),
        actor=administrator,
        target=other,
        parameters={"roles": [SUPPORT_AGENT], "reason": "Leaves the admin team."},
    )
    assert "These are your own roles: another person decides." in approve(other, approval)
    assert StaffUser.objects.get(pk=other.pk).role_names == [ADMINISTRATOR, SUPPORT_AGENT]


def test_an_administrator_cannot_demote_themselves(signed_in, multi_role_admin):
    client = reauthenticated(signed_in(multi_role_admin))
    url = reverse("staff-roles", args=[multi_role_admin.pk])
    data = {"roles": [SUPPORT_AGENT], "version": multi_role_admin.version, "reason": "Less."}
    response = client.post(url, data)
    assert "You cannot remove your own roles" in response.content.decode(), "refused when asked, not approved"
    assert not ApprovalRequest.objects.exists()
    assert multi_role_admin.role_names == [ADMINISTRATOR, SUPPORT_AGENT]


def test_a_concurrent_edit_is_detected_instead_of_overwritten(
    signed_in, multi_role_admin, support_agent, administrator
):
    admin_client = reauthenticated(signed_in(multi_role_admin))
    url = reverse("staff-edit", args=[support_agent.pk])
    opened_version = support_agent.version
    services.update_staff_member(
        actor=multi_role_admin,
        staff=support_agent,
        version=opened_version,
        first_name="Other",
        last_name="Edit",
        email="o@example.test",
    )
    response = admin_client.post(
        url, {"first_name": "Mine", "last_name": "Edit", "email": "m@example.test", "version": opened_version}
    )
    assert "Someone else saved this staff member after you opened the form" in response.content.decode()
    support_agent.refresh_from_db()
    assert support_agent.first_name == "Other"


def test_editing_details_audits_only_what_changed(admin_client, support_agent):
    reauthenticated(admin_client)
    url = reverse("staff-edit", args=[support_agent.pk])
    admin_client.post(
        url, {"first_name": "Samuel", "last_name": support_agent.last_name, "email": support_agent.email, "version": 0}
    )
    entry = AuditEntry.objects.get(action="staff.updated")
    assert entry.changes == {"first_name": ["Sam", "Samuel"]}


# --- deactivate, second factor, unlock, password link ----------------------------------------


def test_deactivation_restates_its_effect_and_needs_a_reason(admin_client, support_agent):
    client = reauthenticated(admin_client)
    url = reverse("staff-deactivate", args=[support_agent.pk])
    assert "will no longer be able to sign in" in client.get(url).content.decode()
    assert "This field is required." in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "left the company"})
    support_agent.refresh_from_db()
    assert not support_agent.is_active and support_agent.deactivated_at
    assert AuditEntry.objects.get(action="staff.deactivated").reason == "left the company"
    client.post(reverse("staff-reactivate", args=[support_agent.pk]), {"reason": "came back"})
    support_agent.refresh_from_db()
    assert support_agent.is_active


def test_an_administrator_cannot_deactivate_themselves(admin_client, administrator):
    client = reauthenticated(admin_client)
    response = client.post(reverse("staff-deactivate", args=[administrator.pk]), {"reason": "oops"}, follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active
    assert "Deactivate</a>" not in client.get(reverse("staff-detail", args=[administrator.pk])).content.decode()


def test_resetting_the_second_factor(signed_in, multi_role_admin, support_agent):
    TOTPDevice.objects.create(user=support_agent, confirmed=True)
    client = reauthenticated(signed_in(multi_role_admin))
    client.post(reverse("staff-reset-second-factor", args=[support_agent.pk]), {"reason": "lost phone"})
    assert not TOTPDevice.objects.filter(user=support_agent).exists()
    assert AuditEntry.objects.get(action="staff.mfa.reset").reason == "lost phone"
    response = client.post(
        reverse("staff-reset-second-factor", args=[support_agent.pk]), {"reason": "again"}, follow=True
    )
    assert "has no second factor to reset" in response.content.decode()


def test_unlocking_a_locked_out_account(admin_client, support_agent, client):
    from django.test import Client

    attacker = Client()
    for _ in range(5):
        attacker.post(reverse("login"), {"username": "sam", "password": "wrong"})
    page = admin_client.get(reverse("staff-detail", args=[support_agent.pk])).content.decode()
    assert "Locked out until" in page
    assert "Locked out" in admin_client.get(reverse("staff-list"), {"locked": "yes"}).content.decode()
    admin_client.post(reverse("staff-unlock", args=[support_agent.pk]))
    assert attacker.post(reverse("login"), {"username": "sam", "password": PASSWORD}).status_code == 302
    assert "staff.unlocked" in audit_actions()
    response = admin_client.post(reverse("staff-unlock", args=[support_agent.pk]))
    assert "is not locked out" in response.content.decode()


def test_sending_a_password_link(signed_in, multi_role_admin, support_agent, django_capture_on_commit_callbacks):
    admin_client = signed_in(multi_role_admin)
    url = reverse("staff-send-password-link", args=[support_agent.pk])
    assert support_agent.email in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
    assert len(mail.outbox) == 1 and "Choose a new password here" in mail.outbox[0].body
    support_agent.refresh_from_db()
    assert support_agent.check_password(PASSWORD), "the old password works until the link is used"


def test_roles_are_the_groups_of_the_design_table(db):
    def perms(role):
        return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))

    support, compliance, admin = perms(SUPPORT_AGENT), perms(COMPLIANCE_OFFICER), perms(ADMINISTRATOR)
    assert ("customers", "browse_customers") in support & compliance & admin
    assert ("customers", "view_full_pii") in compliance & admin and ("customers", "view_full_pii") not in support
    assert ("kyc", "upload_documents") in support & compliance and ("kyc", "upload_documents") not in admin
    assert ("kyc", "decide_kyc_review") in compliance - support - admin
    assert ("kyc", "refund_vigilance_transfer") in compliance - support - admin
    assert ("compliance", "freeze_assets") in compliance & admin and ("compliance", "freeze_assets") not in support
    assert ("compliance", "set_legal_freeze") in compliance - admin - support
    assert ("backoffice", "view_confidential") in compliance & admin and (
        "backoffice",
        "view_confidential",
    ) not in support
    assert ("compliance", "change_state") in compliance & admin
    assert ("compliance", "manage_limits") in admin - compliance - support
    assert ("backoffice", "manage_staff") in admin - compliance - support


# --- credentials are roles too ---------------------------------------------------------------


def test_an_administrator_cannot_take_over_an_account_holding_a_role_they_do_not_hold(
    admin_client, compliance_officer, django_capture_on_commit_callbacks
):
    TOTPDevice.objects.create(user=compliance_officer, confirmed=True)
    client = reauthenticated(admin_client)
    page = client.get(reverse("staff-detail", args=[compliance_officer.pk])).content.decode()
    assert "holds a role you do not hold" in page
    assert "Reset second factor" not in page and "Send password link" not in page
    assert client.get(reverse("staff-reset-second-factor", args=[compliance_officer.pk])).status_code == 404
    assert client.post(reverse("staff-send-password-link", args=[compliance_officer.pk])).status_code == 404

    url = reverse("staff-edit", args=[compliance_officer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"first_name": "Chloe", "last_name": "T", "email": "attacker@example.test", "version": 0}
        )
    assert "holds a role you do not hold (Compliance officer)" in response.content.decode()
    compliance_officer.refresh_from_db()
    assert compliance_officer.email == "chloe@example.test" and not mail.outbox

    client.post(url, {"first_name": "Chloé", "last_name": "Tester", "email": "chloe@example.test", "version": 0})
    compliance_officer.refresh_from_db()
    assert compliance_officer.first_name == "Chloé", "the name is not a credential"


def test_a_new_email_is_announced_to_the_old_address(
    signed_in, multi_role_admin, support_agent, django_capture_on_commit_callbacks
):
    client = reauthenticated(signed_in(multi_role_admin))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("staff-edit", args=[support_agent.pk]),
            {"first_name": "Sam", "last_name": "Tester", "email": "sam.new@example.test", "version": 0},
        )
    assert [message.to for message in mail.outbox] == [["sam@example.test"]]
    assert "sam.new@example.test" in mail.outbox[0].body


def test_the_last_active_administrator_stays(make_staff, django_capture_on_commit_callbacks):
    from backoffice import audit

    only = make_staff("only", ADMINISTRATOR)
    root = make_staff("root", is_superuser=True)
    with pytest.raises(DomainError, match="last active administrator"):
        services.set_staff_roles(actor=audit.SystemActor("command:test"), staff=only, roles=[SUPPORT_AGENT])
    with pytest.raises(DomainError, match="last active administrator"):
        services.deactivate_staff_member(actor=root, staff=only, reason="test")
    make_staff("second", ADMINISTRATOR)
    services.deactivate_staff_member(actor=root, staff=only, reason="left")


def test_the_invitation_leaves_only_once_the_account_is_saved(administrator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(administrator, "later")
        assert not mail.outbox, "nothing is sent inside the transaction"
    sends = [callback for callback in callbacks if "send_staff_password_link_email" in repr(callback)]
    assert len(sends) == 1
    sends[0]()
    assert mail.outbox[0].to == ["later@example.test"]


# --- lists ------------------------------------------------------------------------------------


def test_an_export_too_big_is_refused_with_a_message(admin_client, make_staff, settings):
    settings.LIST_EXPORT_MAX_ROWS = 2
    for index in range(3):
        make_staff(f"many{index}", SUPPORT_AGENT)
    response = admin_client.post(reverse("staff-list") + "?role=Support+agent", {"export": "csv"}, follow=True)
    assert "more than 2 rows: narrow the filters to export it" in response.content.decode()
    assert not AuditEntry.objects.filter(action="staff.exported").exists()


def test_a_page_number_beyond_reason_shows_an_empty_page(admin_client):
    for page in ("9" * 40, "-3", "abc"):
        assert admin_client.get(reverse("staff-list"), {"page": page}).status_code == 200


def test_filter_errors_come_back_next_to_the_field_in_htmx_mode(admin_client):
    response = admin_client.get(
        reverse("staff-list"), {"role": "Pope"}, headers={"HX-Request": "true", "HX-Target": "list-results"}
    )
    page = response.content.decode()
    assert 'id="list-filters"' in page and 'hx-swap-oob="true"' in page and "Select a valid choice" in page
    assert "Vary" in response and "HX-Target" in response["Vary"]


def test_one_administrator_cannot_take_over_another_to_approve_alone(administrator, make_staff):
    """Review 18c: an administrator who changed another's email could sign in as them and approve
    their own requests. A new email, or a reset second factor, on an administrator's account waits
    for another administrator or the account's owner, never its maker."""
    other = make_staff("admin2", ADMINISTRATOR)
    TOTPDevice.objects.create(user=other, confirmed=True)
    client = reauthenticated(sign_in(Client(), administrator))
    data = {"first_name": other.first_name, "last_name": other.last_name, "version": other.version}
    response = client.post(reverse("staff-edit", args=[other.pk]), {**data, "email": "mine@example.test"})
    assert "Say why" in page_text(response), "a new email on an administrator's account is a request"
    response = client.post(
        reverse("staff-edit", args=[other.pk]),
        {**data, "email": "mine@example.test", "reason": "New mailbox."},
        follow=True,
    )
    assert "waits for a second person" in page_text(response)
    assert StaffUser.objects.get(pk=other.pk).email == "admin2@example.test", "nothing changed"
    email_change = ApprovalRequest.objects.get(command="backoffice.staff.update")
    assert email_change.approver_role == ADMINISTRATOR
    assert "another person must approve" in approve(administrator, email_change), "never its maker"
    detail = page_text(sign_in(Client(), other).get(reverse("approval-detail", args=[email_change.pk])))
    assert "mine@example.test" in detail and "admin2@example.test" in detail, "the email asked and the one held"
    client.post(reverse("staff-reset-second-factor", args=[other.pk]), {"reason": "Lost phone."})
    reset = ApprovalRequest.objects.get(command="backoffice.staff.second_factor.reset")
    assert TOTPDevice.objects.filter(user=other).exists(), "the second factor is still there"
    third = make_staff("admin3", ADMINISTRATOR)
    approve(third, reset)
    assert not TOTPDevice.objects.filter(user=other).exists()
    approve(other, email_change)  # its owner agreeing: with two administrators, the only other checker
    assert StaffUser.objects.get(pk=other.pk).email == "mine@example.test"
    renamed = {**data, "first_name": "Alba", "version": StaffUser.objects.get(pk=other.pk).version}
    client.post(reverse("staff-edit", args=[other.pk]), {**renamed, "email": "mine@example.test"})
    assert StaffUser.objects.get(pk=other.pk).first_name == "Alba", "a name is no credential: at once"


def test_a_compliance_officer_alone_cannot_remove_the_administrator_role(administrator, make_staff):
    """Review 18c: a change that adds the compliance officer role and removes the administrator
    role was decided by a compliance officer alone."""
    other = make_staff("admin2", ADMINISTRATOR)
    holder_of_both = make_staff("both2", [ADMINISTRATOR, COMPLIANCE_OFFICER])
    approval = approvals.request_approval(
        command=commands.get(services.ROLES_COMMAND),
        actor=administrator,
        target=other,
        parameters={"roles": [COMPLIANCE_OFFICER], "reason": "Moves to compliance."},
    )
    assert approval.approver_role == ADMINISTRATOR
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    client = sign_in(Client(), officer)
    url = reverse("approval-approve", args=[approval.pk])
    assert client.post(url, {"text": "Ok.", "password": PASSWORD}).status_code in (403, 404)
    with pytest.raises(DomainError, match="Only a holder of the Compliance officer role"):
        approvals.approve(approval=approval, checker=make_staff("admin3", [ADMINISTRATOR]), comment="Ok.")
    approvals.approve(approval=approval, checker=holder_of_both, comment="Ok.")
    assert StaffUser.objects.get(pk=other.pk).role_names == [COMPLIANCE_OFFICER]


def test_what_a_checker_would_be_refused_is_not_awaiting_them(administrator, make_staff):
    """Review 18c: the awaiting list and the top bar counted role requests the viewer may not decide."""
    from backoffice.selectors import approvals_awaiting, awaiting_count

    joiner = make_staff("joiner")
    approvals.request_approval(
        command=commands.get(services.ROLES_COMMAND),
        actor=administrator,
        target=joiner,
        parameters={"roles": [ADMINISTRATOR, COMPLIANCE_OFFICER], "reason": "Head of compliance."},
    )
    admin_only, both = make_staff("admin2", ADMINISTRATOR), make_staff("both", [ADMINISTRATOR, COMPLIANCE_OFFICER])
    assert not approvals_awaiting(admin_only).exists() and awaiting_count(admin_only) == 0
    assert approvals_awaiting(both).count() == 1 and awaiting_count(both) == 1
    assert "A holder of the Administrator and Compliance officer roles" in page_text(
        sign_in(Client(), both).get(reverse("approval-detail", args=[ApprovalRequest.objects.get().pk]))
    )


def test_a_staff_command_that_does_not_apply_is_refused_before_its_form(admin_client, administrator, support_agent):
    """Review 18d: the refusal came only once the form was filled in."""
    reauthenticated(admin_client)
    for name, account, refusal in [
        ("staff-reactivate", support_agent, "sam is already active."),
        ("staff-deactivate", administrator, "You cannot deactivate your own account."),
    ]:
        response = admin_client.get(reverse(name, args=[account.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("staff-detail", args=[account.pk]), name
        assert refusal in page_text(response).replace("&#x27;", "'"), name
