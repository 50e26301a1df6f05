"""What a customer holds: accounts / wallets and their transactions, cards, beneficiaries
(external accounts) and the cards they saved to top up.

Money is a ``Decimal`` with its currency code beside it, never a float. Card numbers are never
stored whole: only the masked PAN the processor returns (first six and last four digits).
"""

import secrets
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Right
from django.utils import timezone
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from backoffice.formatting import format_money

from ..choices import (
    AccountKind,
    AccountStatus,
    BeneficiaryStatus,
    CardKind,
    CardShipping,
    CardStatus,
    Currency,
    Direction,
    OperationType,
    ShippingMethod,
    TransactionStatus,
)
from .customer import Customer


class DecimalDigits(TypedDict):
    """A ``DecimalField``'s size, to pass as ``**MONEY``."""

    max_digits: int
    decimal_places: int


MONEY: DecimalDigits = {"max_digits": 18, "decimal_places": 2}


def valid_iban(value: str) -> None:
    """An account's IBAN must pass schwifty (country, length, check digits, national rules)."""
    try:
        IBAN(value)
    except SchwiftyException as error:
        raise ValidationError(f"This IBAN is not valid: {error}") from error


def wallet_reference(account_id: int) -> str:
    """A wallet id (T ``walletId``, the account's id) as the panel writes it and the omnibox reads it."""
    return f"W{account_id}"


class Account(models.Model):
    """T wallet, C account. ``balance`` is the booked balance; ``authorized_balance`` (T
    ``authorizedBalance``) deducts pending card authorisations, so it is what the customer may spend."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="accounts")
    holders = models.ManyToManyField(
        Customer, blank=True, related_name="held_accounts", help_text="Additional holders (joint account)."
    )
    number = models.CharField("Account number", max_length=34, unique=True)
    iban = models.CharField("IBAN", max_length=34, blank=True, db_index=True, validators=[valid_iban])
    bic = models.CharField("BIC", max_length=11, blank=True)
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.EUR)
    kind = models.CharField("Type", max_length=10, choices=AccountKind, default=AccountKind.CURRENT)
    name = models.CharField(max_length=100)
    tag = models.CharField(max_length=100, blank=True, help_text="The integrator's own reference (T walletTag).")
    status = models.CharField(max_length=10, choices=AccountStatus, default=AccountStatus.ACTIVE)
    balance = models.DecimalField("Current balance", default=0, **MONEY)
    authorized_balance = models.DecimalField("Authorised balance", default=0, **MONEY)
    is_primary = models.BooleanField("Primary", default=False)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_primary", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_primary=True), name="account_one_primary_per_customer"
            ),
            models.UniqueConstraint(fields=["iban"], condition=~Q(iban=""), name="account_iban_unique"),
        ]
        # /accounts/ pages by these, newest and largest first (issue 21).
        indexes = [
            models.Index(fields=["opened_at", "id"], name="account_opened"),
            models.Index(fields=["balance", "id"], name="account_balance"),
            # The omnibox's "FR…0189": an IBAN's last four digits (``search_holdings``).
            models.Index(Right("iban", 4), name="account_iban_last4"),
        ]

    def __str__(self):
        return f"{self.name} ({self.number})"

    @property
    def is_vault(self) -> bool:
        return self.kind == AccountKind.VAULT

    @property
    def wallet_id(self) -> str:
        """T ``walletId``: the account's own id, written as the omnibox finds it (a bare number is a
        customer id there)."""
        return wallet_reference(self.pk)


class Transaction(models.Model):
    """One movement on an account. ``amount`` is positive; ``direction`` says which way.

    Statements read an account's rows in date order: the index on (account, booked_at, id)
    serves that order, and on PostgreSQL it also carries the columns a statement prints
    (migration ``0007``), so a statement is an index-only scan.
    """

    # No index of its own: (account, booked_at, id) serves every lookup by account.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="transactions", db_index=False)
    booked_at = models.DateTimeField(default=timezone.now)
    value_date = models.DateField()
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.EUR)
    direction = models.CharField(max_length=6, choices=Direction)
    operation_type = models.CharField(max_length=32, choices=OperationType)
    status = models.CharField(max_length=10, choices=TransactionStatus, default=TransactionStatus.BOOKED)
    label = models.CharField(max_length=140)
    counterparty_name = models.CharField("Counterparty", max_length=140, blank=True)
    counterparty_iban = models.CharField("Counterparty IBAN", max_length=34, blank=True)
    reference = models.CharField(max_length=35, blank=True)

    class Meta:
        ordering = ["-booked_at", "-id"]
        indexes = [
            models.Index(fields=["account", "booked_at", "id"], name="transaction_account_date"),
            # /transactions/: every account's, newest first; a counterparty's IBAN (issue 21).
            models.Index(fields=["booked_at", "id"], name="transaction_date"),
            models.Index(
                fields=["counterparty_iban"], condition=~Q(counterparty_iban=""), name="transaction_counterparty_iban"
            ),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="transaction_amount_positive")]

    def __str__(self):
        return f"{self.get_direction_display()} {format_money(self.amount, self.currency)} — {self.label}"

    @property
    def signed_amount(self):
        return self.amount if self.direction == Direction.PAYIN else -self.amount


PUBLIC_TOKEN_DIGITS = 9


def random_public_token() -> str:
    """A 9-digit public token (T ``publicToken``), never starting with 0. Random, so unique only
    most of the time: the services draw again while it is taken (``services.cards.new_public_token``)."""
    return str(10 ** (PUBLIC_TOKEN_DIGITS - 1) + secrets.randbelow(9 * 10 ** (PUBLIC_TOKEN_DIGITS - 1)))


class Card(models.Model):
    """A payment card on one of the customer's accounts (T cards, S cards).

    ``public_token`` (T ``publicToken``) is printed on the card carrier: support identifies a card
    by it without the card number. A physical card has a shipping status and method (S
    ``card_fulfillment_status``, ``is_expedited_fulfillment``); a virtual card has neither (a
    constraint says so)."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="cards")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="cards")
    kind = models.CharField("Type", max_length=10, choices=CardKind)
    masked_pan = models.CharField("Card number", max_length=19, help_text="First six and last four digits only.")
    expiry_month = models.PositiveSmallIntegerField()
    expiry_year = models.PositiveSmallIntegerField()
    embossed_name = models.CharField(max_length=27)
    status = models.CharField(max_length=10, choices=CardStatus, default=CardStatus.INACTIVE)
    status_reason = models.CharField(max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", help_text="Reissued from."
    )
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # Unique (``card_public_token_unique``): its index serves the omnibox's exact lookup.
    public_token = models.CharField(
        "Public token",
        max_length=PUBLIC_TOKEN_DIGITS,
        default=random_public_token,
        help_text="The 9 digits printed on the card carrier, to identify the card without its number.",
    )
    shipping_status = models.CharField("Shipping", max_length=10, choices=CardShipping, blank=True)
    shipping_method = models.CharField(max_length=10, choices=ShippingMethod, blank=True)
    shipped_at = models.DateField("Shipped on", null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "status"], name="card_customer_status"),
            models.Index(fields=["issued_at", "id"], name="card_issued"),  # /cards/, newest first
            # The omnibox's "4242 06/28": the last four digits and the expiry (``search_holdings``).
            models.Index(Right("masked_pan", 4), "expiry_year", "expiry_month", name="card_last4_expiry"),
            # /cards/?shipping=ordered: the physical cards of a shipping status, newest first.
            models.Index(
                fields=["shipping_status", "issued_at", "id"], condition=~Q(shipping_status=""), name="card_shipping"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(expiry_month__gte=1, expiry_month__lte=12), name="card_expiry_month"),
            # A constraint, not ``unique=True``: PostgreSQL would get a second, LIKE-serving index no query uses.
            models.UniqueConstraint(fields=["public_token"], name="card_public_token_unique"),
            # A physical card is always somewhere on its way (and posted some way); a virtual one never.
            models.CheckConstraint(
                condition=(
                    Q(kind=CardKind.VIRTUAL, shipping_status="", shipping_method="", shipped_at__isnull=True)
                    | (Q(kind=CardKind.PHYSICAL) & ~Q(shipping_status="") & ~Q(shipping_method=""))
                ),
                name="card_shipping_physical_only",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} card {self.masked_pan}"

    @property
    def expiry(self) -> str:
        return f"{self.expiry_month:02d}/{self.expiry_year % 100:02d}"

    @property
    def last4(self) -> str:
        return self.masked_pan[-4:]

    @property
    def is_expedited(self) -> bool:
        return self.shipping_method == ShippingMethod.EXPEDITED


