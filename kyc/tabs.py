"""The KYC tab of the profile board and its toolbar counters (registered in ``KycConfig.ready``)."""

from backoffice.tabs import ProfileCounter, ProfileTab, profile_counters, profile_tabs
from customers.selectors.holdings import CountOf

BROWSE = "customers.browse_customers"


def _documents(user):
    from .models import Document

    return CountOf(Document.objects.exclude(status="canceled"))


def _identification_requests(user):
    from .models import LivenessSession, Review

    return CountOf(Review.objects) + CountOf(LivenessSession.objects)


def register_tabs() -> None:
    profile_tabs.register(ProfileTab(key="kyc", label="KYC", view="kyc.views.KycTab", permission=BROWSE, order=20))
    profile_counters.register(
        ProfileCounter("kyc_documents", "Documents", "file-earmark-text", "kyc", _documents, BROWSE, 25, "documents")
    )
    profile_counters.register(
        ProfileCounter(
            "identification_requests",
            "Identification requests",
            "person-check",
            "kyc",
            _identification_requests,
            BROWSE,
            27,
            page="kyc-identification-requests",
        )
    )
