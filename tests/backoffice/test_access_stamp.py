"""A signed-in request reads its permissions and second-factor device from the session (issue 17),
and every change to them is still seen on the very next request."""

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice import services
from backoffice.access_stamp import SESSION_ACCESS
from backoffice.auth_session import SESSION_RENEWED_AT
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT

AUDIT = "audit-list"  # compliance officers and administrators only


def tables(queries) -> list[str]:
    """The tables the queries read, in order: what a reader of the query log sees."""
    names = []
    for query in queries:
        sql = query["sql"]
        for table in ("django_session", "backoffice_staffuser", "otp_totp", "auth_permission", "auth_group"):
            if table in sql:
                names.append(table)
                break
        else:
            names.append(sql[:40])
    return names


@pytest.fixture
def officer_client(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    assert client.get(reverse(AUDIT)).status_code == 200  # remembers the permissions and the device
    return client


def test_a_read_asks_the_database_for_the_session_and_the_member_only(officer_client):
    with CaptureQueriesContext(connection) as queries:
        response = officer_client.get(reverse("search") + "?q=&suggest=1", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert tables(queries) == ["django_session", "backoffice_staffuser"]
    assert SESSION_ACCESS in officer_client.session


@pytest.fixture
def every_role(make_staff):
    """An administrator who holds every role, so may grant and take away any."""
    return make_staff(role=[ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT])


def test_a_role_taken_away_is_refused_on_the_next_request(officer_client, compliance_officer, every_role):
    services.set_staff_roles(actor=every_role, staff=compliance_officer, roles=[SUPPORT_AGENT])
    assert officer_client.get(reverse(AUDIT)).status_code == 403


def test_a_role_given_is_usable_on_the_next_request(signed_in, support_agent, every_role):
    client = signed_in(support_agent)
    assert client.get(reverse(AUDIT)).status_code == 403
    services.set_staff_roles(actor=every_role, staff=support_agent, roles=[SUPPORT_AGENT, COMPLIANCE_OFFICER])
    assert client.get(reverse(AUDIT)).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        lambda group, permission, user: group.permissions.remove(permission),
        lambda group, permission, user: permission.group_set.remove(group),
        lambda group, permission, user: group.permissions.clear(),
        lambda group, permission, user: permission.group_set.clear(),
        lambda group, permission, user: user.groups.remove(group),
        lambda group, permission, user: group.user_set.remove(user),
        lambda group, permission, user: group.user_set.clear(),
        lambda group, permission, user: group.delete(),
    ],
    ids=[
        "role loses it",
        "permission leaves the role",
        "role cleared",
        "permission cleared",
        "member leaves the role",
        "role drops the member",
        "role emptied",
        "role deleted",
    ],
)
def test_every_way_a_permission_is_taken_away_is_seen_on_the_next_request(officer_client, compliance_officer, change):
    group = Group.objects.get(name=COMPLIANCE_OFFICER)
    permission = Permission.objects.get(codename="view_audit_log")
    change(group, permission, compliance_officer)
    assert officer_client.get(reverse(AUDIT)).status_code == 403


def test_a_permission_given_to_the_member_directly_is_seen(signed_in, support_agent):
    client = signed_in(support_agent)
    assert client.get(reverse(AUDIT)).status_code == 403
    support_agent.user_permissions.add(Permission.objects.get(codename="view_audit_log"))
    assert client.get(reverse(AUDIT)).status_code == 200


def test_a_second_factor_reset_by_an_administrator_ends_the_session(officer_client, compliance_officer, every_role):
    services.reset_staff_mfa(actor=every_role, staff=compliance_officer, reason="lost phone")
    response = officer_client.get(reverse("dashboard"), follow=True)
    assert "Your second factor is no longer valid" in response.content.decode()


def test_a_device_deleted_by_hand_ends_the_session(officer_client, compliance_officer):
    TOTPDevice.objects.filter(user=compliance_officer).delete()
    response = officer_client.get(reverse("dashboard"), follow=True)
    assert "Your second factor is no longer valid" in response.content.decode()


def test_a_deactivated_member_is_refused_whatever_the_session_remembers(
    officer_client, compliance_officer, administrator
):
    services.deactivate_staff_member(actor=administrator, staff=compliance_officer, reason="left")
    assert officer_client.get(reverse(AUDIT)).status_code == 302


def test_a_change_made_behind_the_panel_s_back_is_seen_at_the_next_renewal(officer_client, compliance_officer):
    group = Group.objects.get(name=COMPLIANCE_OFFICER)
    through = group.permissions.through
    # A raw delete sends no signal: the stamp stays, and the remembered permissions are used…
    through.objects.filter(group=group, permission__codename="view_audit_log")._raw_delete(connection.alias)
    assert officer_client.get(reverse(AUDIT)).status_code == 200
    # …until the session is renewed (at most a minute later): then they are read again.
    session = officer_client.session
    session[SESSION_RENEWED_AT] = time.time() - 61
    session.save()
    assert officer_client.get(reverse(AUDIT)).status_code == 403


def test_a_migration_granting_permissions_moves_every_stamp_on(officer_client, compliance_officer):
    from django.apps import apps

    from backoffice.roles import grant_permissions

    before = type(compliance_officer).objects.get(pk=compliance_officer.pk).access_stamp
    grant_permissions(apps, app_label="backoffice", model_name="StaffUser", grants={ADMINISTRATOR: ["manage_staff"]})
    assert type(compliance_officer).objects.get(pk=compliance_officer.pk).access_stamp > before


def test_a_renamed_role_shows_its_new_name_on_the_next_request(officer_client):
    Group.objects.filter(name=COMPLIANCE_OFFICER).update(name="Renamed")  # no signal: seen at renewal
    group = Group.objects.get(name="Renamed")
    group.name = "Financial crime officer"
    group.save()
    assert "Financial crime officer" in officer_client.get(reverse("dashboard")).content.decode()
