"""Who the customer is proven to be (the models arrive with the KYC issue)."""

from backoffice.models import PermissionHolder


class KycPermissions(PermissionHolder):
    """Carries the app's custom permissions (no table)."""

    class Meta(PermissionHolder.Meta):
        permissions = [
            ("upload_documents", "Upload KYC documents and edit tax residences"),
            ("prereview_documents", "Pre-review documents (first-line quality check)"),
            ("request_kyc_review", "Request a KYC review"),
            ("decide_kyc_review", "Decide KYC reviews: validate or refuse"),
            ("manage_kyc_requirements", "Configure the required documents (the KYC form)"),
        ]
