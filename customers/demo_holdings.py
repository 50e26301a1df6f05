"""Demo data for what a customer holds: accounts and their transactions, cards, beneficiaries, SCA
devices, two-factor methods, API keys, saved top-up cards, legal agreements and staff notes.

Why bulk inserts: the demo makes hundreds of thousands of transactions (tens of millions of rows
with ``--size``); saving them one by one, let alone through the services, would take hours. Rows
are built in Python from small pools drawn once (Faker is slow per call) and go in by batches:
``bulk_create`` for the models; ``executemany`` (``COPY`` on PostgreSQL) for the transactions, which
are most of the rows (see ``_insert_transactions``).
Balances are computed while the history is built, so they equal the sum of the booked movements and
never go below zero. A seeded ``random.Random`` makes it all reproducible.
"""

# ruff: noqa: S311  (demo data: reproducible, not secret)

from __future__ import annotations

import random
import time
import unicodedata
from datetime import timedelta
from decimal import Decimal
from itertools import batched

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker
from schwifty import IBAN, registry
from schwifty.registry import Component

from backoffice import audit
from backoffice.models import StaffUser

from .choices import (
    OPERATION_DIRECTIONS,
    AccountKind,
    AccountStatus,
    AgreementStatus,
    BeneficiaryStatus,
    CardKind,
    CardStatus,
    Direction,
    Kind,
    NoteVisibility,
    OperationType,
    ScaDeviceKind,
    ScaDeviceStatus,
    ScaLockReason,
    State,
    Status,
    TransactionStatus,
    TwoFactorKind,
)
from .demo import ACTOR, COUNTRIES
from .models import (
    Account,
    ApiKey,
    Beneficiary,
    Card,
    Customer,
    LegalAgreement,
    LegalAgreementEvent,
    Note,
    ScaDevice,
    TopUpCard,
    Transaction,
    TwoFactorMethod,
)

