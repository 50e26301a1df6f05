"""The Compliance tab (compliance officers and administrators), the Operations tab (everyone who
opens profiles: what the customer may do, without the confidential reasons), and the restriction
commands' pages, generated from their declarations (``compliance.commands``)."""

from __future__ import annotations

from django.utils import timezone

from customers.choices import AccountStatus
from customers.views.commands import CustomerCommandView
from customers.views.profile import ProfileTabView

from .. import policy, selectors
from ..models import RiskProfile

VIEW = "compliance.view_restrictions"
CONFIDENTIAL = "backoffice.view_confidential"


class ComplianceTab(ProfileTabView):
    template_name = "compliance/tab.html"

    def get_context_data(self, **kwargs):
        user, customer = self.request.user, self.customer
        return super().get_context_data(
            restrictions=selectors.restrictions_of(customer),
            risk=RiskProfile.objects.filter(customer=customer).first(),
            may_set_risk=self.may("compliance.set_risk_level"),
            today=timezone.localdate(),
            decisions=policy.what_customer_may_do(customer),
            history=selectors.restriction_history(user, customer),
            may_change_state=self.may("compliance.change_state"),
            may_freeze=self.may("compliance.freeze_assets"),
            may_legal_freeze=self.may("compliance.set_legal_freeze"),
            may_deactivate=self.may("compliance.deactivate_customer"),
            pending_requests=self.pending_requests("compliance"),
            **kwargs,
        )


class OperationsTab(ProfileTabView):
    """What the customer may do now, for everyone; the confidential reasons only for those who
    may see them (the Compliance tab shows them all)."""

    template_name = "compliance/operations.html"

    def get_context_data(self, **kwargs):
        accounts = selectors.accounts_of(self.customer)
        decisions = policy.what_customer_may_do(self.customer, accounts=accounts)
        sees_confidential = self.request.user.has_perm(CONFIDENTIAL)
        if not sees_confidential:
            decisions = policy.as_seen_without_confidential(decisions)
        stopped = [account for account in accounts if account.status != AccountStatus.ACTIVE]
        return super().get_context_data(
            decisions=decisions, sees_confidential=sees_confidential, stopped_accounts=stopped, **kwargs
        )


class RiskView(CustomerCommandView):
    """The risk assessment (``compliance.risk.set``): level, score, last and next review, with the
    reason."""

    command, permission_required = "compliance.risk.set", "compliance.set_risk_level"

    def get_initial(self):
        """A new assessment is a review today: the level and score as they stand, the next review
        left blank (the level's interval from today, unless the officer sets an earlier one)."""
        initial = {**super().get_initial(), "last_review_on": timezone.localdate()}
        profile = RiskProfile.objects.filter(customer=self.customer).first()
        if profile is not None:
            initial.update(level=profile.level, score=profile.score)
        return initial
