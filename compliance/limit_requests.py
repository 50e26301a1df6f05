"""What a four-eyes request about limits and fees is compared on and how its checker reads it
(``backoffice.commands``: ``state``, ``describe``, ``target_url``): the lines of a pack, of a
customer's custom thresholds or of a price list's fees, as one line of text each."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from customers.choices import VerificationLevel
from customers.models import Customer, CustomerType, PriceList
from customers.services.common import CANCELED_REFUSAL

from .models import Fee, LimitPack, Threshold
from .services.limits import FeeLine, ThresholdLine, fee_summary, summary


def pack_state(pack: LimitPack) -> dict[str, Any]:
    return {"thresholds": summary(Threshold.objects.filter(pack=pack))}


def custom_thresholds_state(customer: Customer) -> dict[str, Any]:
    return {"custom_thresholds": summary(Threshold.objects.filter(customer=customer))}


def fees_state(price_list: PriceList) -> dict[str, Any]:
    return {"fees": fee_summary(Fee.objects.filter(price_list=price_list))}


def _lines(lines: list[str], none: str) -> list[str] | str:
    return lines or none


def type_of(value) -> str:
    """A pack's type as a checker reads it: its name, or that it has none."""
    if value in (None, ""):
        return "Every type without a pack of its own"
    kind = CustomerType.objects.filter(pk=value).first()
    return str(kind) if kind else f"Type #{value} (removed)"


def describe_pack(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    def level_of(value) -> str:
        return VerificationLevel(int(value)).label if value not in (None, "") else "—"

    rows = [
        ("Name", parameters.get("name", "")),
        ("Verification level", level_of(parameters.get("verification_level"))),
        ("Person or company type", type_of(parameters.get("customer_type"))),
        ("Currency", parameters.get("currency", "")),
        ("Thresholds asked", _lines(summary(ThresholdLine.of(line) for line in parameters.get("lines", [])), "None")),
    ]
    if snapshot:  # a change: what the pack was when asked, beside what is asked
        rows[4:4] = [
            (
                "The pack when asked",
                f"{snapshot.get('name', '')} · {level_of(snapshot.get('verification_level'))} · "
                f"{snapshot.get('currency', '')}",
            )
        ]
        rows.append(("Thresholds when asked", _lines(snapshot.get("thresholds", []), "None")))
        rows.append(("Type when asked", type_of(snapshot.get("customer_type_id"))))
    return [*rows, ("Reason", parameters.get("reason", ""))]


def pack_choice_state(customer: Customer) -> dict[str, Any]:
    """What the checker compares a pack choice with: the customer's pack when it was asked, why
    they had it, and its thresholds (outside attack 21c: the page showed only the pack asked)."""
    from .selectors import pack_of

    pack, why = pack_of(customer)
    return {
        "pack_when_asked": f"{pack} ({why})" if pack else "None: no pack for their level",
        "thresholds_when_asked": summary(Threshold.objects.filter(pack=pack)) if pack else [],
    }


def describe_pack_choice(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    pack = LimitPack.objects.filter(pk=parameters.get("pack") or 0).first()
    asked = str(pack) if pack else "Automatic: the pack of their type and verification level"
    rows: list[tuple[str, Any]] = [("Limit pack asked", asked)]
    if pack is not None:
        rows.append(("Its thresholds", _lines(summary(Threshold.objects.filter(pack=pack)), "None")))
    rows += [
        ("Their pack when asked", snapshot.get("pack_when_asked", "")),
        ("Its thresholds when asked", _lines(snapshot.get("thresholds_when_asked", []), "None")),
        ("Reason", parameters.get("reason", "")),
    ]
    return rows


def describe_custom_thresholds(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    asked = summary(ThresholdLine.of(line) for line in parameters.get("lines", []))
    return [
        ("Thresholds asked", _lines(asked, "None: the pack's thresholds apply again")),
        ("Thresholds when asked", _lines(snapshot.get("custom_thresholds", []), "None: the pack's thresholds")),
        ("Reason", parameters.get("reason", "")),
    ]


def describe_fees(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("Currency", snapshot.get("currency", "")),
        ("Fees asked", _lines(fee_summary(FeeLine.of(line) for line in parameters.get("lines", [])), "No fee")),
        ("Fees when asked", _lines(snapshot.get("fees", []), "No fee")),
        ("Reason", parameters.get("reason", "")),
    ]


def pack_url(pack: LimitPack) -> str:
    return reverse("compliance-limit-pack-edit", args=[pack.pk])


def fees_url(price_list: PriceList) -> str:
    return reverse("compliance-fees", args=[price_list.pk])


def custom_thresholds_refusal(customer: Customer) -> str | None:
    return CANCELED_REFUSAL.format(what="setting custom thresholds") if customer.is_deactivated else None
