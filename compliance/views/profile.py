"""The Compliance tab (compliance officers and administrators), the Operations tab (everyone who
opens profiles: what the customer may do, without the confidential reasons), and the restriction
commands: each restates its effect and asks for the password again."""

from __future__ import annotations

from django.utils import timezone

from backoffice.views.generic import ServiceFormView
from customers.views.commands import OpenCustomerOnly, PasswordCheckedCommandView
from customers.views.profile import CustomerMixin, ProfileTabView

from .. import policy, selectors
from ..forms import DeactivationForm, RestrictionForm, RiskForm
from ..models import RiskProfile
from ..services import deactivation, restrictions, risk

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
            **kwargs,
        )


class OperationsTab(ProfileTabView):
    """What the customer may do now, for everyone; the confidential reasons only for those who
    may see them (the Compliance tab shows them all)."""

    template_name = "compliance/operations.html"

    def get_context_data(self, **kwargs):
        decisions = policy.what_customer_may_do(self.customer)
        sees_confidential = self.request.user.has_perm(CONFIDENTIAL)
        if not sees_confidential:
            decisions = policy.as_seen_without_confidential(decisions)
        return super().get_context_data(decisions=decisions, sees_confidential=sees_confidential, **kwargs)


class RestrictionCommandView(PasswordCheckedCommandView):
    """One restriction command on the customer: the reason, the password, the effect restated."""

    form_class = RestrictionForm
    tab = "compliance"
    command = ""
    reason_label = "Reason"

    def load_target(self):
        return self.customer

    def refusal(self):
        return restrictions.restriction_refusal(self.customer, self.command)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reason_label": self.reason_label}

    def get_title(self):
        return f"{self.submit_label} — {self.customer}"

    def perform(self, form):
        reason = form.cleaned_data["reason"]
        if self.command in restrictions.STATE_TRANSITIONS:
            restrictions.change_state(
                actor=self.request.user, customer=self.customer, command=self.command, reason=reason
            )
        else:
            restrictions.change_freeze(
                actor=self.request.user, customer=self.customer, command=self.command, comment=reason
            )
        return self.profile_url(self.tab)


class SuspendView(RestrictionCommandView):
    permission_required = "compliance.change_state"
    command, submit_label, reason_label = "suspend", "Suspend the customer", "State reason"
    success_message = "The customer is suspended."
    effect = (
        "Temporary: no outgoing transaction, and the 2FA phone cannot change, until the customer is "
        "reactivated. Incoming payments still arrive. The customer is not told why."
    )


class BlockView(RestrictionCommandView):
    permission_required = "compliance.change_state"
    command, submit_label, reason_label = "block", "Block the customer", "State reason"
    success_message = "The customer is blocked."
    effect = "Permanent: no transaction at all and no access to the customer's interface, until reactivated."


class ReactivateView(RestrictionCommandView):
    permission_required = "compliance.change_state"
    command, submit_label, reason_label = "reactivate", "Reactivate the customer", "Reason"
    danger = False
    success_message = "The customer is active again."
    effect = "The state goes back to Active: the customer may transact and sign in again (freezes apart)."


class FreezeView(RestrictionCommandView):
    permission_required = "compliance.freeze_assets"
    command, submit_label, reason_label = "freeze", "Freeze the assets", "Comment"
    success_message = "The assets are frozen."
    effect = (
        "Every payout stops except received SEPA direct debits; payins still arrive. The customer must "
        "never learn of it: nothing they see mentions the freeze."
    )


class UnfreezeView(RestrictionCommandView):
    permission_required = "compliance.freeze_assets"
    command, submit_label, reason_label = "unfreeze", "Lift the freeze", "Comment"
    success_message = "The freeze is lifted."
    effect = "Payouts resume at once (a legal freeze, if any, still stops them)."


class LegalFreezeView(RestrictionCommandView):
    permission_required = "compliance.set_legal_freeze"
    command, submit_label, reason_label = "legal_freeze", "Set a legal freeze", "Comment"
    success_message = "The legal freeze is set."
    effect = (
        "Every payout stops, received SEPA direct debits included; payins still arrive. Compliance "
        "officers only; the customer must never learn of it."
    )


class LiftLegalFreezeView(RestrictionCommandView):
    permission_required = "compliance.set_legal_freeze"
    command, submit_label, reason_label = "lift_legal_freeze", "Lift the legal freeze", "Comment"
    success_message = "The legal freeze is lifted."
    effect = "Payouts resume at once (an asset freeze, if any, still stops them)."


class DeactivateView(PasswordCheckedCommandView):
    """The pre-flight page: what still blocks the deactivation; once nothing does, the form (the
    reason, the password, the irreversibility ticked)."""

    permission_required = "compliance.deactivate_customer"
    form_class = DeactivationForm
    template_name = "compliance/deactivate.html"
    tab = "compliance"
    submit_label = "Deactivate the customer"
    success_message = "The customer is deactivated."
    effect = (
        "Irreversible: the customer becomes Canceled, their accounts close, and nothing can be done "
        "for them again. They stay in the lists and the search."
    )

    def load_target(self):
        self.preflight = deactivation.preflight(self.customer)
        return self.customer

    def refusal(self):
        return "The customer is deactivated already." if self.customer.status == "CANCELED" else None

    def get_title(self):
        return f"Deactivate {self.customer}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(preflight=self.preflight, **kwargs)

    def perform(self, form):
        deactivation.deactivate(actor=self.request.user, customer=self.customer, reason=form.cleaned_data["reason"])
        return self.profile_url(self.tab)


class RiskView(OpenCustomerOnly, CustomerMixin, ServiceFormView):
    """The risk assessment: level, score, last and next review, with the reason."""

    permission_required = "compliance.set_risk_level"
    form_class = RiskForm
    template_name = "customers/form.html"
    submit_label = "Save the assessment"
    success_message = "The risk assessment is saved."

    def get_initial(self):
        profile = RiskProfile.objects.filter(customer=self.customer).first()
        if profile is None:
            return {"last_review_on": timezone.localdate()}
        return {
            "level": profile.level,
            "score": profile.score,
            "last_review_on": profile.last_review_on,
            "next_review_on": profile.next_review_on,
        }

    def get_title(self):
        return f"Risk assessment — {self.customer}"

    def get_cancel_url(self):
        return self.profile_url("compliance")

    def perform(self, form):
        risk.set_risk(actor=self.request.user, customer=self.customer, **form.cleaned_data)
        return self.profile_url("compliance")
