"""The "KYC form" (T): what a customer of a kind, in a country, must provide before a review can
be requested. Administrators edit it; the form with no country is the kind's default, and a
country's own form replaces it for customers of that country."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from customers.choices import Kind
from customers.countries import CountryColumn

from ..choices import Applicant, DocumentType


class KycForm(models.Model):
    kind = models.PositiveSmallIntegerField("Customer kind", choices=Kind)
    country: CountryColumn = CountryField(blank=True, help_text="Empty: every country without a form of its own.")
    vigilance_payin_required = models.BooleanField(
        "Vigilance transfer required",
        default=False,
        help_text="The customer first wires money from their own EEA bank account; "
        "the payin must be booked before the review can be requested.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "country"]
        constraints = [models.UniqueConstraint(fields=["kind", "country"], name="kyc_form_once")]

    def __str__(self):
        where = self.country.name if self.country else "every country"
        return f"{self.get_kind_display()}, {where}"


LABEL_MAX_LENGTH = 120


class KycFormRequirement(models.Model):
    """One line: one of ``document_types`` is required, from the customer or from each member of
    its KYB group."""

    form = models.ForeignKey(KycForm, on_delete=models.CASCADE, related_name="requirements")
    label = models.CharField(max_length=LABEL_MAX_LENGTH)
    document_types = models.JSONField(help_text="Any one of these document types meets the line.")
    applicant = models.CharField(max_length=12, choices=Applicant, default=Applicant.CUSTOMER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.CheckConstraint(condition=~Q(label=""), name="kyc_requirement_label")]

    def __str__(self):
        return self.label

    @property
    def type_names(self) -> list[str]:
        return [DocumentType(t).label for t in self.document_types if t in DocumentType.values]
