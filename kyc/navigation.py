"""The KYC queues in the top navigation (registered in ``KycConfig.ready``)."""

from backoffice.navigation import NavItem, register


def register_navigation() -> None:
    register(
        NavItem(
            "Pre-review",
            "kyc-prereview-queue",
            "kyc.prereview_documents",
            "file-earmark-check",
            20,
            "Documents waiting for the first line's quality check, oldest first.",
            group="KYC",
        )
    )
    register(
        NavItem(
            "KYC reviews",
            "kyc-review-queue",
            "kyc.decide_kyc_review",
            "clipboard-check",
            25,
            "Review requests waiting for a compliance decision, oldest first.",
            group="KYC",
        )
    )
    register(
        NavItem(
            "Identification requests",
            "kyc-identification-requests",
            "customers.browse_customers",
            "person-check",
            30,
            "Every KYC review and live verification session, with its updates.",
            group="KYC",
        )
    )
