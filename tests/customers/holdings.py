"""What a customer holds, made directly (the panel does not create accounts or devices: the
core banking system and the customer's app do)."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone
from schwifty import IBAN

from customers.choices import (
    OPERATION_DIRECTIONS,
    AccountKind,
    CardKind,
    CardShipping,
    CardStatus,
    NoteVisibility,
    OperationType,
    ScaDeviceKind,
    ScaDeviceStatus,
    ScaLockReason,
    ShippingMethod,
)
from customers.models import Account, Beneficiary, Card, Note, ScaDevice, Transaction

_numbers = count(1)
IBANS = ("FR7630006000011234567890189", "DE89370400440532013000", "ES9121000418450200051332", "NL91ABNA0417164300")


def make_account(customer, *, kind=AccountKind.CURRENT, balance="100.00", primary=True, iban=None, **fields):
    number = next(_numbers)
    return Account.objects.create(
        customer=customer,
        number=f"4000{number:07d}",
        iban=str(IBAN.generate("FR", bank_code="30006", account_code=f"{number:011d}")) if iban is None else iban,
        bic="AGRIFRPPXXX",
        kind=kind,
        name=fields.pop("name", "Main account"),
        balance=Decimal(balance),
        authorized_balance=Decimal(balance),
        is_primary=primary,
        **fields,
    )


def add_transactions(account, n, *, start=None):
    start = start or timezone.now() - timedelta(days=n)
    rows = []
    for i in range(n):
        operation = (OperationType.CARD_TRANSACTION, OperationType.SCT_RECEIVED)[i % 2]
        booked = start + timedelta(hours=i)
        rows.append(
            Transaction(
                account=account,
                booked_at=booked,
                value_date=booked.date(),
                amount=Decimal("12.50"),
                currency=account.currency,
                direction=OPERATION_DIRECTIONS[operation],
                operation_type=operation,
                label=f"Operation {i}",
                counterparty_name="Carrefour",
            )
        )
    Transaction.objects.bulk_create(rows, batch_size=5000)


def make_card(customer, account, *, status=CardStatus.ACTIVE, kind=CardKind.PHYSICAL, **fields):
    if kind == CardKind.PHYSICAL:  # a physical card is somewhere on its way: delivered, unless told
        fields.setdefault("shipping_status", CardShipping.DELIVERED)
        fields.setdefault("shipping_method", ShippingMethod.STANDARD)
    return Card.objects.create(
        customer=customer,
        account=account,
        kind=kind,
        masked_pan=fields.pop("masked_pan", f"5350 43•• •••• {next(_numbers):04d}"),
        expiry_month=fields.pop("expiry_month", 6),
        expiry_year=fields.pop("expiry_year", timezone.now().year + 2),
        embossed_name="ZOE DUPONT",
        status=status,
        **fields,
    )


def make_device(customer, *, status=ScaDeviceStatus.ACTIVE, kind=ScaDeviceKind.MOBILE, **fields):
    if status == ScaDeviceStatus.LOCKED:
        fields.setdefault("lock_reason", ScaLockReason.LOST_DEVICE)
        fields.setdefault("lock_message", "Phone left in a taxi")
        fields.setdefault("status_before_lock", ScaDeviceStatus.ACTIVE)
        fields.setdefault("locked_at", timezone.now())
    return ScaDevice.objects.create(
        customer=customer,
        kind=kind,
        status=status,
        device_info="iPhone 15, iOS 18.1" if kind == ScaDeviceKind.MOBILE else "Firefox 132 on Linux",
        **fields,
    )


def make_beneficiary(customer, *, iban=IBANS[1], **fields):
    return Beneficiary.objects.create(customer=customer, name=fields.pop("name", "Hans Müller"), iban=iban, **fields)


def make_note(customer, author, *, body="Called about a card payment.", visibility=NoteVisibility.EVERYONE, **fields):
    return Note.objects.create(customer=customer, author=author, body=body, visibility=visibility, **fields)
