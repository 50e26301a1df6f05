"""Limit packs, custom thresholds and price lists' fees: each saved all at once as its page shows
it (nothing half-saved), audited with the lines before and after. Administrators only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.formatting import format_amount
from backoffice.models import StaffUser
from customers.models import Customer, PriceList
from customers.services.common import require_open_customer

from ..models import Fee, LimitPack, Period, Threshold


@dataclass(frozen=True)
class ThresholdLine:
    operation: str
    period: str
    max_amount: Decimal | None = None
    max_count: int | None = None


@dataclass(frozen=True)
class FeeLine:
    operation: str
    fixed: Decimal = Decimal("0")
    percent: Decimal = Decimal("0")


def _checked_thresholds(lines: list[ThresholdLine]) -> list[ThresholdLine]:
    seen = set()
    for line in lines:
        key = (line.operation, line.period)
        if key in seen:
            raise DomainError("An operation has one threshold per period: a line is there twice.")
        seen.add(key)
        if line.max_amount is None and line.max_count is None:
            raise DomainError("Each line sets a maximum amount, a maximum count, or both.")
        if line.period == Period.TRANSACTION and line.max_count is not None:
            raise DomainError("A count per transaction means nothing: set a maximum amount per transaction.")
    return sorted(lines, key=lambda line: (line.operation, line.period))


def _summary(lines) -> list[str]:
    return [
        f"{t.operation} {t.period}: {format_amount(t.max_amount) if t.max_amount is not None else '—'} / "
        f"{t.max_count if t.max_count is not None else '—'}"
        for t in sorted(lines, key=lambda line: (line.operation, line.period))
    ]


def _replace_thresholds(owner: dict, lines: list[ThresholdLine]) -> tuple[list[str], list[str]]:
    current = list(Threshold.objects.filter(**owner))
    before = _summary(current)
    Threshold.objects.filter(**owner).delete()
    Threshold.objects.bulk_create([Threshold(**owner, **vars(line)) for line in lines])
    return before, _summary(lines)


@transaction.atomic
def save_pack(
    *, actor, pack: LimitPack | None, name: str, verification_level: int, currency: str, lines: list[ThresholdLine]
) -> LimitPack:
    name = name.strip()
    if not name:
        raise DomainError("Name the pack.", field="name")
    lines = _checked_thresholds(lines)
    taken = LimitPack.objects.filter(verification_level=verification_level)
    if pack is not None:
        taken = taken.exclude(pk=pack.pk)
    if taken.exists():
        raise DomainError("Another pack has this verification level: one pack per level.", field="verification_level")
    staff = actor if isinstance(actor, StaffUser) else None
    created = pack is None
    try:
        with transaction.atomic():  # a colleague taking the level at the same moment: the constraint says so
            if pack is None:
                pack = LimitPack.objects.create(
                    name=name, verification_level=verification_level, currency=currency, updated_by=staff
                )
                header_before = {}
            else:
                pack = LimitPack.objects.select_for_update().get(pk=pack.pk)
                header_before = {
                    "name": pack.name,
                    "verification_level": pack.verification_level,
                    "currency": pack.currency,
                }
                pack.name, pack.verification_level, pack.currency = name, verification_level, currency
                pack.updated_at, pack.updated_by = timezone.now(), staff
                pack.save()
    except IntegrityError:
        raise DomainError(
            "Another pack has this verification level: one pack per level.", field="verification_level"
        ) from None
    before, after = _replace_thresholds({"pack": pack}, lines)
    header_after = {"name": name, "verification_level": verification_level, "currency": currency}
    changes = {k: [header_before.get(k), v] for k, v in header_after.items() if header_before.get(k) != v}
    if before != after:
        changes["thresholds"] = [before, after]
    if changes:
        audit.record(
            action="compliance.limit_pack.created" if created else "compliance.limit_pack.updated",
            actor=actor,
            target=pack,
            changes=changes,
        )
    return pack


@transaction.atomic
def save_custom_thresholds(*, actor, customer: Customer, lines: list[ThresholdLine], reason: str) -> None:
    """The customer's own thresholds, which win over their pack's for the same operation and period,
    in the dimensions they set (``compliance.selectors.effective_limits``)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is required.", field="reason")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "setting custom thresholds")
    before, after = _replace_thresholds({"customer": customer}, _checked_thresholds(lines))
    if before != after:
        audit.record(
            action="compliance.custom_thresholds.updated",
            actor=actor,
            customer_id=customer.pk,
            target=customer,
            changes={"custom_thresholds": [before, after]},
            reason=reason,
        )


@transaction.atomic
def save_fees(*, actor, price_list: PriceList, lines: list[FeeLine]) -> None:
    operations = [line.operation for line in lines]
    if len(set(operations)) != len(operations):
        raise DomainError("An operation has one fee per price list: a line is there twice.")
    for line in lines:
        if line.fixed < 0 or not 0 <= line.percent <= 100:
            raise DomainError("A fee is a fixed amount of 0 or more and a percentage from 0 to 100.")
    price_list = PriceList.objects.select_for_update().get(pk=price_list.pk)
    current = list(Fee.objects.filter(price_list=price_list))
    summary = lambda fees: sorted(f"{f.operation}: {f.fixed} + {f.percent} %" for f in fees)  # noqa: E731
    before = summary(current)
    Fee.objects.filter(price_list=price_list).delete()
    Fee.objects.bulk_create([Fee(price_list=price_list, **vars(line)) for line in lines])
    after = summary(lines)
    if before != after:
        audit.record(
            action="compliance.fees.updated", actor=actor, target=price_list, changes={"fees": [before, after]}
        )
