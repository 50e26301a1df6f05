"""T "Manage user tax residence": the "Add Tax Residence" button opens a dialog (htmx, in the KYC
tab; a page of its own without JavaScript) for one new residence; "Edit tax residences" changes
or removes the ones declared, all at once. Both save the whole list through one command
(``kyc.tax_residences.set``), audited with the list before and after. The TIN is optional except
for US taxpayers; a liability waiver (T ``liabilityWaiver``) may be recorded instead."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from backoffice.access import signed_in_staff
from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.services import approvals
from customers.masking import sees_full_pii
from customers.views.commands import OpenCustomerOnly
from customers.views.profile import CustomerMixin

from .. import selectors, services
from ..forms import TaxResidenceForm, TaxResidenceFormSet

UPLOAD = "kyc.upload_documents"
SET_RESIDENCES = "kyc.tax_residences.set"  # never waits for a second person (``kyc.review_commands``)


class TaxResidencesPage(CustomerMixin, TemplateView):
    """T "Edit tax residences": every residence of the customer in one form, changed or removed at
    once (a new one is added in the dialog, ``TaxResidenceAddView``)."""

    permission_required = UPLOAD
    declared_commands = (SET_RESIDENCES,)
    template_name = "kyc/tax_residences.html"

    def load_objects(self):
        super().load_objects()
        self.on_file = {r.pk: r for r in selectors.tax_residences_of(self.customer)}
        self.masked = not sees_full_pii(self.request.user)

    def initial(self) -> list[dict]:
        """Support agents never receive a whole TIN, not even in the form: the line shows its last
        four, and an empty TIN keeps the one on file (``kept_tin``)."""
        return [
            {
                "pk": r.pk,
                "country": r.country.code,
                "tin": "" if self.masked else r.tin,
                "tin_on_file": selectors.masked_tin(r.tin, self.request.user) if self.masked else "",
                "tin_waiver": r.tin_waiver,
            }
            for r in self.on_file.values()
        ]

    def kept_tin(self, data: dict) -> str:
        on_file = self.on_file.get(data["pk"])
        if (
            self.masked
            and on_file
            and not data["tin"]
            and not data["tin_waiver"]
            and on_file.country == data["country"]
        ):
            return on_file.tin
        return data["tin"]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=TaxResidenceFormSet(initial=self.initial())))

    def post(self, request, *args, **kwargs):
        formset = TaxResidenceFormSet(request.POST, initial=self.initial())
        if formset.is_valid():
            lines = [
                services.Residence(
                    country=form.cleaned_data["country"],
                    tin=self.kept_tin(form.cleaned_data),
                    tin_waiver=form.cleaned_data["tin_waiver"],
                    pk=form.cleaned_data["pk"],
                )
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")  # an empty extra line has none
            ]
            try:
                self.save(lines)
            except DomainError as error:
                formset._non_form_errors = formset.error_class([error.message])
            else:
                return redirect(self.profile_url("kyc"))
        return self.render_to_response(self.get_context_data(formset=formset))

    def page_title(self) -> str:
        return f"Tax residences of {self.customer}"

    def save(self, lines: list) -> None:
        """The whole list, as of the version the page was opened at (a colleague's change
        meanwhile is refused, not overwritten)."""
        approvals.ask_or_run(
            command=commands.get(SET_RESIDENCES),
            actor=signed_in_staff(self.request),
            target=self.customer,
            parameters={"residences": lines},
            customer_id=self.customer.pk,
            now_only={"version": self.request.POST.get("version") or None},
        )
        messages.success(self.request, "Tax residences saved.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.request.POST.get("version") or services.residences_version(self.customer),
            title=self.page_title(),
            back_url=self.profile_url("kyc"),
            back_label=str(self.customer),
            **kwargs,
        )


class TaxResidencesEditView(OpenCustomerOnly, TaxResidencesPage):
    """The page, sent back with the reason for a deactivated customer (its own ``get`` and
    ``post`` come after ``OpenCustomerOnly``'s this way)."""

    tab = "kyc"


def _field_of(message: str) -> str | None:
    """The dialog's field a refusal of the list is about, to show it there."""
    if "listed twice" in message:
        return "country"
    return "tin" if "TIN" in message and "specified US person" not in message else None


class TaxResidenceAddView(OpenCustomerOnly, TaxResidencesPage):
    """T "Add Tax Residence": one country and its TIN in a dialog; the residences on file are kept
    as they are (their TINs never reach the page) and saved with it as one list."""

    template_name = "kyc/tax_residence_add.html"
    tab = "kyc"

    def get_template_names(self):
        return ["kyc/_tax_residence_dialog.html"] if self.request.htmx else [self.template_name]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=TaxResidenceForm(prefix="new")))

    def post(self, request, *args, **kwargs):
        form = TaxResidenceForm(request.POST, prefix="new")
        if form.is_valid():
            on_file = [
                services.Residence(country=r.country.code, tin=r.tin, tin_waiver=r.tin_waiver, pk=r.pk)
                for r in self.on_file.values()
            ]
            new = services.Residence(
                country=form.cleaned_data["country"],
                tin=form.cleaned_data["tin"],
                tin_waiver=form.cleaned_data["tin_waiver"],
            )
            try:
                self.save([*on_file, new])
            except DomainError as error:
                form.add_error(_field_of(error.message), error.message)
            else:
                return self.done()
        return self.render_to_response(self.get_context_data(form=form))

    def done(self):
        if self.request.htmx:  # the dialog's page reloads on the KYC tab, the message above it
            return HttpResponse(status=204, headers={"HX-Redirect": self.profile_url("kyc")})
        return redirect(self.profile_url("kyc"))

    def page_title(self) -> str:
        return f"Add a tax residence for {self.customer}"
