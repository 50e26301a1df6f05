"""Limits and fees: the profile's "Limits & fees" tab (everyone), the limit packs and the price
lists' fees (administrators), and a customer's custom thresholds (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from backoffice.access import AccessMixin
from backoffice.errors import DomainError
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
            may_manage_fees=self.request.user.has_perm(PRICE_LISTS),
            **kwargs,
        )


def _initial_thresholds(rows) -> list[dict]:
    return [
        {"operation": t.operation, "period": t.period, "max_amount": t.max_amount, "max_count": t.max_count}
        for t in rows
    ]


class LinesPage(AccessMixin, TemplateView):
    """A page of lines (a formset) with an optional header form, saved by one service call; a
    DomainError shows above the lines and nothing is saved."""

    template_name = "compliance/lines_form.html"
    formset_class = ThresholdFormSet
    header_class = None
    columns = ("Operation", "Period", "Maximum amount", "Maximum count")

    def initial_lines(self) -> list[dict]:
        return []

    def initial_header(self) -> dict:
        return {}

    def save(self, header, formset):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        header = self.header_class(initial=self.initial_header()) if self.header_class else None
        return self.render_to_response(
            self.get_context_data(header=header, formset=self.formset_class(initial=self.initial_lines()))
        )

    def post(self, request, *args, **kwargs):
        header = self.header_class(request.POST, initial=self.initial_header()) if self.header_class else None
        formset = self.formset_class(request.POST, initial=self.initial_lines())
        if (header is None or header.is_valid()) and formset.is_valid():
            try:
                next_url = self.save(header, formset)
            except DomainError as error:
                if header is not None and error.field in header.fields:
                    header.add_error(error.field, error.message)
                else:
                    formset._non_form_errors = formset.error_class([error.message])
            else:
                messages.success(request, "Saved.")
                return redirect(next_url)
        return self.render_to_response(self.get_context_data(header=header, formset=formset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=self.columns, **kwargs)


class LimitPacksView(AccessMixin, TemplateView):
    permission_required = LIMITS
    template_name = "compliance/limit_packs.html"

    def get_context_data(self, **kwargs):
        packs = LimitPack.objects.prefetch_related("thresholds").order_by("verification_level")
        return super().get_context_data(title="Limit packs", packs=packs, **kwargs)


class LimitPackEditView(LinesPage):
    permission_required = LIMITS
    header_class = PackForm

    def load_objects(self):
        pk = self.kwargs.get("pk")
        self.pack = get_object_or_404(LimitPack, pk=pk) if pk else None

    def initial_header(self):
        if self.pack is None:
            return {}
        return {
            "name": self.pack.name,
            "verification_level": self.pack.verification_level,
            "currency": self.pack.currency,
        }

    def initial_lines(self):
        return _initial_thresholds(self.pack.thresholds.all()) if self.pack else []

    def save(self, header, formset):
        limits.save_pack(actor=self.request.user, pack=self.pack, lines=threshold_lines(formset), **header.cleaned_data)
        return reverse("compliance-limit-packs")

    def get_context_data(self, **kwargs):
        title = f"Limit pack: {self.pack}" if self.pack else "New limit pack"
        return super().get_context_data(title=title, back_url=reverse("compliance-limit-packs"), **kwargs)


class CustomThresholdsView(OpenCustomerOnly, CustomerMixin, LinesPage):
    """The customer's own thresholds (C "Custom Person Thresholds"), which win over the pack's for
    the amount or count they set."""

    permission_required = LIMITS
    header_class = ReasonForm

    def initial_lines(self):
        return _initial_thresholds(Threshold.objects.filter(customer=self.customer))

    def save(self, header, formset):
        limits.save_custom_thresholds(
            actor=self.request.user,
            customer=self.customer,
            lines=threshold_lines(formset),
            reason=header.cleaned_data["reason"],
        )
        return self.profile_url("limits")

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
    permission_required = PRICE_LISTS
    template_name = "compliance/price_lists.html"

    def get_context_data(self, **kwargs):
        lists = PriceList.objects.select_related("customer_type").prefetch_related("fees").order_by("name")
        return super().get_context_data(title="Price lists and their fees", price_lists=lists, **kwargs)


class PriceListFeesView(LinesPage):
    permission_required = PRICE_LISTS
    formset_class = FeeFormSet
    columns = ("Operation", "Fixed fee", "Percentage")

    def load_objects(self):
        self.price_list = get_object_or_404(PriceList, pk=self.kwargs["pk"])

    def initial_lines(self):
        return [
            {"operation": f.operation, "fixed": f.fixed, "percent": f.percent}
            for f in Fee.objects.filter(price_list=self.price_list)
        ]

    def save(self, header, formset):
        limits.save_fees(actor=self.request.user, price_list=self.price_list, lines=fee_lines(formset))
        return reverse("compliance-price-lists")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Fees of {self.price_list.name} ({self.price_list.currency})",
            back_url=reverse("compliance-price-lists"),
            **kwargs,
        )
