"""The KYC tab of the profile and the tax residences dialog. Reads go through
``kyc.selectors``, writes through ``kyc.services``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from backoffice.errors import DomainError
from customers.views.profile import CustomerMixin, ProfileTabView

from . import selectors, services
from .forms import TaxResidenceFormSet

UPLOAD = "kyc.upload_documents"


class KycTab(ProfileTabView):
    """Treezor's KYC tab: the global status (KYC level and review, verification), the tax
    residences (TINs masked for support agents)."""

    template_name = "kyc/tab.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            residences=selectors.tax_residences_as_seen_by(user, self.customer),
            may_edit=user.has_perm(UPLOAD),
            **kwargs,
        )


class TaxResidencesEditView(CustomerMixin, TemplateView):
    """T "Edit tax residences": every residence of the customer in one form, a line to add one."""

    permission_required = UPLOAD
    template_name = "kyc/tax_residences.html"

    def initial(self) -> list[dict]:
        return [
            {"pk": r.pk, "country": r.country.code, "tin": r.tin, "tin_waiver": r.tin_waiver}
            for r in selectors.tax_residences_of(self.customer)
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=TaxResidenceFormSet(initial=self.initial())))

    def post(self, request, *args, **kwargs):
        formset = TaxResidenceFormSet(request.POST, initial=self.initial())
        if formset.is_valid():
            lines = [
                services.Residence(
                    country=form.cleaned_data["country"],
                    tin=form.cleaned_data["tin"],
                    tin_waiver=form.cleaned_data["tin_waiver"],
                    pk=form.cleaned_data["pk"],
                )
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")  # an empty extra line has none
            ]
            try:
                services.update_tax_residences(actor=request.user, customer=self.customer, residences=lines)
            except DomainError as error:
                formset._non_form_errors = formset.error_class([error.message])
            else:
                messages.success(request, "Tax residences saved.")
                return redirect(self.profile_url("kyc"))
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Tax residences of {self.customer}",
            back_url=self.profile_url("kyc"),
            back_label=str(self.customer),
            **kwargs,
        )
