"""Limits and fees: the profile's "Limits & fees" tab (everyone), the limit packs and the price
lists' fees (administrators), and a customer's custom thresholds (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from backoffice.access import AccessMixin, signed_in_staff
from backoffice.errors import DomainError
from backoffice.services import approvals
from backoffice.views.commands import DeclaredCommand
from customers.models import PriceList
from customers.views.commands import OpenCustomerOnly
from customers.views.profile import CustomerMixin, ProfileTabView

from .. import selectors
from ..limit_forms import FeeFormSet, PackForm, ReasonForm, ThresholdFormSet, fee_lines, threshold_lines
from ..models import Fee, LimitPack, Threshold
from ..services import limits

LIMITS = "compliance.manage_limits"
PRICE_LISTS = "compliance.manage_price_lists"


class LimitsTab(ProfileTabView):
    template_name = "compliance/limits_tab.html"

    def get_context_data(self, **kwargs):
        pack, effective = selectors.effective_limits(self.customer)
        return super().get_context_data(
            pack=pack,
            limits=effective,
            fees=selectors.fees_of(self.customer),
            may_manage_limits=self.may(LIMITS),
            may_choose_pack=self.may(LIMITS) and not self.customer.is_deactivated,
            may_manage_fees=self.request.user.has_perm(PRICE_LISTS),
            pending_requests=self.pending_requests("limits"),
            **kwargs,
        )


def _initial_thresholds(rows) -> list[dict]:
    return [
        {"operation": t.operation, "period": t.period, "max_amount": t.max_amount, "max_count": t.max_count}
        for t in rows
    ]


class LinesPage(DeclaredCommand, AccessMixin, TemplateView):
    """A page of lines (a formset) under a header form, for one declared command
    (``backoffice.commands``): saved all at once by its service, or, when the command needs a
    second person, stored as a request with nothing changed yet. A DomainError shows above the
    lines (or next to its header field) and nothing is saved; a request already waiting sends
    the staff member back before the form."""

    template_name = "compliance/lines_form.html"
    formset_class = ThresholdFormSet
    header_class: type = ReasonForm
    columns = ("Operation", "Period", "Maximum amount", "Maximum count")
    command = ""
    target: object = None

    def initial_lines(self) -> list[dict]:
        return []

    def initial_header(self) -> dict:
        return {}

    def lines(self, formset) -> list:
        return threshold_lines(formset)

    def done_url(self) -> str:
        raise NotImplementedError

    def refused(self):
        return self.waiting_elsewhere(self.target, self.done_url())

    def get(self, request, *args, **kwargs):
        refused = self.refused()
        if refused:
            return refused
        header = self.header_class(initial=self.initial_header())
        return self.render_to_response(
            self.get_context_data(header=header, formset=self.formset_class(initial=self.initial_lines()))
        )

    def post(self, request, *args, **kwargs):
        refused = self.refused()
        if refused:
            return refused
        header = self.header_class(request.POST, initial=self.initial_header())
        formset = self.formset_class(request.POST, initial=self.initial_lines())
        if header.is_valid() and formset.is_valid():
            try:
                approval, _ = approvals.ask_or_run(
                    command=self.declared,
                    actor=signed_in_staff(request),
                    target=self.target,
                    parameters={**header.cleaned_data, "lines": limits.as_parameters(self.lines(formset))},
                    customer_id=self.customer_id(),
                    target_repr=self.target_repr(header.cleaned_data),
                )
            except DomainError as error:
                if error.field in header.fields:
                    header.add_error(error.field, error.message)
                else:
                    formset._non_form_errors = formset.error_class([error.message])
            else:
                messages.success(
                    request, self.declared.success_message if approval is None else approvals.waiting_message(approval)
                )
                return redirect(self.done_url())
        return self.render_to_response(self.get_context_data(header=header, formset=formset))

    def target_repr(self, header: dict) -> str:
        """What a request to create the target calls it (the target does not exist yet)."""
        return ""

    def customer_id(self) -> int | None:
        """The customer a request is about (its profile's banner shows it), if any."""
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=self.columns, submit_label=self.submit_label, **self.command_context(self.target), **kwargs
        )