DAY = timedelta(days=1)
CENTRAL = ("bundesbank", "nationalbank", "nationale bank", "narodowy", "portugal", "de france", "central")
HISTORY = 540 * DAY  # transactions cover the last ~18 months
NUMBER_BASE = 30_000_000_000  # account numbers: 11 digits, "3" then a sequence
CALLING_CODES = {"FR": "33", "DE": "49", "ES": "34", "IT": "39", "NL": "31", "BE": "32", "PT": "351", "PL": "48"}
CALLING_CODES |= {"AT": "43", "IE": "353"}
MERCHANTS = (
    "Carrefour", "SNCF", "Amazon EU", "Lidl", "Uber", "Deliveroo", "Fnac", "Decathlon", "IKEA", "Shell", "Spotify",
    "Netflix", "Zara", "Apple.com/bill", "Booking.com", "Ryanair", "Monoprix", "TotalEnergies", "Aldi", "Picard",
)  # fmt: skip
BILLERS = ("EDF", "Orange", "Engie", "Vodafone", "AXA Assurances", "Allianz", "Basic-Fit", "Free Mobile", "Veolia")
_O = OperationType
# operation: weight for persons, for companies, amount range in cents, label, who the counterparty is
OPERATIONS = {
    _O.CARD_TRANSACTION: (56, 30, 300, 15_000, "CB {name}", "merchant"),
    _O.SCT_EMITTED: (8, 14, 2_000, 120_000, "Transfer to {name}", "partner"),
    _O.SCT_RECEIVED: (8, 14, 1_000, 50_000, "Transfer from {name}", "partner"),
    _O.SDD_RECEIVED: (8, 8, 999, 12_000, "Direct debit {name}", "biller"),
    _O.WALLET_TRANSFER_EMITTED: (4, 3, 500, 30_000, "Wallet transfer to {name}", "person"),
    _O.WALLET_TRANSFER_RECEIVED: (4, 3, 500, 30_000, "Wallet transfer from {name}", "person"),
    _O.SDD_EMITTED: (1, 8, 2_000, 30_000, "Direct debit collected from {name}", "company"),
    _O.CARD_ACQUIRING: (1, 18, 1_000, 60_000, "Card payments of {date}", ""),
    _O.CHECK_CASHING: (1, 2, 5_000, 80_000, "Cheque no. {ref}", ""),
}
TRANSFERS = {_O.SCT_EMITTED, _O.SCT_RECEIVED, _O.SDD_EMITTED, _O.SDD_RECEIVED}
TRANSACTION_FIELDS = ("account_id", "booked_at", "value_date", "amount", "currency", "direction", "operation_type")
TRANSACTION_FIELDS += ("status", "label", "counterparty_name", "counterparty_iban", "reference")
CARD_STATUSES = tuple(zip(CardStatus, (8, 58, 7, 5, 4, 3, 7, 8), strict=True))  # inactive, active, locked, lost…
CARD_REASONS = {
    CardStatus.LOCKED: "Customer request: card misplaced",
    CardStatus.LOST: "Reported lost by phone",
    CardStatus.STOLEN: "Reported stolen; police report received",
    CardStatus.DESTROYED: "Destroyed at the customer's request",
    CardStatus.REPLACED: "Reissued: chip damaged",
}
DEVICES = {
    ScaDeviceKind.MOBILE: ("iPhone 15, iOS 18.1", "iPhone 13 mini, iOS 17.6", "Samsung Galaxy S24, Android 15"),
    ScaDeviceKind.WEB: ("Chrome 131 on Windows 11", "Safari 18 on macOS 15", "Firefox 133 on Ubuntu 24.04"),
}
SCA_STATUSES = ((ScaDeviceStatus.ACTIVE, 70), (ScaDeviceStatus.PASSCODE_MISSING, 15), (ScaDeviceStatus.LOCKED, 15))
LOCK_MESSAGES = {
    ScaLockReason.LOST_DEVICE: "Customer lost the phone; locked on their call.",
    ScaLockReason.STOLEN_DEVICE: "Phone stolen on the underground; police report pending.",
    ScaLockReason.FRAUD_SUSPICION: "Enrolment from an unusual country right after a password reset.",
    ScaLockReason.CUSTOMER_REQUEST: "Customer asked to lock the old phone after buying a new one.",
    ScaLockReason.OTHER: "Locked while the customer's identity is checked again.",
}
DOCUMENTS = (("General terms and conditions", "2025.1"), ("Privacy policy", "3.2"), ("Price conditions", "2025-01"))
AGREEMENT_STATUSES = tuple(zip(AgreementStatus, (9, 80, 4, 3, 4), strict=True))  # pending, accepted, declined…
AGREEMENT_STEPS = {
    AgreementStatus.PENDING: ("presented", "viewed"),
    AgreementStatus.ACCEPTED: ("presented", "viewed", "accepted"),
    AgreementStatus.DECLINED: ("presented", "viewed", "declined"),
    AgreementStatus.WITHDRAWN: ("presented", "viewed", "accepted", "withdrawn"),
    AgreementStatus.SUPERSEDED: ("presented", "viewed", "accepted", "superseded by a new version"),
}
NOTES = (
    "Customer called about a declined card payment at {merchant}; advised to check the daily limit.",
    "Asked for a statement of the last 12 months (mortgage application). Sent by email.",
    "Disputes a {merchant} payment; chargeback form sent, follow up in 10 days.",
    "Complained that a transfer took two days; the SEPA transfer was booked the next business day.",
)
COMPLIANCE_NOTES = (
    "Large incoming transfers after card payments at {merchant}: source of funds requested.",
    "Name close to a sanctions list entry; false positive after checking the birth date.",
)


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


