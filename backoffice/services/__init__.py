"""Every state change of ``backoffice``: signing in and out, staff accounts and roles.

Each service is a keyword-only function that runs in one transaction, checks its rule, saves
only what changed and writes the audit entry.
"""

from .auth import (
    change_own_password,
    complete_sign_in,
    enrol_totp_device,
    reauthenticate,
    record_failed_login,
    record_failed_second_factor,
    set_password_from_link,
    sign_out,
)
from .staff import (
    ROLES_COMMAND,
    create_staff_member,
    deactivate_staff_member,
    reactivate_staff_member,
    reset_staff_mfa,
    send_staff_password_link,
    set_staff_roles,
    unlock_staff_member,
    update_staff_member,
)
from .tables import configure_table_columns, reset_table_columns

__all__ = [
    "ROLES_COMMAND",
    "change_own_password",
    "complete_sign_in",
    "configure_table_columns",
    "create_staff_member",
    "deactivate_staff_member",
    "enrol_totp_device",
    "reactivate_staff_member",
    "reauthenticate",
    "record_failed_login",
    "record_failed_second_factor",
    "reset_staff_mfa",
    "reset_table_columns",
    "send_staff_password_link",
    "set_password_from_link",
    "set_staff_roles",
    "sign_out",
    "unlock_staff_member",
    "update_staff_member",
]
