"""The KYC tab of the profile board (Treezor Dashboard's KYC tab): the global status with the KYC
level and review, the services the level allows, the checklist and the review request, the tax
residences, the documents to review and processed, live verification, and the KYC history."""

from __future__ import annotations

from django.utils import timezone

from customers.choices import KycLevel
from customers.kyc_services import LIGHT_LEVEL_CAUTION, services_for
from customers.selectors import verified_contacts
from customers.views.profile import ProfileTabView

from .. import requirements, selectors
from ..liveness.selectors import liveness_sessions_of, standing_session
from ..outcomes import outcomes_for

UPLOAD = "kyc.upload_documents"
PREREVIEW = "kyc.prereview_documents"
REQUEST = "kyc.request_kyc_review"
DECIDE = "kyc.decide_kyc_review"
SET_LEVEL = "kyc.set_verification_level"
REFUND = "kyc.refund_vigilance_transfer"


class KycTab(ProfileTabView):
    template_name = "kyc/tab.html"

    def get_context_data(self, **kwargs):
        user, customer = self.request.user, self.customer
        checklist = requirements.checklist(customer)
        return super().get_context_data(
            residences=selectors.tax_residences_as_seen_by(user, customer),
            documents=selectors.documents_of(customer),
            today=timezone.localdate(),  # an identity document past its expiry is marked expired
            outcomes=outcomes_for(user, customer),  # KYC information: identity, watchlist
            checklist=checklist,
            blockers=requirements.review_blockers(customer, checklist),
            pending_review=selectors.pending_review_of(customer),
            contacts_verified=verified_contacts(customer),
            services=services_for(customer),  # the answer the policy and the card services give
            light_caution=LIGHT_LEVEL_CAUTION if customer.kyc_level == KycLevel.LIGHT else "",
            history=selectors.kyc_history(user, customer),
            liveness_sessions=liveness_sessions_of(customer),
            liveness_standing=standing_session(customer),
            vigilance_refunds=selectors.vigilance_refunds_of(customer),
            may_refund=user.has_perm(REFUND),  # a refund is owed even once the customer is deactivated
            may_edit=self.may(UPLOAD),
            may_prereview=self.may(PREREVIEW),
            may_request=self.may(REQUEST),
            may_decide=self.may(DECIDE),
            may_set_level=self.may(SET_LEVEL),
            **kwargs,
        )
