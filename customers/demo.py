"""Demo customers: realistic persons and companies of every kind, status and EU country, with
contacts, addresses, tags and relationships; ``generate_customers(n)`` makes many quickly.

Speed: Faker is slow per call (~50 µs), so it fills pools of names, streets and companies once
per locale and rows combine them at random; rows go in with ``bulk_create`` in batches, with
their search columns computed in Python (``customers.search``), as the services would.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from backoffice import audit
from backoffice.demo import DEMO_CUSTOMERS, scaled

from . import search, validators
from .choices import (
    AddressKind,
    Currency,
    EmployeeRange,
    Gender,
    IncomeRange,
    Kind,
    KycLevel,
    KycReview,
    Language,
    OccupationCategory,
    RelationshipKind,
    RiskLevel,
    SourceOfFunds,
    State,
    Status,
    Title,
    TurnoverRange,
    VerificationLevel,
    VerificationStatus,
)
from .models import (
    AccessGroup,
    AccessRole,
    Address,
    ContactEmail,
    ContactPhone,
    Customer,
    CustomerType,
    PriceList,
    Relationship,
    Tag,
)

ACTOR = audit.SystemActor("command:demo")

# country, Faker locale, language, mobile prefix and how many digits follow it (valid numbers).
COUNTRIES = (
    ("FR", "fr_FR", "fr", "+336", 8),
    ("DE", "de_DE", "de", "+49151", 8),
    ("ES", "es_ES", "es", "+346", 8),
    ("IT", "it_IT", "it", "+39347", 7),
    ("NL", "nl_NL", "nl", "+316", 8),
    ("BE", "fr_BE", "fr", "+32470", 6),
    ("PT", "pt_PT", "pt", "+35191", 7),
    ("PL", "pl_PL", "pl", "+48501", 6),
    ("AT", "de_AT", "de", "+43664", 7),
    ("IE", "en_IE", "en", "+35387", 7),
)
LEGAL_FORMS = {
    "FR": "SAS",
    "DE": "GmbH",
    "ES": "S.L.",
    "IT": "S.r.l.",
    "NL": "B.V.",
    "BE": "SRL",
    "PT": "Lda",
    "PL": "Sp. z o.o.",
    "AT": "GmbH",
    "IE": "Ltd",
}
NGO_FORMS = {"FR": "Association loi 1901", "DE": "e.V."}
SECTORS = ("62.01", "47.91", "56.10", "41.20", "70.22", "86.21", "49.41", "64.19", "85.59", "90.01")
DICTIONARIES = {
    CustomerType: [
        {"name": "Retail", "applies_to": "person"},
        {"name": "Premium", "applies_to": "person"},
        {"name": "Student", "applies_to": "person"},
        {"name": "SME", "applies_to": "company"},
        {"name": "Corporate", "applies_to": "company"},
        {"name": "Association", "applies_to": "company"},
    ],
    Tag: [
        {"name": name}
        for name in ("VIP", "Watchlist review", "Partner referral", "Newsletter", "Early adopter", "High volume")
    ],
    AccessRole: [
        {"name": name} for name in ("Cards", "SEPA transfers", "Instant transfers", "Savings vault", "API access")
    ],
    AccessGroup: [{"name": name} for name in ("Beta testers", "Staff accounts", "Merchants")],
}
POOL_SIZE = 400


class Pools:
    """Values drawn once from Faker per locale."""

    def __init__(self, seed: int):
        self.by_country = {}
        for country, locale, language, prefix, digits in COUNTRIES:
            fake = Faker(locale)
            fake.seed_instance(seed)
            self.by_country[country] = {
                "female": [fake.first_name_female() for _ in range(POOL_SIZE)],
                "male": [fake.first_name_male() for _ in range(POOL_SIZE)],
                "last": [fake.last_name() for _ in range(POOL_SIZE)],
                "street": [fake.street_address() for _ in range(POOL_SIZE)],
                "city": [fake.city() for _ in range(POOL_SIZE // 4)],
                "postcode": [fake.postcode() for _ in range(POOL_SIZE // 4)],
                "company": [fake.company() for _ in range(POOL_SIZE)],
                "language": language,
                "prefix": prefix,
                "digits": digits,
            }


PHONE_CHECKED = (VerificationStatus.PHONE_VERIFIED, VerificationStatus.IDENTIFIED)


def _ascii(text: str) -> str:
    return "".join(char for char in search.fold(text) if char.isalnum())


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


class Generator:
    def __init__(self, *, seed: int = 7, start: datetime | None = None):
        self.rng = random.Random(seed)
        self.pools = Pools(seed)
        self.start = start or timezone.now() - timedelta(days=3 * 365)
        self.span = (timezone.now() - self.start).total_seconds()
        self.types = {t.applies_to: [] for t in CustomerType.objects.all()} | {"person": [], "company": []}
        for customer_type in CustomerType.objects.all():
            self.types[customer_type.applies_to].append(customer_type)
        self.price_lists = {}
        for price_list in PriceList.objects.all():
            self.price_lists.setdefault(price_list.customer_type_id, []).append(price_list)

    def customer(self, index: int) -> tuple[Customer, list[str], list[str], dict]:
        rng = self.rng
        country = rng.choice(COUNTRIES)[0]
        pool = self.pools.by_country[country]
        kind = _weighted(rng, ((Kind.PERSON, 85), (Kind.BUSINESS, 11), (Kind.NGO, 3), (Kind.GOVERNMENT, 1)))
        created_at = self.start + timedelta(seconds=rng.random() * self.span)
        verification = _weighted(
            rng,
            (
                (VerificationStatus.IDENTIFIED, 60),
                (VerificationStatus.PHONE_VERIFIED, 18),
                (VerificationStatus.EMAIL_VERIFIED, 12),
                (VerificationStatus.NOT_VERIFIED, 10),
            ),
        )
        identified = verification == VerificationStatus.IDENTIFIED
        # Prospects (S; T "onboarding not completed") are among those not verified yet: a prospect
        # has no KYC review requested (``services.prospects``).
        roll = rng.random()  # drawn for everyone: the customers after this one stay the same
        onboarding_completed = identified or verification == VerificationStatus.PHONE_VERIFIED or roll > 0.2
        status = (
            Status.PENDING
            if not onboarding_completed
            else _weighted(rng, ((Status.VALIDATED, 70), (Status.PENDING, 24), (Status.CANCELED, 6)))
        )
        state = _weighted(rng, ((State.ACTIVE, 95), (State.SUSPENDED, 3), (State.BLOCKED, 2)))
        customer = Customer(
            kind=kind,
            public_id=f"{_ascii(pool['last'][index % POOL_SIZE])[:10] or 'c'}-{index:x}",
            user_tag=f"crm-{index:07d}" if rng.random() < 0.3 else "",
            language=pool["language"] if pool["language"] in Language.values else Language.ENGLISH,
            referral_code=f"REF{rng.randrange(1, 400):04d}" if rng.random() < 0.2 else "",
            agent_company=rng.choice(("", "", "", "Acme Pay", "NeoBank Labs")),
            created_by_agent=rng.choice(("", "", "", "", "agent-lisbon", "agent-paris", "agent-berlin")),
            status=status,
            onboarding_completed=onboarding_completed,
            verification_status=verification,
            verification_level=(
                VerificationLevel.LEVEL_2
                if identified
                else VerificationLevel.LEVEL_1
                if verification == VerificationStatus.PHONE_VERIFIED
                else VerificationLevel.LEVEL_0
            ),
            kyc_level=KycLevel.REGULAR if identified else KycLevel.NONE,
            # No review is created here: the status is what no review gives (the KYC demo sets it
            # where it creates one, seed 002 "deduced from the documents").
            kyc_review=KycReview.NONE,
            state=state,
            state_reason="" if state == State.ACTIVE else "Demo: unusual activity under review",
            risk_level=_weighted(rng, ((RiskLevel.LOW, 70), (RiskLevel.MEDIUM, 22), (RiskLevel.HIGH, 8))),
            default_currency=Currency.PLN if country == "PL" else Currency.EUR,
            country=country,
            created_at=created_at,
        )
        tail = "".join(str(rng.randrange(10)) for _ in range(pool["digits"]))
        phones = [pool["prefix"] + tail]
        if kind == Kind.PERSON:
            female = rng.random() < 0.5
            first = rng.choice(pool["female" if female else "male"])
            last = rng.choice(pool["last"])
            customer.first_name, customer.last_name = first, last
            customer.legal_name = f"{first} {last}".upper() if identified else ""
            customer.title = Title.MRS if female else Title.MR
            customer.gender = Gender.FEMALE if female else Gender.MALE
            customer.birth_date = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 66))
            customer.nationality = country
            customer.birth_country = country
            customer.birth_place = rng.choice(pool["city"])
            customer.occupation_category = rng.choice(OccupationCategory.values)
            customer.monthly_income_range = rng.choice(IncomeRange.values)
            customer.source_of_funds = rng.choice(SourceOfFunds.values)
            customer.national_id_last4 = f"{rng.randrange(10000):04d}" if identified else ""
            customer.person_type = rng.choice(self.types["person"]) if self.types["person"] else None
            emails = [f"{_ascii(first)}.{_ascii(last)}.{index}@{rng.choice(('mail.test', 'post.test', 'inbox.test'))}"]
        else:
            name = rng.choice(pool["company"])
            customer.legal_name = name[:100]
            customer.legal_form = NGO_FORMS.get(country, "Association") if kind == Kind.NGO else LEGAL_FORMS[country]
            customer.registration_number = _registration_number(rng.randrange(10**8, 10**9), country)
            customer.registration_date = (created_at - timedelta(days=rng.randrange(30, 9000))).date()
            customer.share_capital = Decimal(rng.choice((1000, 5000, 10000, 50000, 250000)))
            customer.sector = rng.choice(SECTORS)
            customer.annual_turnover_range = rng.choice(TurnoverRange.values)
            customer.employee_count_range = rng.choice(EmployeeRange.values)
            customer.company_type = rng.choice(self.types["company"]) if self.types["company"] else None
            emails = [f"contact.{index}@{_ascii(name)[:20] or 'company'}.test"]
        customer.price_list = rng.choice(
            self.price_lists.get(customer.customer_type.pk if customer.customer_type else None, [None])
        )
        customer.primary_email = emails[0]
        customer.primary_phone = phones[0]
        customer.name_key = search.name_key(
            kind_is_person=kind == Kind.PERSON,
            first_name=customer.first_name,
            last_name=customer.last_name,
            legal_name=customer.legal_name,
        )
        customer.search_document = search.document(
            public_id=customer.public_id,
            user_tag=customer.user_tag,
            names=(customer.first_name, customer.last_name, customer.legal_name),
            emails=emails,
            phones=phones,
        )
        address = {
            "line1": rng.choice(pool["street"]),
            "postcode": rng.choice(pool["postcode"]),
            "city": rng.choice(pool["city"]),
            "country": country,
        }
        return customer, emails, phones, address


def generate_customers(count: int, *, seed: int = 7, batch_size: int = 5000, progress=None) -> int:
    """Insert ``count`` customers with an email, a phone and a legal address each; returns the
    number inserted. Public ids and emails are unique by construction (they carry the index)."""
    generator = Generator(seed=seed)
    tags = list(Tag.objects.all())
    first_index = Customer.objects.count()
    inserted = 0
    started = time.monotonic()
    while inserted < count:
        size = min(batch_size, count - inserted)
        rows = [generator.customer(first_index + inserted + offset) for offset in range(size)]
        with transaction.atomic():
            customers = Customer.objects.bulk_create([row[0] for row in rows], batch_size=size)
            if connection.vendor != "postgresql" or customers[0].pk is None:
                # SQLite before 3.35 returns no ids; read them back by public id.
                ids = dict(
                    Customer.objects.filter(public_id__in=[c.public_id for c in customers]).values_list(
                        "public_id", "pk"
                    )
                )
                for customer in customers:
                    customer.pk = ids[customer.public_id]
            ContactEmail.objects.bulk_create(
                [
                    ContactEmail(
                        customer_id=c.pk,
                        email=row[1][0],
                        is_primary=True,
                        verified_at=c.created_at if c.verification_status != VerificationStatus.NOT_VERIFIED else None,
                    )
                    for c, row in zip(customers, rows, strict=True)
                ],
                batch_size=size,
            )
            ContactPhone.objects.bulk_create(
                [
                    ContactPhone(
                        customer_id=c.pk,
                        number=row[2][0],
                        is_primary=True,
                        verified_at=c.created_at if c.verification_status in PHONE_CHECKED else None,
                    )
                    for c, row in zip(customers, rows, strict=True)
                ],
                batch_size=size,
            )
            Address.objects.bulk_create(
                [
                    Address(customer_id=c.pk, kind=AddressKind.LEGAL, **row[3])
                    for c, row in zip(customers, rows, strict=True)
                ],
                batch_size=size,
            )
            if tags:
                through = Customer.tags.through
                links = [
                    through(customer_id=c.pk, tag_id=generator.rng.choice(tags).pk)
                    for c in customers
                    if generator.rng.random() < 0.15
                ]
                through.objects.bulk_create(links, batch_size=size, ignore_conflicts=True)
        inserted += size
        if progress:
            progress(inserted, time.monotonic() - started)
    return inserted


def ensure_dictionaries() -> None:
    for model, entries in DICTIONARIES.items():
        for values in entries:
            model.objects.get_or_create(**values)
    types = {t.name: t for t in CustomerType.objects.all()}
    for name, customer_type in (
        ("Standard", None),
        ("Retail – monthly", "Retail"),
        ("Premium – metal", "Premium"),
        ("Student – free", "Student"),
        ("SME – essentials", "SME"),
        ("Corporate – custom", "Corporate"),
        ("Association – solidarity", "Association"),
    ):
        PriceList.objects.get_or_create(name=name, defaults={"customer_type": types.get(customer_type)})


def _link_demo_groups(stdout, *, customers: int = DEMO_CUSTOMERS) -> None:
    """A few companies with their representatives, owners and directors (two levels deep at most),
    and a few pairs of persons; fewer in a smaller demo."""
    rng = random.Random(11)
    # Open customers only: add_relationship refuses a deactivated one (it could never be identified
    # for the company's KYB review).
    open_persons = Customer.objects.filter(kind=Kind.PERSON, state=State.ACTIVE).exclude(status=Status.CANCELED)
    persons = list(open_persons.order_by("pk")[: scaled(60, customers)])
    businesses = Customer.objects.filter(kind=Kind.BUSINESS).exclude(status=Status.CANCELED).order_by("pk")
    companies = list(businesses[: scaled(12, customers)]) if len(persons) >= 4 else []
    # The second level: the last companies each own 15 % of one of the first ones (three of them in
    # the full demo; never more than half, so that no company owns itself or one of its owners).
    holdings = min(3, len(companies) // 2)
    links = []
    for index, company in enumerate(companies):
        chosen = rng.sample(persons, 4)
        links.append(
            Relationship(
                customer=company, related=chosen[0], kind=RelationshipKind.LEGAL_REPRESENTATIVE, position="CEO"
            )
        )
        links.append(
            Relationship(
                customer=company, related=chosen[1], kind=RelationshipKind.SHAREHOLDER, ownership_percent=Decimal("60")
            )
        )
        links.append(
            Relationship(
                customer=company, related=chosen[2], kind=RelationshipKind.SHAREHOLDER, ownership_percent=Decimal("25")
            )
        )
        links.append(
            Relationship(
                customer=company, related=chosen[3], kind=RelationshipKind.DIRECTOR, position="Finance director"
            )
        )
        if index < holdings:
            links.append(
                Relationship(
                    customer=companies[-1 - index],
                    related=company,
                    kind=RelationshipKind.SHAREHOLDER,
                    ownership_percent=Decimal("15"),
                )
            )
    paired = persons[len(persons) * 2 // 3 :][:10]  # 5 pairs in the full demo, from persons 40 to 49
    for a, b in zip(paired[0::2], paired[1::2], strict=False):
        links.append(
            Relationship(
                customer=a,
                related=b,
                kind=rng.choice((RelationshipKind.PARTNER, RelationshipKind.BENEFICIARY, RelationshipKind.CUSTODIAN)),
            )
        )
    Relationship.objects.bulk_create(links, ignore_conflicts=True)
    stdout.write(f"Linked {len(links)} relationships.")


def create_demo_customers(*, stdout, size: int | None = None, customers: int = DEMO_CUSTOMERS) -> None:
    """``manage.py demo`` step: the dictionaries and ``customers`` customers (300 by default) the
    first time; with ``--size`` it adds that many more."""
    ensure_dictionaries()
    if size is None and Customer.objects.exists():
        return
    count = size or customers

    def progress(done, seconds):
        if count >= 50_000 and (done % 50_000 == 0 or done == count):
            stdout.write(f"  {done:,} customers in {seconds:.0f} s")

    generate_customers(count, progress=progress)
    if size is None:
        _link_demo_groups(stdout, customers=count)
    with transaction.atomic():
        audit.record(
            action="customers.demo.generated", actor=ACTOR, changes={"customers": [None, count]}, reason="demo data"
        )
    stdout.write(f"Created {count:,} demo customers.")


def _registration_number(seed: int, country: str) -> str:
    """A nine-digit number that passes the country's check (python-stdnum) where the identity
    form checks one (review 18g: a demo company could not be edited), from its own generator so
    the rest of the demo stays as it was."""
    draw = random.Random(seed)
    candidate = str(seed)
    for _ in range(300):
        try:
            return validators.normalise_registration_number(candidate, country)
        except validators.ValidationError:
            candidate = str(draw.randrange(10**8, 10**9))
    return candidate
