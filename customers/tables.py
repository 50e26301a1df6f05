"""The customer lists' columns (C Persons list: ID, name, emails, verification status, state,
created at, show / edit; plus the type, lifecycle status and aggregated-status badge)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from backoffice.formatting import format_money
from backoffice.markup import escape, text, url_maker
from backoffice.tables import EMPTY, BackofficeTable, Column, badge, format_value

from .choices import (
    AccountStatus,
    AggregatedStatus,
    CardShipping,
    CardStatus,
    Direction,
    Kind,
    KycStatus,
    State,
    Status,
    TransactionStatus,
    VerificationStatus,
    colour,
)
from .masking import masked_birth_date, masked_iban

SHORT_KIND_LABELS = {Kind.PERSON: "Person", Kind.BUSINESS: "Business", Kind.NGO: "NGO", Kind.GOVERNMENT: "Government"}


def choice_badge(choices, value):
    return badge(choices(value).label, colour(value)) if value else EMPTY


def breakable_email(address: str) -> str:
    """``address`` that a narrow column may break before its "@" and before each dot of its
    domain ("contact.9<wbr>@blondiauduryandcolli<wbr>.test"), never inside a word: a long
    domain no longer widens the column past the list's width."""
    local, at, domain = address.partition("@")
    if not at:
        return SafeString(escape(address))
    return SafeString(f"{escape(local)}<wbr>@{escape(domain).replace('.', '<wbr>.')}")


class Badges:
    """A list's badges, written once per value and page rather than once per row."""

    def __init__(self):
        self._written: dict[tuple, str] = {}

    def __call__(self, choices, value) -> str:
        key = (choices, value)
        if key not in self._written:
            self._written[key] = choice_badge(choices, value)
        return self._written[key]


