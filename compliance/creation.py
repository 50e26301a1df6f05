"""Compliance's sections of the create forms (``customers.creation``), in Crassula's order: "It is
possible to select a Limit manually from the Limit drop-down list", then "Set custom limits in the
Custom threshold limits field if necessary". Each is asked through its own command once the
customer exists (``compliance.limit_pack.choose``, ``compliance.custom_thresholds.set``): both
wait for a second administrator by default, as they do on the profile."""

from __future__ import annotations

import copy
from typing import Any

from crispy_forms.layout import Fieldset
from django import forms
from django.db.models import Q

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.services import approvals
from customers.creation import CreationSection, creation_sections
from customers.forms.layout import FollowsTypeSelect, columns

from .limit_forms import ThresholdForm, line_errors
from .models import LimitPack
from .services.limits import ThresholdLine, as_parameters

LINES = 3  # blank lines on the create form; the Limits tab's editor takes any number later
LINE_FIELDS = {
    "operation": "Operation",
    "period": "Period",
    "max_amount": "Maximum amount",
    "max_count": "Maximum count",
}
REASON = "limits_reason"


def _name(line: int, field: str) -> str:
    return f"threshold_{line}_{field}"


def fields(applies_to: str) -> dict[str, Any]:
    packs = LimitPack.objects.select_related("customer_type").filter(
        Q(customer_type__isnull=True) | Q(customer_type__applies_to=applies_to)
    )
    made: dict[str, Any] = {
        "limit_pack": forms.ModelChoiceField(
            label="Limit",
            queryset=packs.order_by("verification_level", "customer_type__name"),
            required=False,
            empty_label="Automatic: the pack of their type and verification level",
            help_text="A pack chosen here applies whatever their verification level.",
            widget=FollowsTypeSelect(
                attrs={"data-follows": "id_customer_type"}, type_of=lambda pack: pack.customer_type_id or "*"
            ),
        )
    }
    made["limit_pack"].label_from_instance = lambda pack: (
        f"{pack.name} — level {pack.verification_level}" + (f", {pack.customer_type}" if pack.customer_type_id else "")
    )
    for line in range(1, LINES + 1):
        for field in LINE_FIELDS:
            copied = copy.deepcopy(ThresholdForm.base_fields[field])
            copied.label = f"{LINE_FIELDS[field]} ({line})"
            copied.widget.attrs = {}
            made[_name(line, field)] = copied
    made[REASON] = forms.CharField(
        label="Why these limits",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed with a pack chosen by hand or a custom threshold; a second administrator reads it.",
    )
    return made


def layout(form):
    lines = [
        columns(*(_name(line, field) for field in LINE_FIELDS), sizes=[4, 2, 3, 3]) for line in range(1, LINES + 1)
    ]
    return Fieldset(
        "Limit and custom threshold limits",
        "limit_pack",
        *lines,
        REASON,
    )


def _lines(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{field: data.get(_name(line, field)) for field in LINE_FIELDS} for line in range(1, LINES + 1)]


def clean(form) -> None:
    data = form.cleaned_data
    filled = []
    for number, line in enumerate(_lines(data), start=1):
        for field, message in line_errors(line):
            form.add_error(_name(number, field), message)
        filled.append(bool(line["operation"] or line["period"]))
    if (data.get("limit_pack") or any(filled)) and not (data.get(REASON) or "").strip():
        form.add_error(REASON, "Say why the customer gets these limits: a second administrator reads it.")


def apply(*, actor, customer, data: dict[str, Any]) -> list[str]:
    said = []
    reason = (data.get(REASON) or "").strip()
    pack = data.get("limit_pack")
    if pack is not None:
        said += _ask("compliance.limit_pack.choose", actor, customer, {"pack": pack.pk, "reason": reason})
    lines = [ThresholdLine(**line) for line in _lines(data) if line["operation"]]
    if lines:
        said += _ask(
            "compliance.custom_thresholds.set", actor, customer, {"lines": as_parameters(lines), "reason": reason}
        )
    return said


# The commands' fields as this page names them, so a refusal shows next to its field.
FIELDS_HERE = {"pack": "limit_pack", "reason": REASON}


def _ask(name: str, actor, customer, parameters: dict[str, Any]) -> list[str]:
    try:
        approval, _ = approvals.ask_or_run(
            command=commands.get(name), actor=actor, target=customer, parameters=parameters, customer_id=customer.pk
        )
    except DomainError as error:
        raise DomainError(error.message, field=FIELDS_HERE.get(error.field or "", error.field)) from error
    return [] if approval is None else [approvals.waiting_message(approval)]


def register_creation_sections() -> None:
    here = "compliance.creation"
    creation_sections.register(
        CreationSection(
            key="limits",
            order=50,
            permission="compliance.manage_limits",
            fields=f"{here}.fields",
            layout=f"{here}.layout",
            clean=f"{here}.clean",
            apply=f"{here}.apply",
        )
    )
