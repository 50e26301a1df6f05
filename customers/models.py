"""Who the customer is and what they hold (the models arrive with the customers issue)."""

from backoffice.models import PermissionHolder


class CustomerPermissions(PermissionHolder):
    """Carries the app's custom permissions (no table)."""

    class Meta(PermissionHolder.Meta):
        permissions = [
            ("browse_customers", "Search customers, see the lists and open profiles"),
            ("view_full_pii", "See personal data whole: birth date, full TIN / national id, full IBAN"),
            ("edit_contact_details", "Edit a customer's contacts and addresses"),
            ("send_password_reset", "Send a customer the password-reset email"),
            ("manage_sca_devices", "Reset, unlock and secure a customer's SCA devices"),
        ]