class CustomerTable(BackofficeTable):
    required_columns = ("name",)

    id = Column(verbose_name="ID", attrs={"td": {"class": "text-body-secondary font-monospace text-nowrap"}})
    name = Column(accessor="display_name", order_by=("name_key",), verbose_name="Name")
    kind = Column(verbose_name="Type", attrs={"td": {"class": "text-nowrap"}})
    emails = Column(
        accessor="primary_email",
        verbose_name="Emails",
        order_by=("primary_email",),
        attrs={"td": {"class": "cell-wrap"}},
    )
    # Hidden by default on All customers (the aggregated status sums them up), offered in "Columns".
    verification_status = Column(verbose_name="Verification status", visible=False)
    state = Column(visible=False)
    aggregated = Column(
        accessor="aggregated_status",
        verbose_name="Aggregated",
        order_by=("status", "state", "verification_status"),
        empty_values=(),
    )
    status = Column(verbose_name="Status", visible=False)
    created_at = Column(verbose_name="Created at", attrs={"td": {"class": "text-nowrap"}})
    actions = Column(
        verbose_name="Actions",
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
        empty_values=(),
        attrs={"td": {"class": "text-nowrap"}},
    )
    # Hidden by default, offered in "Columns"; not sortable (a sort by birth date would order, and
    # page, by data the support agent sees masked).
    public_id = Column(verbose_name="Public id", visible=False, orderable=False)
    phones = Column(
        accessor="primary_phone",
        verbose_name="Phones",
        visible=False,
        orderable=False,
        attrs={"td": {"class": "cell-wrap"}},
    )
    birth_date = Column(verbose_name="Birth date", visible=False, empty_values=(), orderable=False)
    country = Column(verbose_name="Country", visible=False, orderable=False)
    verification_level = Column(visible=False, orderable=False)
    # S "KYC status: Passed, Failed… (including last date that KYC was run)".
    kyc = Column(verbose_name="KYC status", accessor="kyc_review", visible=False, orderable=False)

    class Meta(BackofficeTable.Meta):
        order_by = ("-created_at",)
        sequence = (
            "id",
            "name",
            "kind",
            "emails",
            "verification_status",
            "state",
            "aggregated",
            "status",
            "created_at",
            "...",
        )

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        # "Edit" opens the first section the viewer may edit (support agents: the contacts).
        may_edit_identity = viewer is not None and viewer.has_perm("customers.edit_customer_profile")
        self.edit_url_name = "customer-edit-identity" if may_edit_identity else "customer-edit-contacts"
        self.badge = Badges()
        self.profile_url = url_maker("customer-profile")
        self.edit_url = url_maker(self.edit_url_name)

    # Written as f-strings with backoffice.markup (issue 17): a row costs tens of Python calls,
    # not hundreds; tests/customers/test_lists_and_search.py checks what they write.
    def render_name(self, record, value):
        link = f'<a href="{self.profile_url(record.id)}">{text(value)}</a>'
        if not record.onboarding_completed:  # S "Prospect": said wherever the customer is listed
            return SafeString(f'{link} <span class="badge text-bg-light border">Prospect</span>')
        return SafeString(link)

    def value_name(self, record, value):
        return value if record.onboarding_completed else f"{value} (prospect)"

    def render_kind(self, record):
        icon = "person" if record.is_person else "building"
        label = SHORT_KIND_LABELS.get(record.kind) or record.get_kind_display()
        return SafeString(f'<i class="bi bi-{icon}" aria-hidden="true"></i> {text(label)}')

    def render_emails(self, record):
        others = [email for email in record.other_emails.split(", ") if email]
        more = (
            f' <span class="badge text-bg-light border" title="{escape(", ".join(others))}">+{len(others)}</span>'
            if others
            else ""
        )
        return SafeString(f"{breakable_email(record.primary_email)}{more}")

    # Choice fields reach render_* as their label; the badges read the stored value.
    def render_verification_status(self, record):
        return self.badge(VerificationStatus, record.verification_status)

    def render_state(self, record):
        if record.is_deactivated:  # the restriction no longer applies
            return self.badge(AggregatedStatus, AggregatedStatus.DEACTIVATED)
        return self.badge(State, record.state)

    def render_aggregated(self, value):
        return self.badge(AggregatedStatus, value)

    def render_kyc(self, record):
        label = self.badge(KycStatus, record.kyc_status)
        if record.kyc_checked_at is None:
            return label
        day = format_value(timezone.localtime(record.kyc_checked_at).date())
        return SafeString(f'{label}<div class="small text-body-secondary text-nowrap">{day}</div>')

    def value_kyc(self, record, value):
        day = f" ({timezone.localtime(record.kyc_checked_at).date().isoformat()})" if record.kyc_checked_at else ""
        return KycStatus(record.kyc_status).label + day

    def render_status(self, record):
        return self.badge(Status, record.status)  # a prospect is said beside their name

    def render_actions(self, record):
        profile, edit = self.profile_url(record.id), self.edit_url(record.id)  # id: the pk, one call less
        return SafeString(
            f'<a class="btn btn-outline-secondary btn-sm py-0" href="{profile}">Show</a> '
            f'<a class="btn btn-outline-secondary btn-sm py-0" href="{edit}">Edit</a>'
        )

    # --- export: plain values, personal data masked for those who may not see it whole -----
    def value_emails(self, record, value):
        return ", ".join(email for email in [record.primary_email, *record.other_emails.split(", ")] if email)

    def value_phones(self, record, value):
        return ", ".join(phone for phone in [record.primary_phone, *record.other_phones.split(", ")] if phone)

    def value_birth_date(self, record, value):
        return masked_birth_date(record.birth_date, self.viewer)

    def value_aggregated(self, record, value):
        return AggregatedStatus(value).label

    def value_status(self, record, value):
        return record.get_status_display()


