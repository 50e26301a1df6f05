"""Who the customer is: one customer space for persons and companies, their contacts, addresses
and relationships, and the dictionaries administrators edit.

Customers are never deleted (regulation): there is no delete view, ``Customer.delete`` refuses,
and on PostgreSQL a trigger refuses ``DELETE`` on the table (migration ``0004``).

A few columns are kept by the services for the lists and the omnibox, so that a page is one
query: ``primary_email``, ``primary_phone`` and ``country`` (the legal address's), ``name_key``
(folded name, for sorting and prefix search) and ``search_document`` (see ``customers.search``).
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from backoffice.models import FastLoading, PermissionHolder, Versioned

from ..choices import (
    COMPANY_KINDS,
    AddressKind,
    AggregatedStatus,
    Currency,
    EmployeeRange,
    Gender,
    IncomeRange,
    Kind,
    KycLevel,
    KycReview,
    Language,
    OccupationCategory,
    PhoneKind,
    RelationshipKind,
    RiskLevel,
    SourceOfFunds,
    State,
    Status,
    Title,
    TurnoverRange,
    VerificationLevel,
    VerificationStatus,
    kyc_status,
)
from ..countries import CountryColumn


class CustomerPermissions(PermissionHolder):
    """Carries the app's custom permissions (no table)."""

    class Meta(PermissionHolder.Meta):
        permissions = [
            ("browse_customers", "Search customers, see the lists and open profiles"),
            ("view_full_pii", "See personal data whole: birth date, full TIN / national id, full IBAN"),
            ("edit_contact_details", "Edit a customer's contacts and addresses"),
            ("send_password_reset", "Send a customer the password-reset email"),
            ("manage_sca_devices", "Reset, unlock and secure a customer's SCA devices"),
            ("create_customers", "Create persons and companies"),
            ("edit_customer_profile", "Edit a customer's identity and relationships"),
            ("edit_customer_settings", "Edit a customer's settings, tags, access roles and groups"),
            ("manage_customer_dictionaries", "Edit person and company types, access roles and groups, tags"),
            ("delete_sca_devices", "Delete a customer's SCA devices"),
            ("manage_cards", "Issue, reissue, activate, lock and unlock a customer's cards"),
            ("manage_accounts", "Block, unblock and close a customer's accounts"),
            ("manage_beneficiaries", "Link, deactivate and reactivate a customer's beneficiaries"),
            ("add_customer_notes", "Write notes on a customer and pin them"),
            ("view_compliance_notes", "Read and write notes visible to compliance only"),
            ("export_statements", "Export a customer's account statements"),
            ("view_all_exports", "See and download every staff member's exports"),
        ]


# --- dictionaries ----------------------------------------------------------------------------


class Dictionary(models.Model):
    """A short list administrators edit; entries are retired, not deleted (customers use them)."""

    name = models.CharField(max_length=80)
    is_active = models.BooleanField("In use", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class CustomerType(Dictionary):
    """C "Person type" / "Company type": the group a customer belongs to, which selects the
    price lists and limit packs on offer."""

    class AppliesTo(models.TextChoices):
        PERSONS = "person", "Persons"
        COMPANIES = "company", "Companies"

    applies_to = models.CharField(max_length=10, choices=AppliesTo)

    class Meta(Dictionary.Meta):
        verbose_name = "customer type"
        constraints = [
            models.UniqueConstraint(
                "applies_to", Lower("name"), name="customer_type_unique_name", violation_error_message="Already exists."
            )
        ]


class PriceList(Dictionary):
    """A set of fees (the fees themselves arrive with the compliance issue). Only the price
    lists of the customer's type are offered; those without a type suit customers without one."""

    customer_type = models.ForeignKey(CustomerType, null=True, blank=True, on_delete=models.PROTECT)
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.EUR)

    class Meta(Dictionary.Meta):
        verbose_name = "price list"


class VerificationLevelName(Dictionary):
    """C: administrators name the verification levels their way ("Level 3 — address checked");
    a level without a name here shows its default label."""

    level = models.PositiveSmallIntegerField(choices=VerificationLevel, unique=True)

    class Meta(Dictionary.Meta):
        ordering = ["level"]
        verbose_name = "verification level name"


class Tag(Dictionary):
    """C: labels set by administrators, used as filters."""

    class Meta(Dictionary.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_unique_name")]


class AccessRole(Dictionary):
    """C "Access roles": what the customer may do in the end-user interface."""

    class Meta(Dictionary.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="access_role_unique_name")]


