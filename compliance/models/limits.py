"""Limits (C "Limits"): a pack per verification level with thresholds per operation and period,
and custom thresholds per customer that win over the pack's, for the amount or the count they
set. Fees (C "Price lists"): what each price list charges per operation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from customers.choices import Currency, OperationType, VerificationLevel
from customers.models.holdings import MONEY


class Period(models.TextChoices):
    TRANSACTION = "transaction", "Per transaction"
    DAY = "day", "Per day"
    MONTH = "month", "Per month"


class LimitPack(models.Model):
    """The thresholds of every customer at ``verification_level`` (the more verified, the
    higher), of one person or company type (C: the types "allow White Labels to set limits and
    price lists per each group") or, without a type, of those whose type has no pack of its own
    at that level. A customer's pack may also be chosen by hand (``ChosenLimitPack``)."""

    name = models.CharField(max_length=80)
    verification_level = models.PositiveSmallIntegerField(choices=VerificationLevel)
    customer_type = models.ForeignKey(
        "customers.CustomerType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Person or company type",
    )
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.EUR)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["verification_level", "customer_type_id"]
        constraints = [
            models.UniqueConstraint(fields=["verification_level", "customer_type"], name="limit_pack_level_and_type"),
            models.UniqueConstraint(
                fields=["verification_level"], condition=Q(customer_type__isnull=True), name="limit_pack_level_any_type"
            ),
        ]

    def __str__(self):
        return self.name


class ChosenLimitPack(models.Model):
    """C: "It is possible to select a Limit manually from the Limit drop-down list": the pack a
    customer has whatever their verification level, until it is set back to automatic."""

    customer = models.OneToOneField("customers.Customer", on_delete=models.PROTECT, related_name="chosen_limit_pack")
    pack = models.ForeignKey(LimitPack, on_delete=models.PROTECT, related_name="chosen_for")
    chosen_at = models.DateTimeField(default=timezone.now)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self):
        return f"{self.pack} chosen for customer {self.customer_id}"


class Threshold(models.Model):
    """At most ``max_amount`` and ``max_count`` of ``operation`` per ``period``: a pack's line, or a
    customer's own (exactly one of the two)."""

    pack = models.ForeignKey(LimitPack, null=True, blank=True, on_delete=models.CASCADE, related_name="thresholds")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="custom_thresholds"
    )
    operation = models.CharField(max_length=32, choices=OperationType)
    period = models.CharField(max_length=12, choices=Period)
    max_amount = models.DecimalField("Maximum amount", null=True, blank=True, **MONEY)
    max_count = models.PositiveIntegerField("Maximum count", null=True, blank=True)

    class Meta:
        ordering = ["operation", "period"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pack__isnull=False, customer__isnull=True) | Q(pack__isnull=True, customer__isnull=False),
                name="threshold_of_a_pack_or_a_customer",
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=False) | Q(max_count__isnull=False), name="threshold_sets_something"
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=0), name="threshold_amount"
            ),
            models.UniqueConstraint(fields=["pack", "operation", "period"], name="pack_threshold_once"),
            models.UniqueConstraint(fields=["customer", "operation", "period"], name="custom_threshold_once"),
        ]

    def __str__(self):
        return f"{self.get_operation_display()} {self.get_period_display().lower()}"

    @property
    def operation_label(self) -> str:
        return self.get_operation_display()

    @property
    def period_label(self) -> str:
        return self.get_period_display()


class Fee(models.Model):
    """What a price list charges for one operation: a fixed part and a percentage."""

    price_list = models.ForeignKey("customers.PriceList", on_delete=models.CASCADE, related_name="fees")
    operation = models.CharField(max_length=32, choices=OperationType)
    fixed = models.DecimalField("Fixed fee", default=0, **MONEY)
    percent = models.DecimalField("Percentage", default=0, max_digits=5, decimal_places=3)

    class Meta:
        ordering = ["operation"]
        constraints = [
            models.UniqueConstraint(fields=["price_list", "operation"], name="fee_once_per_operation"),
            models.CheckConstraint(
                condition=Q(fixed__gte=0) & Q(percent__gte=0) & Q(percent__lte=100), name="fee_range"
            ),
        ]

    def __str__(self):
        return f"{self.get_operation_display()}: {self.fixed} + {self.percent} %"
