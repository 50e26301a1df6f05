"""The KYC tab of the profile board."""

from __future__ import annotations

from customers.views.profile import ProfileTabView

from .. import requirements, selectors

UPLOAD = "kyc.upload_documents"
PREREVIEW = "kyc.prereview_documents"


class KycTab(ProfileTabView):
    """Treezor's KYC tab: the global status (KYC level and review, verification), the
    completeness checklist, the tax residences (TINs masked for support agents), the documents."""

    template_name = "kyc/tab.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            residences=selectors.tax_residences_as_seen_by(user, self.customer),
            documents=selectors.documents_of(self.customer),
            checklist=requirements.checklist(self.customer),
            may_edit=user.has_perm(UPLOAD),
            may_prereview=user.has_perm(PREREVIEW),
            **kwargs,
        )