class Banks:
    """Valid IBANs and BICs from schwifty's registry: a few "home" banks per country for our own
    accounts (numbered by a sequence, hence unique), the others for counterparties."""

    def __init__(self):
        self.by_country = {}
        for country, *_ in COUNTRIES:
            banks = {}
            for bank in registry.get_banks_by_country(country):
                if bank.bic and bank.bank_code and bank.primary and not any(w in bank.name.lower() for w in CENTRAL):
                    banks.setdefault(bank.bic[:6], bank)
            spec = registry.get_iban_spec(country).positions
            lengths = [spec[part].end - spec[part].start for part in (Component.ACCOUNT_CODE, Component.BRANCH_CODE)]
            self.by_country[country] = (list(banks.values())[:30], *lengths)
        self.home = {country: banks[:3] for country, (banks, *_) in self.by_country.items()}
        self.home["FR"] = [bank for bank in registry.get_banks_by_country("FR") if bank.bic == "TRZOFR21XXX"]

    def iban(self, country, code: int, *, home: bool) -> tuple[str, str]:
        country = str(country) if str(country) in self.by_country else "FR"
        banks, account_length, branch_length = self.by_country[country]
        banks = self.home[country] if home else banks
        bank, code = banks[code % len(banks)], code // len(banks)
        branch = str(code * 7_368_787 % 10**branch_length).zfill(branch_length) if branch_length else ""
        # Multiplying by a prime shuffles the digits and keeps distinct codes distinct (below 10**length).
        account = str((code + 7919) * 982_451_653 % 10**account_length).zfill(account_length)
        return str(IBAN.generate(country, bank.bank_code, account, branch)), bank.bic


