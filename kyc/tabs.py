"""The KYC tab of the profile board (registered in ``KycConfig.ready``)."""

from backoffice.tabs import ProfileTab, profile_tabs

BROWSE = "customers.browse_customers"


def register_tabs() -> None:
    profile_tabs.register(ProfileTab(key="kyc", label="KYC", view="kyc.views.KycTab", permission=BROWSE, order=20))