class AccessGroup(Dictionary):
    """C "Member of access groups"."""

    class Meta(Dictionary.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="access_group_unique_name")]


# --- the customer ----------------------------------------------------------------------------


class CustomerQuerySet(models.QuerySet):
    def persons(self):
        return self.filter(kind=Kind.PERSON)

    def companies(self):
        return self.filter(kind__in=COMPANY_KINDS)

    def delete(self):
        raise CustomerDeletionRefused


class CustomerDeletionRefused(Exception):
    def __init__(self):
        super().__init__("Customers are never deleted (regulation): deactivate them instead.")


class Customer(FastLoading, Versioned, models.Model):
    # What a four-eyes request on the customer is not compared on, unless the request is itself
    # confidential: its staleness must not tell a support agent of a freeze or a risk level
    # (review 18g), and such a change does not touch what a card or a reset was asked on.
    CONFIDENTIAL_COLUMNS = ("state_reason", "is_frozen", "is_legal_frozen", "risk_level")
    # Named, never shown, when they changed since a request (personal data, masked for some).
    PERSONAL_COLUMNS = ("birth_date", "national_id_last4")

    kind = models.PositiveSmallIntegerField(choices=Kind)
    public_id = models.CharField(
        "Public id",
        max_length=32,
        unique=True,
        help_text="A short alias the customer gives others instead of their name or account number.",
    )
    user_tag = models.CharField("User tag", max_length=250, blank=True, db_index=True)
    language = models.CharField(max_length=2, choices=Language, default=Language.ENGLISH)
    external_ids = models.JSONField(
        "External provider ids", default=dict, blank=True, help_text="Provider name → the customer's id there."
    )
    referral_code = models.CharField(max_length=32, blank=True, db_index=True)
    agent_company = models.CharField(
        max_length=100, blank=True, help_text="The white-label project the customer belongs to."
    )
    created_by_agent = models.CharField("Created by agent", max_length=100, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Lifecycle (this app's rules).
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    onboarding_completed = models.BooleanField(
        default=True, help_text="False while a self-onboarding customer has not clicked the activation link."
    )

    # Verification: columns now; the KYC issue owns their rules.
    verification_status = models.CharField(
        max_length=16, choices=VerificationStatus, default=VerificationStatus.NOT_VERIFIED
    )
    verification_level = models.PositiveSmallIntegerField(choices=VerificationLevel, default=VerificationLevel.LEVEL_0)
    kyc_level = models.PositiveSmallIntegerField("KYC level", choices=KycLevel, default=KycLevel.NONE)
    kyc_review = models.PositiveSmallIntegerField("KYC review", choices=KycReview, default=KycReview.NONE)
    # S: "KYC status … including last date that KYC was run": when the last review was decided.
    kyc_checked_at = models.DateTimeField("Last KYC run", null=True, blank=True)

    # Restriction: columns now; the compliance issue owns their rules. Confidential values.
    state = models.CharField(max_length=10, choices=State, default=State.ACTIVE)
    state_reason = models.TextField(blank=True)
    is_frozen = models.BooleanField(default=False)
    is_legal_frozen = models.BooleanField(default=False)
    risk_level = models.CharField(max_length=6, choices=RiskLevel, blank=True)

    # Settings (C).
    person_type = models.ForeignKey(
        CustomerType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="Person type"
    )
    company_type = models.ForeignKey(
        CustomerType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="Company type"
    )
    price_list = models.ForeignKey(PriceList, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    default_currency = models.CharField(max_length=3, choices=Currency, default=Currency.EUR)
    skip_transfer_pre_approval = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="customers")
    access_roles = models.ManyToManyField(AccessRole, blank=True, related_name="customers")
    access_groups = models.ManyToManyField(AccessGroup, blank=True, related_name="customers")

    # Persons.
    title = models.CharField(max_length=3, choices=Title, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    birth_place = models.CharField(max_length=100, blank=True)
    birth_country: CountryColumn = CountryField(blank=True)
    nationality: CountryColumn = CountryField(blank=True)
    other_nationality: CountryColumn = CountryField(blank=True)
    gender = models.CharField(max_length=1, choices=Gender, blank=True)
    occupation_category = models.CharField(max_length=16, choices=OccupationCategory, blank=True)
    monthly_income_range = models.CharField(max_length=8, choices=IncomeRange, blank=True)
    source_of_funds = models.CharField(max_length=16, choices=SourceOfFunds, blank=True)
    is_specified_us_person = models.BooleanField(
        "Specified US person", default=False, help_text="A US tax residence with a TIN is then required."
    )
    national_id_last4 = models.CharField("National id / SSN, last four digits", max_length=4, blank=True)

    # Persons (full name from the identification provider, read-only) and companies (≤ 100).
    legal_name = models.CharField(max_length=200, blank=True)

    # Companies (and self-employed persons: a person with a legal form).
    registration_number = models.CharField(max_length=40, blank=True, db_index=True)
    vat_number = models.CharField("VAT number", max_length=20, blank=True)
    registration_date = models.DateField(null=True, blank=True)
    legal_form = models.CharField(max_length=60, blank=True)
    share_capital = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    sector = models.CharField("Sector (NACE code)", max_length=10, blank=True)
    annual_turnover_range = models.CharField(max_length=8, choices=TurnoverRange, blank=True)
    net_income_range = models.CharField(max_length=8, choices=TurnoverRange, blank=True)
    employee_count_range = models.CharField("Employees", max_length=8, choices=EmployeeRange, blank=True)
    is_listed = models.BooleanField("Listed on a stock exchange", default=False)

    # Kept by the services (see the module docstring).
    primary_email = models.CharField(max_length=254, blank=True, db_index=True)
    primary_phone = models.CharField(max_length=20, blank=True)
    country: CountryColumn = CountryField("Country (legal address)", blank=True, db_index=True)
    name_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    search_document = models.TextField(blank=True, editable=False)
    # The columns stored folded, and how (backoffice.pagination: a list sorted by one offers
    # "Go to … from" letters, folded the same way).
    FOLDED_KEYS: ClassVar[dict[str, str]] = {"name_key": "customers.search.fold"}

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Sorting a column with the id as tie-breaker, in either direction.
            models.Index(fields=["status", "id"], name="customer_status_sort"),
            models.Index(fields=["state", "id"], name="customer_state_sort"),
            models.Index(fields=["verification_status", "id"], name="customer_verification_sort"),
            models.Index(fields=["kind", "created_at"], name="customer_kind_created"),
            models.Index(
                fields=["created_at"], name="customer_onboarding_pending", condition=Q(onboarding_completed=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in Kind]), name="customer_kind_valid"),
            models.CheckConstraint(
                condition=Q(national_id_last4="") | Q(national_id_last4__regex=r"^[0-9]{4}$"),
                name="customer_national_id_last4_digits",
            ),
        ]

    def __str__(self):
        return self.display_name

    def delete(self, *args, **kwargs):
        raise CustomerDeletionRefused

    @property
    def kyc_status(self) -> str:
        """S's KYC status, from the review (``KYC_STATUS_OF_REVIEW``)."""
        return kyc_status(self.kyc_level, self.kyc_review)

    @property
    def is_prospect(self) -> bool:
        """S "Prospect" (T: onboarding not completed): no detail is mandatory until they become
        an active customer (``services.prospects``)."""
        return not self.onboarding_completed

    @property
    def is_person(self) -> bool:
        return self.kind == Kind.PERSON

    @property
    def is_company(self) -> bool:
        return self.kind in COMPANY_KINDS

    @property
    def display_name(self) -> str:
        if self.kind == Kind.PERSON:
            first, last = self.first_name, self.last_name
            name = f"{first} {last}" if first and last else first or last  # the names there are, spaced
            return name or self.legal_name or f"Person {self.public_id}"
        return self.legal_name or f"Company {self.public_id}"

    @property
    def is_deactivated(self) -> bool:
        """T: deactivation is irreversible; a deactivated customer is only read, never changed."""
        return self.status == Status.CANCELED

    @property
    def aggregated_status(self) -> str:
        return aggregated_status(status=self.status, state=self.state, verification_status=self.verification_status)

    @property
    def customer_type(self):
        return self.person_type if self.is_person else self.company_type


def aggregated_status(*, status: str, state: str, verification_status: str) -> str:
    """C "Aggregated status", the one place it is worked out (persons and companies alike). C's
    rule knows no deactivation: a deactivated customer (T CANCELED, irreversible) reads
    "Deactivated" first, never "Active"."""
    if status == Status.CANCELED:
        return AggregatedStatus.DEACTIVATED
    if state == State.BLOCKED:
        return AggregatedStatus.BLOCKED
    if state == State.SUSPENDED:
        return AggregatedStatus.SUSPENDED
    if verification_status == VerificationStatus.IDENTIFIED:
        return AggregatedStatus.ACTIVE
    return AggregatedStatus.PENDING


def aggregated_status_filter(value: str) -> Q:
    """The customers whose aggregated status is ``value``, as a filter on the indexed columns."""
    open_ = ~Q(status=Status.CANCELED)
    not_restricted = open_ & Q(state=State.ACTIVE)
    filters: dict[str, Q] = {
        AggregatedStatus.DEACTIVATED: Q(status=Status.CANCELED),
        AggregatedStatus.BLOCKED: open_ & Q(state=State.BLOCKED),
        AggregatedStatus.SUSPENDED: open_ & Q(state=State.SUSPENDED),
        AggregatedStatus.ACTIVE: not_restricted & Q(verification_status=VerificationStatus.IDENTIFIED),
        AggregatedStatus.PENDING: not_restricted & ~Q(verification_status=VerificationStatus.IDENTIFIED),
    }
    return filters[value]


# --- contacts, addresses, relationships ------------------------------------------------------


class ContactEmail(models.Model):
    """C: several emails, one primary. The primary email is the customer's login, so it is
    unique among primary emails (ignoring case)."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="emails")
    email = models.EmailField(max_length=254)
    is_primary = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(is_primary=True),
                name="primary_email_unique",
                violation_error_message="Another customer signs in with this email.",
            ),
            models.UniqueConstraint(fields=["customer"], condition=Q(is_primary=True), name="one_primary_email"),
            models.UniqueConstraint("customer", Lower("email"), name="customer_email_once"),
        ]
        indexes = [models.Index(Lower("email"), name="contact_email_lower")]

    def __str__(self):
        return self.email


class ContactPhone(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="phones")
    number = PhoneNumberField(help_text="International format, e.g. +33 6 12 34 56 78.")
    kind = models.CharField(max_length=10, choices=PhoneKind, default=PhoneKind.MOBILE)
    is_primary = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "number"]
        constraints = [
            models.UniqueConstraint(fields=["customer"], condition=Q(is_primary=True), name="one_primary_phone"),
            models.UniqueConstraint(fields=["customer", "number"], name="customer_phone_once"),
        ]
        indexes = [models.Index(fields=["number"], name="contact_phone_number")]

    def __str__(self):
        return str(self.number)


class Address(models.Model):
    """Legal (C "Location"), shipping (S, may be "same as legal") and secondary (T) addresses."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="addresses")
    kind = models.CharField(max_length=10, choices=AddressKind)
    same_as_legal = models.BooleanField(default=False, help_text="Shipping only: ship to the legal address.")
    line1 = models.CharField("Address line 1", max_length=120, blank=True)
    line2 = models.CharField("Address line 2", max_length=120, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=80, blank=True)
    region = models.CharField("Region / state", max_length=80, blank=True)
    country: CountryColumn = CountryField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["customer", "kind"], name="one_address_per_kind")]

    def __str__(self):
        if self.same_as_legal:
            return "Same as the legal address"
        parts = [self.line1, self.line2, " ".join(p for p in (self.postcode, self.city) if p), self.region]
        parts.append(self.country.name if self.country else "")
        return ", ".join(part for part in parts if part)


class Relationship(models.Model):
    """``customer`` is linked to ``related`` as ``kind``: a company to its representatives,
    owners (with their share), directors and employees; a person to a custodian, beneficiary or
    partner (S: such a link does not let the related customer operate the account). Nesting is
    limited to two levels (T)."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="relationships")
    related = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="related_to")
    kind = models.CharField(max_length=24, choices=RelationshipKind)
    ownership_percent = models.DecimalField("Ownership %", max_digits=5, decimal_places=2, null=True, blank=True)
    position = models.CharField(max_length=80, blank=True, help_text="e.g. CEO, managing director.")
    since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "related", "kind"], name="relationship_once"),
            models.CheckConstraint(condition=~Q(customer=models.F("related")), name="relationship_not_self"),
            models.CheckConstraint(
                condition=Q(ownership_percent__isnull=True)
                | (Q(ownership_percent__gt=0) & Q(ownership_percent__lte=100)),
                name="relationship_ownership_range",
            ),
        ]

    def __str__(self):
        return f"{self.related} — {self.get_kind_display()} of {self.customer}"