class Generator:
    def __init__(self, *, seed: int):
        self.rng, self.now, self.banks = random.Random(seed), timezone.now(), Banks()
        self.names = {}
        for country, locale, *_ in COUNTRIES:
            fake = Faker(locale)
            fake.seed_instance(seed)
            self.names[country] = {
                "person": [fake.name() for _ in range(40)],
                "company": [fake.company() for _ in range(30)],
                "merchant": MERCHANTS,
                "biller": BILLERS,
                "": ("",),
                "ibans": [self.banks.iban(country, self.rng.randrange(10**9), home=False) for _ in range(40)],
            }
        last = Account.objects.filter(number__regex=r"^3\d{10}$").aggregate(last=Max("number"))["last"]
        self.sequence = int(last) - NUMBER_BASE if last else 0
        self.staff = list(StaffUser.objects.filter(is_active=True).order_by("pk"))

    def when(self, start, end=None):
        """A random moment between ``start`` and ``end`` (now), or ``end`` if it comes first."""
        end = end or self.now
        return start + (end - start) * self.rng.random() if end > start else end

    def account(self, customer, kind, name, *, primary=False, status=AccountStatus.ACTIVE) -> Account:
        self.sequence += 1
        iban, bic = self.banks.iban(customer.country, self.sequence, home=True)
        opened = min(customer.created_at + self.rng.randrange(0, 3 if primary else 200) * DAY, self.now)
        account = Account(customer=customer, kind=kind, name=name, status=status, is_primary=primary, bic=bic)
        account.number, account.currency = str(NUMBER_BASE + self.sequence), customer.default_currency
        account.iban = "" if kind == AccountKind.VAULT and self.rng.random() < 0.6 else iban
        account.tag = f"ext-{self.sequence:08d}" if self.rng.random() < 0.2 else ""
        account.opened_at = opened
        account.closed_at = self.when(opened + 7 * DAY) if status == AccountStatus.CLOSED else None
        return account

    def accounts(self, customer) -> list[tuple[Account, bool]]:
        """The customer's accounts, each with whether it ends with a zero balance."""
        rng, company = self.rng, customer.kind != Kind.PERSON
        specs = [(AccountKind.CURRENT, "Business account" if company else "Main account")]
        if rng.random() < 0.55:
            specs.append((AccountKind.EMONEY, rng.choice(("Travel wallet", "Daily wallet", "Expenses wallet"))))
        if rng.random() < 0.25:
            specs.append((AccountKind.VAULT, rng.choice(("Savings vault", "Tax reserve", "Rainy day vault"))))
        result = []
        for index, (kind, name) in enumerate(specs):
            status = _weighted(rng, ((AccountStatus.ACTIVE, 93), (AccountStatus.BLOCKED, 3), (AccountStatus.CLOSED, 4)))
            if index == 0:
                status = AccountStatus.BLOCKED if customer.state == State.BLOCKED else AccountStatus.ACTIVE
            if customer.status == Status.CANCELED:
                status = AccountStatus.CLOSED
            account = self.account(customer, kind, name, primary=index == 0, status=status)
            result.append((account, status == AccountStatus.CLOSED or customer.pk % 15 == 0))
        return result

    def history(self, account: Account, count: int, *, empty: bool = False) -> list[tuple]:
        """``count`` transactions (one more if the account must end empty), oldest first, as tuples of
        TRANSACTION_FIELDS but the account; sets the account's balances. Cheap per row: pools and
        integer cents, no Faker, no model instances."""
        rng, end, owner = self.rng, account.closed_at or self.now, account.customer
        names, company = self.names.get(str(owner.country), self.names["FR"]), owner.kind != Kind.PERSON
        start = min(max(account.opened_at, self.now - HISTORY), end - timedelta(hours=1))
        if account.kind == AccountKind.VAULT:
            kinds, weights = (_O.WALLET_TRANSFER_RECEIVED, _O.WALLET_TRANSFER_EMITTED), (7, 3)
        else:
            kinds, weights = list(OPERATIONS), [spec[1 if company else 0] for spec in OPERATIONS.values()]
        operations = rng.choices(kinds, weights, k=count - 1)
        span = (end - start).total_seconds()
        moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count - 1))
        employer, recent, salary_month = rng.choice(names["company"]), end - 3 * DAY, None
        balance = pending = 0
        pending_count = [0]
        rows = []

        def add(at, operation, cents, label, name="", iban="", reference="", status=TransactionStatus.BOOKED):
            nonlocal balance, pending
            payin = OPERATION_DIRECTIONS[operation] == Direction.PAYIN
            if status == TransactionStatus.PENDING and empty:
                status = TransactionStatus.BOOKED
            spends = not payin and status in (TransactionStatus.BOOKED, TransactionStatus.PENDING)
            if spends and cents > balance - pending:
                status = TransactionStatus.REJECTED  # insufficient funds
            if status == TransactionStatus.BOOKED:
                balance += cents if payin else -cents
            elif status == TransactionStatus.PENDING:
                pending += cents
            value_date = at.date() + rng.randrange(3) * DAY if operation in TRANSFERS else at.date()
            direction = Direction.PAYIN if payin else Direction.PAYOUT
            values = (at, value_date, _money(cents), account.currency, direction, operation, status, label[:140])
            rows.append((*values, name[:140], iban, reference))

        opening = _O.WALLET_TRANSFER_RECEIVED if account.kind == AccountKind.VAULT else _O.SCT_RECEIVED
        add(start, opening, rng.randrange(20_000, 300_000), "Opening credit", owner.display_name)
        for at, operation in zip(moments, operations, strict=True):
            status = TransactionStatus.BOOKED
            # Card payments of the last days still await settlement (a handful, as on a real account).
            if at > recent and operation == _O.CARD_TRANSACTION and rng.random() < 0.6 and pending_count[0] < 6:
                status = TransactionStatus.PENDING
                pending_count[0] += 1
            elif rng.random() < 0.008:
                status = rng.choice((TransactionStatus.REJECTED, TransactionStatus.CANCELED))
            _, _, low, high, label, who = OPERATIONS[operation]
            name = rng.choice(names["company" if company else "person"] if who == "partner" else names[who])
            iban = rng.choice(names["ibans"])[0] if operation in TRANSFERS else ""
            reference = f"E2E{rng.randrange(10**12):012d}" if iban else ""
            cents = int(rng.triangular(low, high, low + (high - low) / 10))
            short = OPERATION_DIRECTIONS[operation] == Direction.PAYOUT and cents > balance - pending
            if operation == _O.SCT_RECEIVED and company:
                cents *= 5  # customers paying invoices
            elif operation == _O.SCT_RECEIVED and (at.year, at.month) != salary_month:
                salary_month, name, label = (at.year, at.month), employer, f"Salary {at:%m/%Y}"
                cents = rng.randrange(150_000, 400_000)
            elif short and rng.random() < 0.9:  # not enough money: most top up first, the others are rejected
                operation, label, status = _O.SCT_RECEIVED, "Top-up", TransactionStatus.BOOKED
                name, cents, iban = owner.display_name, cents * rng.randrange(2, 6), rng.choice(names["ibans"])[0]
            label = label.format(name=name.upper() if who == "merchant" else name, date=f"{at:%d/%m}", ref=reference)
            add(at, operation, cents, label, name, iban, reference, status)
        if empty and balance:
            label = "Account closure: balance transferred" if account.closed_at else "Transfer to external account"
            add(end, _O.SCT_EMITTED, balance, label, owner.display_name, rng.choice(names["ibans"])[0])
        account.balance, account.authorized_balance = _money(balance), _money(balance - pending)
        return rows

    def cards(self, customer, accounts) -> list[tuple[Card, Card | None]]:
        """Cards on active non-vault accounts, each with the card that replaced it, if any."""
        rng, now = self.rng, self.now
        usable = [a for a in accounts if a.status == AccountStatus.ACTIVE and a.kind != AccountKind.VAULT]
        name = f"{customer.first_name} {customer.last_name}".strip() if customer.kind == Kind.PERSON else ""
        name = unicodedata.normalize("NFKD", name or customer.display_name).upper()
        name = "".join(char for char in name if char.isascii() or char.isalpha())[:27].strip()  # no accents
        result = []
        for _ in range(_weighted(rng, ((0, 20), (1, 50), (2, 20), (3, 10))) if usable else 0):
            account, status = rng.choice(usable), _weighted(rng, CARD_STATUSES)
            issued = self.when(account.opened_at, now - 5 * DAY)
            expiry, changed = issued + 3 * 365 * DAY, self.when(issued, now - 3 * DAY)
            if status == CardStatus.EXPIRED:
                expiry = changed = now - rng.randrange(5, 90) * DAY
                issued = expiry - 3 * 365 * DAY
            card = Card(customer=customer, account=account, status=status, status_reason=CARD_REASONS.get(status, ""))
            card.kind = _weighted(rng, ((CardKind.PHYSICAL, 6), (CardKind.VIRTUAL, 4)))
            card.masked_pan = f"{rng.choice(('5350 43', '4974 01', '5137 41'))}•• •••• {rng.randrange(10000):04d}"
            card.expiry_month, card.expiry_year, card.embossed_name = expiry.month, expiry.year, name
            card.issued_at, card.activated_at = issued, None if status == CardStatus.INACTIVE else issued + DAY
            card.status_changed_at = issued if status in (CardStatus.INACTIVE, CardStatus.ACTIVE) else changed
            new = None
            if status == CardStatus.REPLACED:
                new = Card(customer=customer, account=account, kind=card.kind, status=CardStatus.ACTIVE)
                new.masked_pan, new.embossed_name = f"{card.masked_pan[:-4]}{rng.randrange(9999):04d}", name
                new.expiry_month, new.expiry_year = card.expiry_month, card.expiry_year + 1
                new.issued_at, new.activated_at = changed, changed + 2 * DAY
                new.status_changed_at = new.activated_at
            result.append((card, new))
        return result

    def beneficiaries(self, customer) -> list[Beneficiary]:
        rng, names = self.rng, self.names.get(str(customer.country), self.names["FR"])
        pool = dict(names["ibans"] + rng.choice(list(self.names.values()))["ibans"][:5])  # a few abroad
        rows = []
        for iban, bic in rng.sample(sorted(pool.items()), rng.randrange(7)):
            holder = self.names[iban[:2]]
            row = Beneficiary(customer=customer, iban=iban, bic=bic, name=rng.choice(holder["person"]))
            row.name = rng.choice(holder["company"]) if rng.random() < 0.3 else row.name
            row.nickname = rng.choice(("", "", "", "Landlord", "Mum", "Savings", "Accountant", "Nanny"))
            row.status = BeneficiaryStatus.DEACTIVATED if rng.random() < 0.1 else BeneficiaryStatus.ACTIVATED
            row.usage_count = min(int(rng.paretovariate(1.1)), 250) if rng.random() < 0.7 else 0  # skewed
            row.created_at = self.when(customer.created_at)
            row.last_used_at = self.when(row.created_at) if row.usage_count else None
            row.linked_by = rng.choice(self.staff) if self.staff and rng.random() < 0.05 else None
            rows.append(row)
        return rows

    def security(self, customer) -> dict[type, list]:
        """SCA devices, two-factor methods, API keys and saved top-up cards."""
        rng, c, out = self.rng, customer, {ScaDevice: [], TwoFactorMethod: [], ApiKey: [], TopUpCard: []}
        for _ in range(_weighted(rng, ((0, 10), (1, 60), (2, 25), (3, 5)))):
            kind, status = rng.choice((*ScaDeviceKind, ScaDeviceKind.MOBILE)), _weighted(rng, SCA_STATUSES)
            device = ScaDevice(customer=c, kind=kind, status=status, device_info=rng.choice(DEVICES[kind]))
            device.created_at = created = self.when(c.created_at)
            device.deleted_at = self.when(created) if rng.random() < 0.1 else None  # deleted by the customer
            if status == ScaDeviceStatus.LOCKED:
                device.lock_reason = rng.choice(ScaLockReason.values)
                device.lock_message, device.locked_at = LOCK_MESSAGES[device.lock_reason], self.when(created)
                device.status_before_lock = rng.choice((ScaDeviceStatus.ACTIVE, ScaDeviceStatus.PASSCODE_MISSING))
            out[ScaDevice].append(device)
        methods = []
        if c.primary_phone and rng.random() < 0.8:
            code = CALLING_CODES.get(str(c.country), "33")
            rest = c.primary_phone.removeprefix(f"+{code}")
            methods.append((TwoFactorKind.SMS, f"+{code} {rest[:1]}•• •• •• {rest[-2:]}"))
        if rng.random() < 0.25:
            methods.append((TwoFactorKind.AUTHENTICATOR, rng.choice(("Google Authenticator", "Authy", "1Password"))))
        active = [d for d in out[ScaDevice] if d.status == ScaDeviceStatus.ACTIVE and not d.deleted_at]
        methods += [(TwoFactorKind.SCA_DEVICE, device.device_info) for device in active[:1]]
        for kind, label in methods:
            row = TwoFactorMethod(customer=c, kind=kind, label=label, is_active=rng.random() < 0.9)
            row.created_at = self.when(c.created_at)
            row.last_used_at = self.when(row.created_at)
            out[TwoFactorMethod].append(row)
        for _ in range(rng.randrange(1, 3) if rng.random() < (0.5 if c.kind != Kind.PERSON else 0.02) else 0):
            key = ApiKey(customer=c, name=rng.choice(("Accounting export", "ERP integration", "Payroll sync")))
            key.prefix = f"pk_{rng.choice(('live', 'live', 'test'))}_{rng.getrandbits(16):04x}"
            key.scopes = rng.choice(("accounts:read transactions:read", "transfers:write", "cards:read"))
            key.created_at = self.when(c.created_at)
            key.last_used_at, key.revoked_at = self.when(key.created_at), None
            if rng.random() < 0.2:
                key.revoked_at = self.when(key.created_at)
            out[ApiKey].append(key)
        for _ in range(rng.randrange(1, 3) if c.kind == Kind.PERSON and rng.random() < 0.2 else 0):
            visa = rng.random() < 0.5
            card = TopUpCard(customer=c, brand="Visa" if visa else "Mastercard", holder_name=c.display_name[:100])
            card.masked_pan = f"{'4970 10' if visa else '5131 82'}•• •••• {rng.randrange(10000):04d}"
            card.expiry_month, card.expiry_year = rng.randrange(1, 13), self.now.year + rng.randrange(4)
            card.created_at = self.when(c.created_at)
            out[TopUpCard].append(card)
        return out

    def agreements(self, customer) -> list[tuple[LegalAgreement, list[LegalAgreementEvent]]]:
        rng, result = self.rng, []
        for title, version in DOCUMENTS[: rng.randrange(1, 4)]:
            status, presented = _weighted(rng, AGREEMENT_STATUSES), self.when(customer.created_at)
            channel, ip = rng.choice(("web", "mobile app")), f"203.0.113.{rng.randrange(1, 255)}"
            steps = AGREEMENT_STEPS[status]
            moments = [presented + timedelta(minutes=3 * i * (i + 1)) for i in range(len(steps))]
            agreement = LegalAgreement(customer=customer, title=title, version=version, status=status)
            agreement.presented_at, agreement.decided_at = presented, moments[2] if len(steps) > 2 else None
            events = [
                LegalAgreementEvent(action=step, occurred_at=at, channel=channel, ip_address=ip)
                for step, at in zip(steps, moments, strict=True)
            ]
            result.append((agreement, events))
        return result

    def notes(self, customer) -> list[Note]:
        rng, rows = self.rng, []
        for _ in range(_weighted(rng, ((0, 45), (1, 25), (2, 15), (3, 10), (4, 5))) if self.staff else 0):
            compliance = rng.random() < 0.2
            body = rng.choice(COMPLIANCE_NOTES if compliance else NOTES).format(merchant=rng.choice(MERCHANTS))
            visibility = NoteVisibility.COMPLIANCE if compliance else NoteVisibility.EVERYONE
            note = Note(customer=customer, author=rng.choice(self.staff), body=body, visibility=visibility)
            note.is_pinned, note.created_at = rng.random() < 0.1, self.when(customer.created_at)
            rows.append(note)
        return rows


