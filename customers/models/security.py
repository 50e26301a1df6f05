"""How the customer authenticates and what they agreed to: SCA devices (T, seed 000), their
two-factor methods, API keys and legal agreements with their approval history (C top toolbar)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import AgreementStatus, ScaDeviceKind, ScaDeviceStatus, ScaLockReason, TwoFactorKind
from .customer import Customer


class ScaDevice(models.Model):
    """One enrolled SCA wallet: a mobile (SDK) or a web browser (Web Native). Deleted devices
    stay, with who deleted them and when ("View deleted devices": fraud analysis)."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="sca_devices")
    kind = models.CharField("Device", max_length=10, choices=ScaDeviceKind)
    status = models.CharField(max_length=20, choices=ScaDeviceStatus, default=ScaDeviceStatus.PASSCODE_MISSING)
    device_info = models.CharField("Device information", max_length=200)
    tag = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    lock_reason = models.CharField(max_length=20, choices=ScaLockReason, blank=True)
    lock_message = models.CharField(max_length=500, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    status_before_lock = models.CharField(max_length=20, choices=ScaDeviceStatus, blank=True)
    pin_reset_requested_at = models.DateTimeField("PIN reset requested", null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "deleted_at"], name="sca_device_customer")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.device_info}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class TwoFactorMethod(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="two_factor_methods")
    kind = models.CharField(max_length=10, choices=TwoFactorKind)
    label = models.CharField(max_length=100, help_text="The masked phone, the app's name, the device.")
    is_active = models.BooleanField("Active", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_active", "-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.label})"


class ApiKey(models.Model):
    """A key the customer created for their own integrations: only its prefix is kept here."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    scopes = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["revoked_at", "-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class LegalAgreement(models.Model):
    """A version of a legal document (terms, privacy policy, price conditions) put to the customer."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="legal_agreements")
    title = models.CharField(max_length=120)
    version = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=AgreementStatus, default=AgreementStatus.PENDING)
    presented_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-presented_at", "-id"]

    def __str__(self):
        return f"{self.title} v{self.version}"


class LegalAgreementEvent(models.Model):
    """The approval history of an agreement: each step, when, through which channel."""

    agreement = models.ForeignKey(LegalAgreement, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=40)
    occurred_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=40, blank=True, help_text="Web, mobile app, branch, …")
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.action} at {self.occurred_at:%Y-%m-%d %H:%M}"
