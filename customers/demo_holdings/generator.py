"""The rows of one customer's holdings, built in Python from pools drawn once (Faker is slow per
call), with balances computed while the history is built."""

# ruff: noqa: S311  (demo data: reproducible, not secret)

from __future__ import annotations

import random
import unicodedata
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone
from faker import Faker
from schwifty import IBAN, registry
from schwifty.registry import Component

from backoffice.models import StaffUser

from ..choices import (
    OPERATION_DIRECTIONS,
    AccountKind,
    AccountStatus,
    BeneficiaryStatus,
    CardKind,
    CardShipping,
    CardStatus,
    Direction,
    Kind,
    NoteVisibility,
    ScaDeviceKind,
    ScaDeviceStatus,
    ScaLockReason,
    ShippingMethod,
    State,
    Status,
    TransactionStatus,
    TwoFactorKind,
)
from ..demo import COUNTRIES
from ..kyc_services import card_lock_reason, cards_usable_at
from ..models import (
    Account,
    ApiKey,
    Beneficiary,
    Card,
    LegalAgreement,
    LegalAgreementEvent,
    Note,
    ScaDevice,
    TopUpCard,
    TwoFactorMethod,
)
from .vocabulary import (
    _O,
    AGREEMENT_STATUSES,
    AGREEMENT_STEPS,
    BILLERS,
    CALLING_CODES,
    CARD_REASONS,
    CARD_STATUSES,
    CENTRAL,
    COMPLIANCE_NOTES,
    DAY,
    DEVICES,
    DOCUMENTS,
    HISTORY,
    LOCK_MESSAGES,
    MERCHANTS,
    NOTES,
    NUMBER_BASE,
    OPERATIONS,
    SCA_STATUSES,
    TRANSFERS,
    money,
    weighted,
)


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
        # Public tokens and shipping draw from their own generator: the rest of the data set stays
        # what it was before cards had them.
        self.card_rng, self.tokens = random.Random(seed + 1), set()

    def public_token(self) -> str:
        """A 9-digit public token unused in this run (``insert`` redraws any the database holds)."""
        while (token := str(self.card_rng.randrange(10**8, 10**9))) in self.tokens:
            pass
        self.tokens.add(token)
        return token

    def ship(self, card: Card) -> None:
        """A physical card's way to the customer, as a card maker's and a carrier's statuses leave it:
        an activated card was delivered; one not activated yet is still being made (issued in the
        last days), in the post or, now and then, back undelivered; one in seven goes express."""
        rng = self.card_rng
        card.public_token = self.public_token()
        if card.kind != CardKind.PHYSICAL:
            return
        expedited = rng.random() < 1 / 7
        card.shipping_method = ShippingMethod.EXPEDITED if expedited else ShippingMethod.STANDARD
        if card.activated_at is not None:
            card.shipping_status, card.shipped_at = CardShipping.DELIVERED, card.issued_at.date()
            return
        card.shipping_status = weighted(
            rng, ((CardShipping.ORDERED, 4), (CardShipping.SHIPPED, 5), (CardShipping.RETURNED, 1))
        )
        if card.shipping_status == CardShipping.ORDERED:
            card.issued_at = self.now - timedelta(hours=rng.randrange(2, 72))
        else:
            days = rng.randrange(1, 3) if expedited else rng.randrange(2, 6)
            card.issued_at = self.now - timedelta(days=days + rng.randrange(1, 4))
            card.shipped_at = (card.issued_at + timedelta(days=1)).date()
        expiry = card.issued_at + 3 * 365 * DAY
        card.status_changed_at, card.expiry_month, card.expiry_year = card.issued_at, expiry.month, expiry.year

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
            status = weighted(rng, ((AccountStatus.ACTIVE, 93), (AccountStatus.BLOCKED, 3), (AccountStatus.CLOSED, 4)))
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
            values = (at, value_date, money(cents), account.currency, direction, operation, status, label[:140])
            rows.append((*values, name[:140], iban, reference))

        # A current account opens with the owner's transfer from their own bank (T's vigilance payin,
        # ``vigilance_payin_of``: an EEA IBAN, in their name); a vault with a wallet transfer.
        opening, own_iban = _O.WALLET_TRANSFER_RECEIVED, ""
        if account.kind != AccountKind.VAULT:
            opening, own_iban = _O.SCT_RECEIVED, rng.choice(names["ibans"])[0]
        add(start, opening, rng.randrange(20_000, 300_000), "Opening credit", owner.display_name, own_iban)
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
        account.balance, account.authorized_balance = money(balance), money(balance - pending)
        return rows

    def cards(self, customer, accounts) -> list[tuple[Card, Card | None]]:
        """Cards on active non-vault accounts, each with the card that replaced it, if any."""
        rng, now = self.rng, self.now
        usable = [a for a in accounts if a.status == AccountStatus.ACTIVE and a.kind != AccountKind.VAULT]
        name = f"{customer.first_name} {customer.last_name}".strip() if customer.kind == Kind.PERSON else ""
        name = unicodedata.normalize("NFKD", name or customer.display_name).upper()
        name = "".join(char for char in name if char.isascii() or char.isalpha())[:27].strip()  # no accents
        result, usable_cards = [], cards_usable_at(customer.kyc_level)  # seed 002: None, Light, Refused lock them
        for _ in range(weighted(rng, ((0, 20), (1, 50), (2, 20), (3, 10))) if usable else 0):
            account, status = rng.choice(usable), weighted(rng, CARD_STATUSES)
            issued = self.when(account.opened_at, now - 5 * DAY)
            expiry, changed = issued + 3 * 365 * DAY, self.when(issued, now - 3 * DAY)
            if status == CardStatus.EXPIRED:
                expiry = changed = now - rng.randrange(5, 90) * DAY
                issued = expiry - 3 * 365 * DAY
            reason = CARD_REASONS.get(status, "")
            if status == CardStatus.ACTIVE and not usable_cards:  # as the KYC decision would have left it
                status, reason = CardStatus.LOCKED, card_lock_reason(customer.kyc_level)
            card = Card(customer=customer, account=account, status=status, status_reason=reason)
            card.kind = weighted(rng, ((CardKind.PHYSICAL, 6), (CardKind.VIRTUAL, 4)))
            card.masked_pan = f"{rng.choice(('5350 43', '4974 01', '5137 41'))}•• •••• {rng.randrange(10000):04d}"
            card.expiry_month, card.expiry_year, card.embossed_name = expiry.month, expiry.year, name
            card.issued_at, card.activated_at = issued, None if status == CardStatus.INACTIVE else issued + DAY
            card.status_changed_at = issued if status in (CardStatus.INACTIVE, CardStatus.ACTIVE) else changed
            new = None
            if status == CardStatus.REPLACED:
                new = Card(customer=customer, account=account, kind=card.kind, status=CardStatus.ACTIVE)
                if not usable_cards:
                    new.status, new.status_reason = CardStatus.LOCKED, card_lock_reason(customer.kyc_level)
                new.masked_pan, new.embossed_name = f"{card.masked_pan[:-4]}{rng.randrange(9999):04d}", name
                new.expiry_month, new.expiry_year = card.expiry_month, card.expiry_year + 1
                new.issued_at, new.activated_at = changed, changed + 2 * DAY
                new.status_changed_at = new.activated_at
                self.ship(new)
            self.ship(card)
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
        for _ in range(weighted(rng, ((0, 10), (1, 60), (2, 25), (3, 5)))):
            kind, status = rng.choice((*ScaDeviceKind, ScaDeviceKind.MOBILE)), weighted(rng, SCA_STATUSES)
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
            status, presented = weighted(rng, AGREEMENT_STATUSES), self.when(customer.created_at)
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
        for _ in range(weighted(rng, ((0, 45), (1, 25), (2, 15), (3, 10), (4, 5))) if self.staff else 0):
            compliance = rng.random() < 0.2
            body = rng.choice(COMPLIANCE_NOTES if compliance else NOTES).format(merchant=rng.choice(MERCHANTS))
            visibility = NoteVisibility.COMPLIANCE if compliance else NoteVisibility.EVERYONE
            note = Note(customer=customer, author=rng.choice(self.staff), body=body, visibility=visibility)
            note.is_pinned, note.created_at = rng.random() < 0.1, self.when(customer.created_at)
            rows.append(note)
        return rows
