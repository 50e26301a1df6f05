"""The three staff roles: Django groups created and granted by data migrations.

``backoffice`` creates the groups; each app's own data migration grants its permissions to them
(see ``grant_permissions``), so the role table of DESIGN.md is versioned with the code and
``backoffice`` never names a domain app.
"""

from collections.abc import Iterable, Mapping

from django.db.models import F

SUPPORT_AGENT = "Support agent"
COMPLIANCE_OFFICER = "Compliance officer"
ADMINISTRATOR = "Administrator"
ROLES = (SUPPORT_AGENT, COMPLIANCE_OFFICER, ADMINISTRATOR)
# Granting one of these waits for the approval of a holder of it (``backoffice.services.staff``).
PRIVILEGED_ROLES = (COMPLIANCE_OFFICER, ADMINISTRATOR)

ROLE_DESCRIPTIONS = {
    SUPPORT_AGENT: "Finds customers and answers their questions; sees personal data masked.",
    COMPLIANCE_OFFICER: "Reviews KYC, restricts customers, sees confidential values.",
    ADMINISTRATOR: "Edits limits, price lists and dictionaries; manages staff accounts.",
}


def held_roles(actor) -> list[str]:
    """The roles ``actor`` holds (a superuser holds them all)."""
    if actor.is_superuser:
        return list(ROLES)
    held = set(actor.role_names)
    return [role for role in ROLES if role in held]


def roles_beyond(actor, staff) -> list[str]:
    """The roles of ``staff`` that ``actor`` does not hold. Changing the email, password link or
    second factor of an account with any is taking over a role, which only a holder of it may
    do (as only a holder of the role approves granting it)."""
    return sorted(set(staff.role_names) - set(held_roles(actor)))


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def grant_permissions(apps, *, app_label: str, model_name: str, grants: Mapping[str, Iterable[str]]):
    """Create the custom permissions declared on ``model_name`` and grant them to roles.

    Permissions are normally created after ``migrate`` (post_migrate); creating them here lets
    the same migration hand them to the groups.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    declared = dict(apps.get_model(app_label, model_name)._meta.permissions)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    for role, codenames in grants.items():
        group = Group.objects.get(name=role)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": declared[codename]}
            )
            group.permissions.add(permission)
    # Historical models send no signal that backoffice.access_stamp hears: move every member's
    # stamp on here, so no session keeps the permissions it remembered before this migration.
    StaffUser = apps.get_model("backoffice", "StaffUser")
    if any(field.name == "access_stamp" for field in StaffUser._meta.get_fields()):
        StaffUser.objects.update(access_stamp=F("access_stamp") + 1)


def migration_granting(*, app_label: str, model_name: str, grants: Mapping[str, Iterable[str]]):
    """A ``RunPython`` forward function for ``grant_permissions`` (reverse: nothing to undo)."""

    def forward(apps, schema_editor):
        grant_permissions(apps, app_label=app_label, model_name=model_name, grants=grants)

    return forward
