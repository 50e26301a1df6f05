"""The permissions the customer pages declare (``backoffice.access``)."""

BROWSE = "customers.browse_customers"
CREATE = "customers.create_customers"
EDIT_PROFILE = "customers.edit_customer_profile"
EDIT_CONTACTS = "customers.edit_contact_details"
EDIT_SETTINGS = "customers.edit_customer_settings"
MANAGE_CARDS = "customers.manage_cards"
MANAGE_BENEFICIARIES = "customers.manage_beneficiaries"
MANAGE_SCA = "customers.manage_sca_devices"
DELETE_SCA = "customers.delete_sca_devices"
ADD_NOTES = "customers.add_customer_notes"
COMPLIANCE_NOTES = "customers.view_compliance_notes"
SEND_PASSWORD_RESET = "customers.send_password_reset"  # noqa: S105 (a permission, not a password)