class TransactionTable(BackofficeTable):
    """An account's transactions, newest first; only the date sorts (the index's order), so a
    page of a 100 000-row history costs what a page of ten does."""

    booked_at = Column(verbose_name="Date", attrs={"td": {"class": "text-nowrap"}})
    # Hidden by default (the booking date says when; it fits 1280 px beside the sidebar), offered in Columns.
    value_date = Column(
        verbose_name="Value date", orderable=False, visible=False, attrs={"td": {"class": "text-nowrap"}}
    )
    label = Column(orderable=False)
    counterparty_name = Column(verbose_name="Counterparty", orderable=False)
    operation_type = Column(verbose_name="Operation", orderable=False)
    status = Column(orderable=False)
    amount = Column(orderable=False, attrs={"td": {"class": "amount"}})
    currency = Column(visible=False, orderable=False)
    direction = Column(visible=False, orderable=False)
    counterparty_iban = Column(verbose_name="Counterparty IBAN", visible=False, orderable=False)
    reference = Column(visible=False, orderable=False)

    required_columns = ("booked_at", "amount")

    class Meta(BackofficeTable.Meta):
        order_by = ("-booked_at",)
        sequence = (
            "booked_at",
            "value_date",
            "label",
            "counterparty_name",
            "operation_type",
            "status",
            "amount",
            "...",
        )

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.badge = Badges()

    def render_status(self, record):
        return self.badge(TransactionStatus, record.status)

    def render_amount(self, record):
        css = "amount-payin" if record.direction == Direction.PAYIN else "amount-payout"
        amount = format_money(record.signed_amount, record.currency, signed=True)
        return SafeString(f'<span class="{css}">{escape(amount)}</span>')

    def render_counterparty_name(self, record):
        if not record.counterparty_iban:
            return record.counterparty_name or EMPTY
        iban = escape(masked_iban(record.counterparty_iban, self.viewer))
        return SafeString(
            f'{escape(record.counterparty_name)}<div class="small text-body-secondary font-monospace">{iban}</div>'
        )

    def value_amount(self, record, value):
        return f"{record.signed_amount:.2f}"

    def value_counterparty_iban(self, record, value):
        return masked_iban(record.counterparty_iban, self.viewer)


# --- Every customer's holdings (issue 21): /accounts/, /cards/, /transactions/ ----------------


def owner_link(customer) -> SafeString:
    return SafeString(f'<a href="{url_maker("customer-profile")(customer.pk)}">{escape(customer.display_name)}</a>')


def _account_url(customer_id: int, account_id: int) -> str:
    return reverse("customer-account", args=[customer_id, account_id])


class AccountTable(BackofficeTable):
    """Every account: its number and IBAN (masked as on the profile), owner, type, balances."""

    required_columns = ("number",)

    number = Column(verbose_name="Account", attrs={"td": {"class": "font-monospace text-nowrap"}}, orderable=False)
    iban = Column(verbose_name="IBAN", orderable=False, attrs={"td": {"class": "font-monospace"}})
    customer = Column(verbose_name="Owner", orderable=False, attrs={"td": {"class": "cell-wrap"}})
    kind = Column(verbose_name="Type", orderable=False, visible=False)  # said under the number
    currency = Column(orderable=False, visible=False)  # the balance says it
    balance = Column(verbose_name="Balance", attrs={"td": {"class": "amount text-nowrap"}})
    authorized_balance = Column(
        verbose_name="Authorised", visible=False, orderable=False, attrs={"td": {"class": "amount"}}
    )
    status = Column(orderable=False)
    opened_at = Column(verbose_name="Opened", attrs={"td": {"class": "text-nowrap"}})

    class Meta(BackofficeTable.Meta):
        order_by = ("-opened_at",)

    def render_opened_at(self, record):
        return format_value(record.opened_at.date())

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.badge = Badges()

    def render_number(self, record):
        link = _account_url(record.customer_id, record.pk)
        name = (
            f'<div class="small text-body-secondary">{escape(record.name)} · {escape(record.get_kind_display())}</div>'
        )
        return SafeString(f'<a href="{link}">{escape(record.number)}</a>{name}')

    def value_number(self, record, value):
        return record.number

    def render_iban(self, record):
        return masked_iban(record.iban, self.viewer) or EMPTY

    def value_iban(self, record, value):
        return masked_iban(record.iban, self.viewer)

    def render_customer(self, record):
        return owner_link(record.customer)

    def value_customer(self, record, value):
        return record.customer.display_name

    def render_kind(self, record):
        return record.get_kind_display()

    def render_currency(self, record):
        return record.currency

    def render_status(self, record):
        return self.badge(AccountStatus, record.status)

    def render_balance(self, record):
        return format_money(record.balance, record.currency)

    def render_authorized_balance(self, record):
        return format_money(record.authorized_balance, record.currency)


