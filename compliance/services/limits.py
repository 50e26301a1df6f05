"""Limit packs, custom thresholds and price lists' fees: each saved all at once as its page shows
it (nothing half-saved), audited with the lines before and after. Administrators only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.formatting import format_amount
from backoffice.models import StaffUser
from customers.choices import OperationType
from customers.models import Customer, CustomerType, PriceList
from customers.services.common import require_open_customer

from ..models import Fee, LimitPack, Period, Threshold


@dataclass(frozen=True)
class ThresholdLine:
    operation: str
    period: str
    max_amount: Decimal | None = None
    max_count: int | None = None

    @classmethod
    def of(cls, value: ThresholdLine | Mapping[str, Any]) -> ThresholdLine:
        """A line as given, or as a four-eyes request stored it (JSON: amounts as text)."""
        if isinstance(value, ThresholdLine):
            return value
        amount, count = value.get("max_amount"), value.get("max_count")
        return cls(
            operation=str(value["operation"]),
            period=str(value["period"]),
            max_amount=None if amount is None else Decimal(str(amount)),
            max_count=None if count is None else int(count),
        )


@dataclass(frozen=True)
class FeeLine:
    operation: str
    fixed: Decimal = Decimal("0")
    percent: Decimal = Decimal("0")

    @classmethod
    def of(cls, value: FeeLine | Mapping[str, Any]) -> FeeLine:
        if isinstance(value, FeeLine):
            return value
        return cls(
            operation=str(value["operation"]),
            fixed=Decimal(str(value.get("fixed") or 0)),
            percent=Decimal(str(value.get("percent") or 0)),
        )


def as_parameters(lines: Iterable[ThresholdLine | FeeLine]) -> list[dict[str, Any]]:
    """Lines as a four-eyes request keeps them (``ThresholdLine.of`` / ``FeeLine.of`` read them back)."""
    return [audit.json_safe(vars(line)) for line in lines]


# Above these a limit or a fee means nothing, and the database's columns (and SQLite's decimals)
# could not hold what a typed "1e20" asks.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_COUNT = 1_000_000_000


def _checked_thresholds(given: Iterable[ThresholdLine | Mapping[str, Any]]) -> list[ThresholdLine]:
    lines = [ThresholdLine.of(line) for line in given]
    seen = set()
    for line in lines:
        key = (line.operation, line.period)
        if key in seen:
            raise DomainError("An operation has one threshold per period: a line is there twice.")
        seen.add(key)
        if line.max_amount is None and line.max_count is None:
            raise DomainError("Each line sets a maximum amount, a maximum count, or both.")
        if (line.max_amount is not None and not 0 <= line.max_amount <= MAX_AMOUNT) or (
            line.max_count is not None and not 0 <= line.max_count <= MAX_COUNT
        ):
            raise DomainError(
                f"A maximum amount is from 0 to {format_amount(MAX_AMOUNT)}, a maximum count from 0 to {MAX_COUNT:,}."
            )
        if line.period == Period.TRANSACTION and line.max_count is not None:
            raise DomainError("A count per transaction means nothing: set a maximum amount per transaction.")
    return sorted(lines, key=lambda line: (line.operation, line.period))


def summary(lines) -> list[str]:
    """Thresholds as one line of words each, in a fixed order (the audit log's, and what a
    four-eyes request is compared on and shows its checker)."""
    return [
        f"{OperationType(t.operation).label}, {Period(t.period).label.lower()}: "
        f"{format_amount(t.max_amount) if t.max_amount is not None else 'no amount'}, "
        f"{f'{t.max_count} operations' if t.max_count is not None else 'no count'}"
        for t in sorted(lines, key=lambda line: (line.operation, line.period))
    ]


def _replace_thresholds(owner: dict, lines: list[ThresholdLine]) -> tuple[list[str], list[str]]:
    current = list(Threshold.objects.filter(**owner))
    before = summary(current)
    Threshold.objects.filter(**owner).delete()
    Threshold.objects.bulk_create([Threshold(**owner, **vars(line)) for line in lines])
    return before, summary(lines)


def _taken(customer_type: CustomerType | None) -> str:
    if customer_type is None:
        return "Another pack without a type has this verification level: one pack per level and type."
    return f"Another pack of the type “{customer_type}” has this verification level: one pack per level and type."


@transaction.atomic
def save_pack(
    *,
    actor,
    pack: LimitPack | None,
    name: str,
    verification_level: int,
    currency: str,
    lines: Iterable[ThresholdLine | Mapping[str, Any]],
    customer_type: CustomerType | int | None = None,
    reason: str = "",
) -> LimitPack:
    """Create (``pack`` None) or change a limit pack with its thresholds, all at once: one pack per
    verification level and type (``customer_type`` None: the level's pack for every type without
    one of its own)."""
    name = name.strip()
    verification_level = int(verification_level)
    if not name:
        raise DomainError("Name the pack.", field="name")
    if isinstance(customer_type, int):  # a request approved later gives the type's id
        customer_type = CustomerType.objects.filter(pk=customer_type).first()
    lines = _checked_thresholds(lines)
    taken = LimitPack.objects.filter(verification_level=verification_level, customer_type=customer_type)
    if pack is not None:
        taken = taken.exclude(pk=pack.pk)
    if taken.exists():
        raise DomainError(_taken(customer_type), field="verification_level")
    staff = actor if isinstance(actor, StaffUser) else None
    created = pack is None
    try:
        with transaction.atomic():  # a colleague taking the level at the same moment: the constraint says so
            if pack is None:
                pack = LimitPack.objects.create(
                    name=name,
                    verification_level=verification_level,
                    customer_type=customer_type,
                    currency=currency,
                    updated_by=staff,
                )
                header_before = {}
            else:
                pack = LimitPack.objects.select_for_update().get(pk=pack.pk)
                header_before = {
                    "name": pack.name,
                    "verification_level": pack.verification_level,
                    "customer_type": str(pack.customer_type or ""),
                    "currency": pack.currency,
                }
                pack.name, pack.verification_level, pack.currency = name, verification_level, currency
                pack.customer_type = customer_type
                pack.updated_at, pack.updated_by = timezone.now(), staff
                pack.save()
    except IntegrityError:
        raise DomainError(_taken(customer_type), field="verification_level") from None
    before, after = _replace_thresholds({"pack": pack}, lines)
    header_after = {
        "name": name,
        "verification_level": verification_level,
        "customer_type": str(customer_type or ""),
        "currency": currency,
    }
    header_before.setdefault("customer_type", "")  # a new pack without a type changes nothing there
    changes = {k: [header_before.get(k), v] for k, v in header_after.items() if header_before.get(k) != v}
    if before != after:
        changes["thresholds"] = [before, after]
    if changes:
        audit.record(
            action="compliance.limit_pack.created" if created else "compliance.limit_pack.updated",
            actor=actor,
            target=pack,
            changes=changes,
            reason=reason.strip(),
        )
    return pack


@transaction.atomic
def save_custom_thresholds(
    *, actor, customer: Customer, lines: Iterable[ThresholdLine | Mapping[str, Any]], reason: str
) -> None:
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


def fee_summary(fees) -> list[str]:
    """Fees as one line of words each, in a fixed order (the audit log's, and what a four-eyes
    request is compared on and shows its checker)."""
    return [
        f"{OperationType(f.operation).label}: {format_amount(Decimal(f.fixed))} + {Decimal(f.percent).normalize():f} %"
        for f in sorted(fees, key=lambda fee: fee.operation)
    ]


@transaction.atomic
def save_fees(*, actor, price_list: PriceList, lines: Iterable[FeeLine | Mapping[str, Any]], reason: str = "") -> None:
    """A price list's fees, all at once."""
    fees = [FeeLine.of(line) for line in lines]
    operations = [line.operation for line in fees]
    if len(set(operations)) != len(operations):
        raise DomainError("An operation has one fee per price list: a line is there twice.")
    for line in fees:
        if not 0 <= line.fixed <= MAX_AMOUNT or not 0 <= line.percent <= 100:
            raise DomainError("A fee is a fixed amount of 0 or more and a percentage from 0 to 100.")
    price_list = PriceList.objects.select_for_update().get(pk=price_list.pk)
    current = list(Fee.objects.filter(price_list=price_list))
    before = fee_summary(current)
    Fee.objects.filter(price_list=price_list).delete()
    Fee.objects.bulk_create([Fee(price_list=price_list, **vars(line)) for line in fees])
    after = fee_summary(fees)
    if before != after:
        audit.record(
            action="compliance.fees.updated",
            actor=actor,
            target=price_list,
            changes={"fees": [before, after]},
            reason=reason.strip(),
        )
