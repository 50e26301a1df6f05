"""The Compliance and Operations tabs of the profile board (registered in ``ComplianceConfig.ready``)."""

from backoffice.tabs import ProfileTab, profile_tabs


def register_tabs() -> None:
    profile_tabs.register(
        ProfileTab(
            key="operations",
            label="Operations",
            view="compliance.views.OperationsTab",
            permission="customers.browse_customers",
            order=15,
        )
    )
    profile_tabs.register(
        ProfileTab(
            key="limits",
            label="Limits & fees",
            view="compliance.views.LimitsTab",
            permission="customers.browse_customers",
            order=16,
        )
    )
    profile_tabs.register(
        ProfileTab(
            key="compliance",
            label="Compliance",
            view="compliance.views.ComplianceTab",
            permission="compliance.view_restrictions",
            order=80,
        )
    )
