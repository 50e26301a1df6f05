"""Beneficiaries: linking an external account by hand (a form, then a page that restates what
will be linked, S "link external account"), deactivating and reactivating one."""

from __future__ import annotations

from django import forms
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from backoffice.forms import ReasonForm

from .. import services
from ..forms.holdings import BeneficiaryForm
from ..selectors import holdings
from ..services.beneficiaries import ALREADY_LINKED, BENEFICIARY_TRANSITIONS, iban_already_linked
from .commands import CommandView
from .permissions import MANAGE_BENEFICIARIES


def bank_name(iban: str) -> str:
    """The bank the IBAN belongs to, from schwifty's registry, when it knows it."""
    try:
        return IBAN(iban).bank_name or ""
    except SchwiftyException:
        return ""


class BeneficiaryLinkView(CommandView):
    """Two steps in one URL: the form, then the same values shown back with "Link" (``confirmed``)."""

    permission_required = MANAGE_BENEFICIARIES
    form_class = BeneficiaryForm
    tab = "beneficiaries"
    danger = False
    template_name = "customers/beneficiary_link.html"

    def get_title(self):
        return f"Link an external account to {self.customer}"

    def get_effect(self):
        return (
            "The customer can send transfers to this account from their app. Link it only when the customer "
            "asked for it and you checked who they are."
        )

    def form_valid(self, form):
        if iban_already_linked(self.customer, form.cleaned_data["iban"]):
            form.add_error("iban", ALREADY_LINKED)
            return self.form_invalid(form)
        if self.request.POST.get("confirmed") != "1":
            data = form.cleaned_data
            for field in form.fields.values():  # what is confirmed is what was reviewed
                field.widget = forms.HiddenInput()
            return self.render_to_response(
                self.get_context_data(form=form, confirming=True, bank=bank_name(data["iban"]), values=data)
            )
        return super().form_valid(form)

    submit_label = "Review the details"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("confirming", False)
        context = super().get_context_data(**kwargs)
        if context["confirming"]:
            context["submit_label"] = "Link the account"
        return context

    def perform(self, form):
        beneficiary = services.link_beneficiary(actor=self.request.user, customer=self.customer, **form.cleaned_data)
        self.success_message = f"{beneficiary} is linked."
        return self.profile_url(self.tab)


class BeneficiaryStatusView(CommandView):
    permission_required = MANAGE_BENEFICIARIES
    form_class = ReasonForm
    tab = "beneficiaries"
    command = ""

    def load_target(self):
        return holdings.beneficiary_of(self.customer, self.kwargs["beneficiary"])

    def refusal(self):
        if self.target.status not in BENEFICIARY_TRANSITIONS[self.command]:
            return f"This beneficiary is {self.target.get_status_display().lower()} already."
        return None

    def get_title(self):
        return f"{self.submit_label} — {self.target}"


class BeneficiaryDeactivateView(BeneficiaryStatusView):
    command = "deactivate"
    submit_label = "Deactivate"
    success_message = "The beneficiary is deactivated."

    def get_effect(self):
        return "The customer can no longer send money to this account. Past payments keep it as their counterparty."

    def perform(self, form):
        services.deactivate_beneficiary(
            actor=self.request.user, beneficiary=self.target, reason=form.cleaned_data["reason"]
        )
        return self.profile_url(self.tab)


class BeneficiaryReactivateView(BeneficiaryStatusView):
    command = "reactivate"
    submit_label = "Reactivate"
    danger = False
    success_message = "The beneficiary is active again."

    def get_effect(self):
        return "The customer can send money to this account again."

    def perform(self, form):
        services.reactivate_beneficiary(
            actor=self.request.user, beneficiary=self.target, reason=form.cleaned_data["reason"]
        )
        return self.profile_url(self.tab)
