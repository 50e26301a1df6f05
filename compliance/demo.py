"""The demo's compliance data: a limit pack per verification level, fees for every price list,
some risk assessments, and a few customers frozen, legally frozen or restricted, through the
services (so their history and their user.update events are there too)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backoffice.audit import SystemActor
from backoffice.commands import commands
from backoffice.demo import DEMO_CUSTOMERS, scaled
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from backoffice.services import approvals
from customers.choices import Kind, Status
from customers.models import Customer, CustomerType, PriceList

from .models import Fee, LimitPack
from .services.limits import FeeLine, ThresholdLine, as_parameters, save_fees, save_pack
from .services.restrictions import freeze_assets, set_legal_freeze
from .services.risk import set_risk
from .work_items import open_risk_reviews_due

DEMO = SystemActor("demo")
# verification level → (pack name, multiplier of the base thresholds)
PACKS = {0: ("Level 0 — not verified", 0), 1: ("Level 1 — contacts verified", 1), 2: ("Level 2 — identified", 10)}
PACKS |= {3: ("Level 3 — address checked", 20), 4: ("Level 4 — proof of funds", 50), 5: ("Level 5 — custom", 100)}
BASE = [
    ("card_transaction", "transaction", Decimal("150"), None),
    ("card_transaction", "day", Decimal("300"), 10),
    ("sct_emitted", "transaction", Decimal("250"), None),
    ("sct_emitted", "month", Decimal("1000"), 20),
    ("wallet_transfer_emitted", "month", Decimal("500"), 30),
]
FEES = [
    FeeLine("card_transaction", Decimal("0"), Decimal("0.5")),
    FeeLine("sct_emitted", Decimal("0.30"), Decimal("0")),
    FeeLine("check_cashing", Decimal("1.50"), Decimal("0")),
]


def create_demo_compliance(*, stdout, size: int | None = None, customers: int = DEMO_CUSTOMERS) -> None:
    if LimitPack.objects.exists():
        stdout.write("Compliance: already there.")
        return
    with transaction.atomic():
        for level, (name, factor) in PACKS.items():
            lines = [
                ThresholdLine(op, period, amount * max(factor, 0) if factor else Decimal("0"), count)
                for op, period, amount, count in BASE
            ]
            save_pack(actor=DEMO, pack=None, name=name, verification_level=level, currency="EUR", lines=lines)
        # C: a person type with packs of its own (the others take the level's pack without a type).
        premium = CustomerType.objects.filter(name="Premium", applies_to="person").first()
        if premium is not None:
            lines = [ThresholdLine(op, period, amount * 3, count) for op, period, amount, count in BASE]
            save_pack(
                actor=DEMO,
                pack=None,
                name="Level 2 — Premium",
                verification_level=2,
                customer_type=premium,
                currency="EUR",
                lines=lines,
            )
        for index, price_list in enumerate(PriceList.objects.order_by("pk")):
            if not Fee.objects.filter(price_list=price_list).exists():
                scale = Decimal(1 + index % 3)
                save_fees(
                    actor=DEMO,
                    price_list=price_list,
                    lines=[FeeLine(f.operation, f.fixed * scale, f.percent * scale) for f in FEES],
                )
        active = Customer.objects.exclude(status=Status.CANCELED).filter(state="active").order_by("pk")
        candidates = list(active.filter(is_frozen=False)[:8])
        frozen = candidates[5:8] or candidates[-1:]  # the 6th to 8th, or the last of a tiny demo
        for customer in frozen:
            freeze_assets(actor=DEMO, customer=customer, comment="Demo: suspicious incoming transfers")
        if frozen:
            set_legal_freeze(actor=DEMO, customer=frozen[0], comment="Demo: seizure order from the court")
        today = timezone.localdate()
        assessed = list(active.exclude(risk_level="")[: scaled(40, customers)])
        for index, customer in enumerate(assessed):
            last_review = today - timedelta(days=30 + index * 7)
            set_risk(
                actor=DEMO,
                customer=customer,
                level=customer.risk_level,
                score={"low": 15, "medium": 45, "high": 80}[customer.risk_level] + index % 10,
                last_review_on=last_review,
                # The older ones are overdue; the first comes due within days (work on /work/).
                next_review_on=today + timedelta(days=10) if index == 0 else last_review + timedelta(days=180),
                reason="Demo: periodic review",
            )
        open_risk_reviews_due()
    asked = _demo_requests(frozen, active)
    stdout.write(
        f"Compliance: {len(PACKS)} limit packs, fees, {len(frozen)} frozen customers, {len(assessed)} risk profiles, "
        f"{asked} changes awaiting a second person."
    )


def _demo_requests(frozen: list[Customer], active) -> int:
    """A few four-eyes requests waiting, one of each kind a checker meets: lifting a freeze (an
    administrator may approve), lifting a legal freeze (compliance officers only), blocking, a
    customer's custom thresholds, skipping the transfer pre-approval and a price list's fees
    (a second administrator)."""
    staff = {member.username: member for member in StaffUser.objects.filter(username__in=["compliance", "admin"])}
    if len(staff) < 2:
        return 0
    wanted = []
    if len(frozen) > 1:
        wanted.append(
            ("compliance.freeze.lift", staff["compliance"], frozen[1], {"comment": "Demo: transfers explained"})
        )
    if frozen:
        wanted.append(
            ("compliance.legal_freeze.lift", staff["compliance"], frozen[0], {"comment": "Demo: court order lifted"})
        )
    unfrozen = list(active.filter(is_frozen=False)[:3])
    if unfrozen:
        wanted.append(
            ("compliance.state.block", staff["admin"], unfrozen[0], {"reason": "Demo: confirmed account takeover"})
        )
    if len(unfrozen) > 1:
        lines = as_parameters([ThresholdLine("sct_emitted", "month", Decimal("50000"), 80)])
        wanted.append(
            (
                "compliance.custom_thresholds.set",
                staff["admin"],
                unfrozen[1],
                {"lines": lines, "reason": "Demo: payroll of a small business, documents on file"},
            )
        )
    treasury = active.filter(is_frozen=False, kind=Kind.BUSINESS).exclude(pk__in=[c.pk for c in unfrozen]).first()
    if treasury is not None:
        wanted.append(
            (
                "customers.transfer_pre_approval.skip",
                staff["admin"],
                treasury,
                {"reason": "Demo: the company's treasury pays its suppliers daily, ticket 4411"},
            )
        )
    pack = LimitPack.objects.filter(verification_level=2).first()
    if pack is not None:
        lines = as_parameters(
            ThresholdLine(t.operation, t.period, t.max_amount * 2 if t.max_amount else t.max_amount, t.max_count)
            for t in pack.thresholds.all()
        )
        wanted.append(
            (
                "compliance.limit_pack.update",
                staff["admin"],
                pack,
                {
                    "name": pack.name,
                    "verification_level": pack.verification_level,
                    "currency": pack.currency,
                    "lines": lines,
                    "reason": "Demo: level 2 customers hit the ceiling; risk committee minute 12",
                },
            )
        )
    price_list = PriceList.objects.order_by("pk").first()
    if price_list is not None:
        fees = as_parameters([FeeLine(f.operation, f.fixed * 2, f.percent) for f in FEES])
        wanted.append(
            ("compliance.fees.set", staff["admin"], price_list, {"lines": fees, "reason": "Demo: 2027 tariff"})
        )
    asked = 0
    for name, maker, target, parameters in wanted:
        try:
            approvals.request_approval(
                command=commands.get(name),
                actor=maker,
                target=target,
                parameters=parameters,
                customer_id=target.pk if isinstance(target, Customer) else None,
            )
            asked += 1
        except DomainError:  # asked already (the demo run again), or no longer applies
            continue
    return asked
