from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from backoffice.navigation import NavItem, register

        from .tabs import register_tabs

        register_tabs()
        register(
            NavItem(
                "Restricted customers",
                "compliance-restricted",
                "compliance.view_restrictions",
                "shield-exclamation",
                40,
                "Every frozen, legally frozen, suspended or blocked customer, filtered and exported.",
                group="Compliance",
            )
        )
