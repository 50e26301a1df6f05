"""The profile tabs this app adds (``backoffice.tabs`` registry; KYC and compliance add theirs)."""

from backoffice.tabs import ProfileTab, profile_tabs

BROWSE = "customers.browse_customers"


def register_tabs() -> None:
    profile_tabs.register(
        ProfileTab(
            key="profile", label="Profile", view="customers.views.profile.ProfileSummaryTab", permission=BROWSE, order=0
        )
    )
    profile_tabs.register(
        ProfileTab(
            key="history", label="History", view="customers.views.profile.HistoryTab", permission=BROWSE, order=90
        )
    )