class LimitPacksView(AccessMixin, TemplateView):
    help_page = "limit-packs"
    permission_required = LIMITS
    template_name = "compliance/limit_packs.html"

    def get_context_data(self, **kwargs):
        packs = (
            LimitPack.objects.select_related("customer_type")
            .prefetch_related("thresholds")
            .order_by("verification_level", "customer_type__name")
        )
        return super().get_context_data(title="Limit packs", packs=packs, **kwargs)


class LimitPackEditView(LinesPage):
    permission_required = LIMITS
    declared_commands = ("compliance.limit_pack.create", "compliance.limit_pack.update")
    header_class = PackForm

    def load_objects(self):
        pk = self.kwargs.get("pk")
        self.target = self.pack = get_object_or_404(LimitPack, pk=pk) if pk else None
        self.command = "compliance.limit_pack.update" if self.pack else "compliance.limit_pack.create"

    def initial_header(self):
        if self.pack is None:
            return {}
        return {
            "name": self.pack.name,
            "verification_level": self.pack.verification_level,
            "customer_type": self.pack.customer_type_id,
            "currency": self.pack.currency,
        }

    def initial_lines(self):
        return _initial_thresholds(self.pack.thresholds.all()) if self.pack else []

    def target_repr(self, header):
        kind = header.get("customer_type")
        of_kind = f", {kind}" if kind else ""
        return f"New limit pack “{header['name']}” (verification level {header['verification_level']}{of_kind})"

    def done_url(self):
        return reverse("compliance-limit-packs")

    def get_context_data(self, **kwargs):
        title = f"Limit pack: {self.pack}" if self.pack else "New limit pack"
        return super().get_context_data(title=title, back_url=reverse("compliance-limit-packs"), **kwargs)


class CustomThresholdsView(OpenCustomerOnly, CustomerMixin, LinesPage):
    """The customer's own thresholds (C "Custom Person Thresholds"), which win over the pack's for
    the amount or count they set."""

    permission_required = LIMITS
    command = "compliance.custom_thresholds.set"

    def load_objects(self):
        super().load_objects()
        self.target = self.customer

    def initial_lines(self):
        return _initial_thresholds(Threshold.objects.filter(customer=self.customer))

    def done_url(self):
        return self.profile_url("limits")

    def customer_id(self):
        return self.customer.pk

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Custom thresholds of {self.customer}",
            subtitle=(
                "They win over the pack of the customer's verification level, for the same operation and period, "
                "in the dimension they set: a line with an amount only keeps the pack's count, and the reverse."
            ),
            back_url=self.profile_url("limits"),
            **kwargs,
        )


class PriceListsView(AccessMixin, TemplateView):
    help_page = "price-lists"
    permission_required = PRICE_LISTS
    template_name = "compliance/price_lists.html"

    def get_context_data(self, **kwargs):
        lists = PriceList.objects.select_related("customer_type").prefetch_related("fees").order_by("name")
        return super().get_context_data(title="Price lists and their fees", price_lists=lists, **kwargs)


class PriceListFeesView(LinesPage):
    permission_required = PRICE_LISTS
    formset_class = FeeFormSet
    columns = ("Operation", "Fixed fee", "Percentage")
    command = "compliance.fees.set"

    def load_objects(self):
        self.target = self.price_list = get_object_or_404(PriceList, pk=self.kwargs["pk"])

    def initial_lines(self):
        return [
            {"operation": f.operation, "fixed": f.fixed, "percent": f.percent}
            for f in Fee.objects.filter(price_list=self.price_list)
        ]

    def lines(self, formset):
        return fee_lines(formset)

    def done_url(self):
        return reverse("compliance-price-lists")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Fees of {self.price_list.name} ({self.price_list.currency})",
            back_url=reverse("compliance-price-lists"),
            **kwargs,
        )