class CardTable(BackofficeTable):
    """Every card: its masked number and expiry, owner and account, type and status."""

    required_columns = ("masked_pan",)

    masked_pan = Column(
        verbose_name="Card number", orderable=False, attrs={"td": {"class": "font-monospace text-nowrap"}}
    )
    expiry = Column(verbose_name="Expiry", accessor="expiry_year", orderable=False)
    # Under Columns: mostly the owner's name again, and the shipping column must fit 1280 px.
    embossed_name = Column(verbose_name="Name on card", orderable=False, visible=False)
    customer = Column(verbose_name="Owner", orderable=False, attrs={"td": {"class": "cell-wrap"}})
    account = Column(
        verbose_name="Account", orderable=False, visible=False, attrs={"td": {"class": "font-monospace text-nowrap"}}
    )
    kind = Column(verbose_name="Type", orderable=False)
    status = Column(orderable=False)
    public_token = Column(
        verbose_name="Public token", orderable=False, visible=False, attrs={"td": {"class": "font-monospace"}}
    )
    shipping_status = Column(verbose_name="Shipping", orderable=False)
    issued_at = Column(verbose_name="Issued", attrs={"td": {"class": "text-nowrap"}})

    class Meta(BackofficeTable.Meta):
        order_by = ("-issued_at",)

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.badge = Badges()

    def render_masked_pan(self, record):
        """The number, and under it the public token support reads a card by (its own column,
        offered under Columns, is for exports: the list must fit 1280 px)."""
        link = url_maker("customer-tab", "cards")(record.customer_id)
        token = f'<div class="small text-body-secondary">token {escape(record.public_token)}</div>'
        return SafeString(f'<a href="{link}">{escape(record.masked_pan)}</a>{token}')

    def value_masked_pan(self, record, value):
        return record.masked_pan

    def render_expiry(self, record):
        return record.expiry

    def value_expiry(self, record, value):
        return record.expiry

    def render_customer(self, record):
        return owner_link(record.customer)

    def value_customer(self, record, value):
        return record.customer.display_name

    def render_account(self, record):
        return record.account.number

    def value_account(self, record, value):
        return record.account.number

    def render_kind(self, record):
        return record.get_kind_display()

    def render_status(self, record):
        status = self.badge(CardStatus, record.status)
        if record.account.status != AccountStatus.ACTIVE:  # the card cannot pay, whatever it says
            stopped = escape(record.account.get_status_display().lower())
            return SafeString(f'{status}<div class="small text-body-secondary">account {stopped}</div>')
        return status

    def render_shipping_status(self, record):
        """A physical card's way to the customer (virtual cards are not posted): "expedited" said."""
        status = self.badge(CardShipping, record.shipping_status)
        if record.is_expedited:
            return SafeString(f'{status}<div class="small text-body-secondary">expedited</div>')
        return status

    def value_shipping_status(self, record, value):
        if not record.shipping_status:
            return ""
        return record.get_shipping_status_display() + (" (expedited)" if record.is_expedited else "")

    def render_issued_at(self, record):
        return format_value(record.issued_at.date())


class AllTransactionTable(TransactionTable):
    """Every account's transactions: the profile's columns, and whose account (the owner, the
    account's number under it; the operation is in Columns: the amount must fit 1280 px)."""

    operation_type = Column(verbose_name="Operation", orderable=False, visible=False)
    customer = Column(
        verbose_name="Owner", accessor="account__customer", orderable=False, attrs={"td": {"class": "cell-wrap"}}
    )
    account = Column(
        verbose_name="Account", orderable=False, visible=False, attrs={"td": {"class": "font-monospace text-nowrap"}}
    )

    class Meta(TransactionTable.Meta):
        sequence = (
            "booked_at",
            "customer",
            "account",
            "label",
            "counterparty_name",
            "operation_type",
            "status",
            "amount",
            "...",
        )

    def render_customer(self, record):
        account = self.render_account(record)
        return SafeString(f'{owner_link(record.account.customer)}<div class="small font-monospace">{account}</div>')

    def value_customer(self, record, value):
        return f"{record.account.customer.display_name} ({record.account.number})"

    def render_account(self, record):
        link = _account_url(record.account.customer_id, record.account_id)
        return SafeString(f'<a href="{link}">{escape(record.account.number)}</a>')

    def value_account(self, record, value):
        return record.account.number