class Beneficiary(models.Model):
    """An external account the customer pays (T beneficiary, S external account)."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="beneficiaries")
    name = models.CharField("Holder name", max_length=140)
    nickname = models.CharField(max_length=70, blank=True)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11, blank=True)
    status = models.CharField(max_length=12, choices=BeneficiaryStatus, default=BeneficiaryStatus.ACTIVATED)
    usage_count = models.PositiveIntegerField("Payments", default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The staff member who linked it by hand; empty when the customer added it.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-usage_count", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["customer", "iban"], name="beneficiary_once_per_iban")]
        indexes = [models.Index(fields=["iban"], name="beneficiary_iban")]  # the omnibox: whose beneficiary

    def __str__(self):
        return f"{self.nickname or self.name} ({self.iban[-4:]})"


class TopUpCard(models.Model):
    """A card from another bank the customer saved to top up their account (C), or that a staff
    member linked by hand (S "manually link an external card": ``linked_by``). Only the first six
    and last four digits are kept. Unlinking keeps the row (``unlinked_at``): the audit log and the
    top-ups made with it still name it."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="topup_cards")
    brand = models.CharField(max_length=20)
    masked_pan = models.CharField("Card number", max_length=19, help_text="First six and last four digits only.")
    expiry_month = models.PositiveSmallIntegerField()
    expiry_year = models.PositiveSmallIntegerField()
    holder_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The staff member who linked it by hand; empty when the customer saved it.",
    )
    unlinked_at = models.DateTimeField(null=True, blank=True)
    unlinked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.brand} {self.masked_pan}"

    @property
    def expiry(self) -> str:
        return f"{self.expiry_month:02d}/{self.expiry_year % 100:02d}"