def generate_holdings(customers, *, seed=11, transactions_per_account=(150, 450), batch_size=5000, progress=None):
    """Accounts with their history, cards, beneficiaries, devices… for ``customers``, who must have no
    account yet; returns the number of rows per model. ``progress(done)`` after each chunk of customers."""
    generator = Generator(seed=seed)
    rng, (low, high), counts = generator.rng, transactions_per_account, {}

    def insert(model, rows):
        model.objects.bulk_create(rows, batch_size=batch_size)
        assert not rows or rows[0].pk is not None, "the database must return the ids of bulk inserts"
        counts[model.__name__] = counts.get(model.__name__, 0) + len(rows)

    done, chunk = 0, max(20, min(2000, 40_000 // (low + high)))  # ~40 000 transactions in memory at a time
    for group in batched(customers, chunk):
        with transaction.atomic():
            planned = [(customer, generator.accounts(customer)) for customer in group]
            histories, holders, persons = [], [], [c for c in group if c.kind == Kind.PERSON]
            for customer, pairs in planned:
                for account, empty in pairs:
                    window = min(account.closed_at or generator.now, generator.now) - account.opened_at
                    share = min(1, max(window, DAY) / HISTORY) * (0.3 if account.is_vault else 1)
                    count = max(2, round(rng.randint(low, high) * share))
                    histories.append((account, generator.history(account, count, empty=empty)))
                if customer.kind == Kind.PERSON and len(persons) > 1 and rng.random() < 0.06:  # a joint account
                    other = rng.choice([p for p in persons if p.pk != customer.pk])
                    holders.append(Account.holders.through(account=pairs[0][0], customer=other))
            insert(Account, [account for account, _ in histories])
            counts["Transaction"] = counts.get("Transaction", 0) + _insert_transactions(histories)
            Account.holders.through.objects.bulk_create(holders)
            counts["joint holders"] = counts.get("joint holders", 0) + len(holders)
            cards, others, agreements = [], {}, []
            for customer, pairs in planned:
                cards += generator.cards(customer, [account for account, _ in pairs])
                for model, rows in generator.security(customer).items():
                    others.setdefault(model, []).extend(rows)
                others.setdefault(Beneficiary, []).extend(generator.beneficiaries(customer))
                others.setdefault(Note, []).extend(generator.notes(customer))
                agreements += generator.agreements(customer)
            insert(Card, [card for card, _ in cards])
            for card, new in cards:
                if new:
                    new.replaces = card
            insert(Card, [new for _, new in cards if new])
            for model, rows in others.items():
                insert(model, rows)
            insert(LegalAgreement, [agreement for agreement, _ in agreements])
            for agreement, events in agreements:
                for event in events:
                    event.agreement = agreement
            insert(LegalAgreementEvent, [event for _, events in agreements for event in events])
        done += len(group)
        if progress:
            progress(done)
    return counts


def create_big_statement_account(customer, *, count=100_000, seed=12) -> Account:
    """An extra current account, "Statement test account", with exactly ``count`` transactions."""
    generator = Generator(seed=seed)
    account = generator.account(customer, AccountKind.CURRENT, "Statement test account")
    account.opened_at = generator.now - 2 * HISTORY
    with transaction.atomic():
        account.save()
        _insert_transactions([(account, generator.history(account, count))])
        account.save(update_fields=["balance", "authorized_balance"])
    return account


def _insert_transactions(histories: list[tuple[Account, list[tuple]]]) -> int:
    """Insert the accounts' transactions; returns how many. Not ``bulk_create``: it spends ~40 µs a row
    preparing values field by field (10 s for the 100 000-row account, most of the demo's time), where
    only dates and amounts need adapting. ``COPY`` on PostgreSQL (``executemany`` there quotes every
    value in Python: 10 times slower), ``executemany`` by batches of 5 000 elsewhere."""
    ops, meta = connection.ops, Transaction._meta
    columns = ", ".join(ops.quote_name(meta.get_field(name).column) for name in TRANSACTION_FIELDS)
    rows, count = ((account.pk, *row) for account, rows in histories for row in rows), 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(TRANSACTION_FIELDS))
        sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        at, day, money = ops.adapt_datetimefield_value, ops.adapt_datefield_value, ops.adapt_decimalfield_value
        for batch in batched(rows, 5000):
            cursor.executemany(sql, [(a, at(b), day(c), money(d, 18, 2), *rest) for a, b, c, d, *rest in batch])
            count += len(batch)
    return count


def _customers_without_accounts():
    ids = list(Customer.objects.filter(accounts__isnull=True).order_by("pk").values_list("pk", flat=True))
    for chunk in batched(ids, 2000):
        yield from Customer.objects.filter(pk__in=chunk).order_by("pk")


def create_demo_holdings(*, stdout, size: int | None = None) -> None:
    """``manage.py demo`` step: holdings for the customers that have none. The plain demo (once) gives
    hundreds of transactions per account and one account of 100 000 for statements; with ``--size``
    the new customers get a few transactions per account, so a million customers stays feasible."""
    if size is None and Account.objects.exists():
        return
    started, reported = time.monotonic(), [0]

    def progress(done):
        if size and done - reported[0] >= 50_000:
            reported[0] = done
            stdout.write(f"  holdings of {done:,} customers in {time.monotonic() - started:.0f} s")

    per_account = settings.DEMO_TRANSACTIONS_PER_ACCOUNT if size is None else (5, 20)
    counts = generate_holdings(_customers_without_accounts(), transactions_per_account=per_account, progress=progress)
    persons = Customer.objects.filter(kind=Kind.PERSON, status=Status.VALIDATED, state=State.ACTIVE)
    if size is None and (big := persons.order_by("pk").first()):
        long = settings.DEMO_STATEMENT_TRANSACTIONS
        account = create_big_statement_account(big, count=long)
        counts["Account"], counts["Transaction"] = counts.get("Account", 0) + 1, counts.get("Transaction", 0) + long
        stdout.write(f'"{account.name}" ({long:,} transactions) belongs to customer #{big.pk}, {big.display_name}.')
    with transaction.atomic():
        changes = {"accounts": [None, counts.get("Account", 0)]}
        audit.record(action="customers.demo.holdings_generated", actor=ACTOR, changes=changes, reason="demo data")
    summary = ", ".join(f"{number:,} {name}" for name, number in counts.items())
    stdout.write(f"Created demo holdings ({summary}) in {time.monotonic() - started:.1f} s.")
