"""The permissions the customer pages declare (``backoffice.access``)."""

BROWSE = "customers.browse_customers"
CREATE = "customers.create_customers"
EDIT_PROFILE = "customers.edit_customer_profile"
EDIT_CONTACTS = "customers.edit_contact_details"
EDIT_SETTINGS = "customers.edit_customer_settings"
