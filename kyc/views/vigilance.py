"""The vigilance transfer's refund, closed from the KYC tab: "Mark refunded" with the refund's
reference (compliance officers, ``kyc.refund_vigilance_transfer``)."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404

from backoffice.formatting import format_money
from customers.views.commands import CommandView

from ..models import VigilanceRefund, VigilanceRefundStatus
from ..services import vigilance

REFUND = "kyc.refund_vigilance_transfer"


class RefundReferenceForm(forms.Form):
    reference = forms.CharField(
        label="Refund reference",
        max_length=35,
        help_text="The payinrefund's id, or the reference of the transfer back to the customer's bank account.",
    )


class VigilanceRefundedView(CommandView):
    permission_required = REFUND
    form_class = RefundReferenceForm
    tab = "kyc"
    danger = False
    submit_label = "Mark refunded"
    success_message = "The vigilance transfer is marked refunded."

    def load_target(self):
        return get_object_or_404(VigilanceRefund, pk=self.kwargs["refund"], customer=self.customer)

    def refusal(self):
        if self.target.status != VigilanceRefundStatus.REQUESTED:
            return "This vigilance transfer was marked refunded already."
        return None

    def get_title(self):
        return f"Mark the vigilance transfer refunded — {self.customer}"

    def get_effect(self):
        refund = self.target
        amount = format_money(refund.amount, refund.currency)
        return (
            f"The {amount} the customer wired from their own bank account, booked "
            f"{refund.payin.booked_at:%Y-%m-%d}, went back to them: the task closes as Refunded, with its reference."
        )

    def perform(self, form):
        vigilance.mark_refunded(actor=self.request.user, refund=self.target, reference=form.cleaned_data["reference"])
        return self.profile_url(self.tab)
