"""The app's permissions."""

from backoffice.models import PermissionHolder


class CompliancePermissions(PermissionHolder):
    """Carries the app's custom permissions (no table)."""

    class Meta(PermissionHolder.Meta):
        permissions = [
            ("freeze_assets", "Freeze and unfreeze a customer's assets"),
            ("set_legal_freeze", "Set and lift a legal freeze"),
            ("change_state", "Suspend, block and reactivate a customer"),
            ("deactivate_customer", "Deactivate a customer (irreversible)"),
            ("set_risk_level", "Set a customer's risk level"),
            ("manage_limits", "Edit limit packs and custom thresholds"),
            ("manage_price_lists", "Edit price lists"),
            ("manage_dictionaries", "Edit dictionaries: person and company types, verification level names"),
            ("view_restrictions", "See the compliance tab and the list of restricted customers"),
        ]
