"""What a four-eyes request about limits and fees is compared on and how its checker reads it
(``backoffice.commands``: ``state``, ``describe``, ``target_url``): the lines of a pack, of a
customer's custom thresholds or of a price list's fees, as one line of text each."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from customers.choices import VerificationLevel
from customers.models import Customer, PriceList
from customers.services.common import CANCELED_REFUSAL

from .models import Fee, LimitPack, Threshold
from .services.limits import FeeLine, ThresholdLine, fee_summary, summary


def pack_state(pack: LimitPack) -> dict[str, Any]:
    return {"thresholds": summary(Threshold.objects.filter(pack=pack))}


def custom_thresholds_state(customer: Customer) -> dict[str, Any]:
    return {"custom_thresholds": summary(Threshold.objects.filter(customer=customer))}


def fees_state(price_list: PriceList) -> dict[str, Any]:
    return {"fees": fee_summary(Fee.objects.filter(price_list=price_list))}


def describe_pack(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    level = parameters.get("verification_level")
    rows = [
        ("Name", parameters.get("name", "")),
        ("Verification level", VerificationLevel(int(level)).label if level is not None else "—"),
        ("Currency", parameters.get("currency", "")),
        ("Thresholds asked", summary(ThresholdLine.of(line) for line in parameters.get("lines", []))),
    ]
    if "thresholds" in snapshot:
        rows.append(("Thresholds when asked", snapshot["thresholds"]))
    return [*rows, ("Reason", parameters.get("reason", ""))]


def describe_custom_thresholds(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("Thresholds asked", summary(ThresholdLine.of(line) for line in parameters.get("lines", []))),
        ("Thresholds when asked", snapshot.get("custom_thresholds", [])),
        ("Reason", parameters.get("reason", "")),
    ]


def describe_fees(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("Fees asked", fee_summary(FeeLine.of(line) for line in parameters.get("lines", []))),
        ("Fees when asked", snapshot.get("fees", [])),
        ("Reason", parameters.get("reason", "")),
    ]


def pack_url(pack: LimitPack) -> str:
    return reverse("compliance-limit-pack-edit", args=[pack.pk])


def fees_url(price_list: PriceList) -> str:
    return reverse("compliance-fees", args=[price_list.pk])


def custom_thresholds_refusal(customer: Customer) -> str | None:
    return CANCELED_REFUSAL.format(what="setting custom thresholds") if customer.is_deactivated else None
