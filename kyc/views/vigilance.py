"""The vigilance transfer's refund, closed from the KYC tab: "Mark refunded" with the refund's
reference (compliance officers, ``kyc.refund_vigilance_transfer``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from backoffice.access import signed_in_staff
from backoffice.commands import commands
from backoffice.formatting import format_money
from backoffice.services import approvals
from customers.views.commands import CommandView

from ..forms import RefundReferenceForm
from ..models import VigilanceRefund
from ..services import vigilance

REFUNDED = "kyc.vigilance_refund.mark_refunded"

REFUND = "kyc.refund_vigilance_transfer"


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
        refusal = vigilance.refunded_refusal(self.target)
        if refusal is None and approvals.needs_second_person(commands.get(REFUNDED)):
            waiting = approvals.waiting_request(commands.get(REFUNDED), self.target)
            refusal = approvals.already_waits(waiting) if waiting is not None else None
        return refusal

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
        approval, _ = approvals.ask_or_run(
            command=commands.get(REFUNDED),
            actor=signed_in_staff(self.request),
            target=self.target,
            parameters={"reference": form.cleaned_data["reference"]},
            customer_id=self.customer.pk,
        )
        if approval is not None:
            self.success_message = (
                f"Your request #{approval.pk} waits for a second compliance officer: the transfer is marked "
                "refunded once approved."
            )
        return self.profile_url(self.tab)
