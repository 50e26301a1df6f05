"""The staff accounts' commands (``backoffice.commands``), and what their pages say about the
account they act on. Changing roles waits for a second person by default; granting the
compliance officer or administrator role, and taking over the credentials (email, second factor)
of an account that holds one, always wait for a holder of that role (``services.staff``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .commands import Command, commands
from .models import StaffUser
from .services.staff import ROLES_COMMAND, approvers_of

SERVICES = "backoffice.services.staff"
PAGES = "backoffice.staff_commands"
ON_STAFF: dict[str, Any] = {
    "permission": "backoffice.manage_staff",
    "target_model": "backoffice.staffuser",
    "target_argument": "staff",
    "target_url": f"{PAGES}.staff_url",
    "locate": "backoffice.selectors.staff_member_visible_to",
    "password": True,  # the staff pages ask for the password again (``requires_recent_password``)
}
CREDENTIALS: dict[str, Any] = {
    **ON_STAFF,
    "locate": "backoffice.selectors.staff_member_whose_credentials_user_may_reset",
    "approver_role_of": f"{SERVICES}.privileged_holder",
    "checker_refusal": f"{SERVICES}.credential_checker_refusal",
}

# The URL's last segment (staff/<pk>/<slug>/) → command.
URL_SLUGS = {
    "edit": "backoffice.staff.update",
    "roles": ROLES_COMMAND,
    "deactivate": "backoffice.staff.deactivate",
    "reactivate": "backoffice.staff.reactivate",
    "reset-second-factor": "backoffice.staff.second_factor.reset",
    "unlock": "backoffice.staff.unlock",
    "send-password-link": "backoffice.staff.password_link.send",
}


def register_commands() -> None:
    commands.register(
        Command(
            name="backoffice.staff.create",
            label="New staff member",
            permission="backoffice.manage_staff",
            service=f"{SERVICES}.create_staff_member",
            form="backoffice.forms.StaffCreateForm",
            effect=(
                "The account is created at once, with no role; an email invites them to choose a password. The "
                "roles asked wait for their approvers (changing a staff member's roles)."
            ),
            target_model="backoffice.staffuser",
            target_argument="",
            target_url=f"{PAGES}.staff_url",
            submit_label="Create and send the invitation",
            may_wait=False,  # its roles are a request of their own
            danger=False,
        ),
        Command(
            name=ROLES_COMMAND,
            label="Change a staff member's roles",
            service=f"{SERVICES}.set_staff_roles",
            form="backoffice.forms.StaffRolesForm",
            form_kwargs=f"{PAGES}.roles_form_kwargs",
            effect=(
                "The staff member's roles become the ones asked: what they may see and do changes at their next "
                "request. Granting the compliance officer or administrator role is approved by a holder of it, "
                "removing a role by an administrator."
            ),
            compared=("is_active",),
            state=f"{SERVICES}.roles_state",
            describe=f"{PAGES}.describe_roles",
            approver_role_of=f"{SERVICES}.role_grant_approver",
            checker_refusal=f"{SERVICES}.role_checker_refusal",
            fixed_rule=(
                "Granting the compliance officer or administrator role always waits for a holder of it, and "
                "removing a role for an administrator."
            ),
            four_eyes=True,
            danger=False,
            success_message="The roles were saved.",
            submit_label="Save roles",
            **ON_STAFF,
        ),
        Command(
            name="backoffice.staff.update",
            label="Edit a staff member's details",
            service=f"{SERVICES}.update_staff_member",
            form="backoffice.forms.StaffEditForm",
            form_kwargs=f"{PAGES}.edit_form_kwargs",
            effect=(
                "The name and email change. A new email is where password links go: the old address is told, "
                "and on an administrator's or a compliance officer's account it waits for a holder of that role."
            ),
            compared=("first_name", "last_name", "email", "is_active"),
            describe=f"{PAGES}.describe_edit",
            fixed_rule="A new email on an administrator's or compliance officer's account always waits.",
            danger=False,
            success_message="The staff member was saved.",
            submit_label="Save changes",
            **{**CREDENTIALS, "locate": ON_STAFF["locate"]},
        ),
        Command(
            name="backoffice.staff.deactivate",
            refusal=f"{SERVICES}.deactivate_refusal",
            actor_refusal=f"{SERVICES}.own_account_refusal",
            label="Deactivate the account",
            service=f"{SERVICES}.deactivate_staff_member",
            form="backoffice.forms.ReasonForm",
            effect="They can no longer sign in, and their open sessions end now. Their history stays.",
            effect_of=f"{PAGES}.deactivate_effect",
            compared=("is_active",),
            success_message="The account is deactivated.",
            **ON_STAFF,
        ),
        Command(
            name="backoffice.staff.reactivate",
            refusal=f"{SERVICES}.reactivate_refusal",
            label="Reactivate the account",
            service=f"{SERVICES}.reactivate_staff_member",
            form="backoffice.forms.ReasonForm",
            effect="They can sign in again with their password and second factor.",
            compared=("is_active",),
            danger=False,
            success_message="The account is active again.",
            **ON_STAFF,
        ),
        Command(
            name="backoffice.staff.second_factor.reset",
            refusal=f"{SERVICES}.second_factor_refusal",
            label="Reset the second factor",
            service=f"{SERVICES}.reset_staff_mfa",
            form="backoffice.forms.ReasonForm",
            effect=(
                "Their authenticator app stops working and their open sessions end. At their next sign-in, after "
                "their password, they add a new authenticator app. Do this only after checking who asks."
            ),
            fixed_rule=(
                "On an administrator's or compliance officer's account it always waits for a holder of that role."
            ),
            success_message="The second factor was reset. They enrol a new authenticator app at their next sign-in.",
            compared=("email", "is_active"),
            **CREDENTIALS,
        ),
        Command(
            name="backoffice.staff.unlock",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Unlock the account",
            service=f"{SERVICES}.unlock_staff_member",
            form="backoffice.forms.EmptyConfirmForm",
            effect="They can try to sign in again now instead of waiting for the lock to end.",
            danger=False,
            success_message="The account is unlocked.",
            **{**ON_STAFF, "password": False},
        ),
        Command(
            name="backoffice.staff.password_link.send",
            refusal=f"{SERVICES}.password_link_refusal",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Send a password link",
            service=f"{SERVICES}.send_staff_password_link",
            form="backoffice.forms.EmptyConfirmForm",
            effect=(
                "An email goes to their address with a single-use link to choose a new password. Their current "
                "password keeps working until they use it."
            ),
            effect_of=f"{PAGES}.password_link_effect",
            danger=False,
            success_message="The email is on its way.",
            submit_label="Send the link",
            **{**ON_STAFF, "locate": CREDENTIALS["locate"], "password": False},
        ),
    )


def staff_url(staff: StaffUser) -> str:
    return reverse("staff-detail", args=[staff.pk])


def roles_form_kwargs(viewer, staff: StaffUser) -> dict[str, Any]:
    return {"initial": {"roles": staff.role_names, "version": staff.version}}


def edit_form_kwargs(viewer, staff: StaffUser) -> dict[str, Any]:
    fields = ("first_name", "last_name", "email", "version")
    return {"initial": {name: getattr(staff, name) for name in fields}}


def deactivate_effect(staff: StaffUser) -> str:
    return f"{staff.username} will no longer be able to sign in, and their open sessions end now. Their history stays."


def password_link_effect(staff: StaffUser) -> str:
    return (
        f"An email goes to {staff.email} with a single-use link to choose a new password. "
        "Their current password keeps working until they use it."
    )


def describe_roles(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("Roles asked", ", ".join(parameters.get("roles", ())) or "No role"),
        ("Roles when asked", ", ".join(snapshot.get("roles", ())) or "No role"),
        ("Signs in with the email", snapshot.get("email") or "none"),
        ("Who approves", approvers_of(snapshot.get("roles", ()), parameters.get("roles", ()))),
        ("Why", parameters.get("reason", "")),
    ]


def describe_edit(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("Name asked", f"{parameters.get('first_name', '')} {parameters.get('last_name', '')}".strip()),
        ("Email asked", parameters.get("email", "")),
        ("Email when asked", snapshot.get("email", "")),
        ("Why", parameters.get("reason", "")),
    ]
