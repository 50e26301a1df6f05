"""The customers app's dossier sections: identity, contacts, addresses, accounts, relationships
and the audit timeline. Each reads what the matching profile tab reads, as the requester sees it
(``customers.masking``: birth date, national id and IBANs masked for those who may not see them
whole; the state reason only for those who see confidential values; audit entries as the
History tab shows them, ``backoffice.selectors.customer_history``)."""

from __future__ import annotations

from backoffice import audit_labels
from backoffice.formatting import format_date, format_money, yes_no
from backoffice.markup import local_minute
from backoffice.selectors import customer_history

from ..masking import masked_birth_date, masked_iban, masked_last4
from ..models import Account, Address, ContactEmail, ContactPhone, Relationship
from ..selectors import sees_confidential, verification_level_names
from .registry import DossierSection, Fields, Table, Text, dossier_sections

HERE = "customers.dossier.sections"
# The History tab shows the latest 100; the dossier the latest this many (an auditor's whole
# trail; a customer with more says so under the table).
AUDIT_LIMIT = 2000


def _dash(value) -> str:
    return str(value) if value not in (None, "") else "—"


def _country(customer, name: str) -> str:
    value = getattr(customer, name)
    return value.name if value else ""


def identity(user, customer) -> list:
    rows = [
        ("Customer id", str(customer.pk)),
        ("Public id", customer.public_id),
        ("Kind", customer.get_kind_display()),
    ]
    if customer.is_person:
        name = " ".join(p for p in (customer.first_name, customer.middle_names, customer.last_name) if p)
        birth_place = ", ".join(p for p in (customer.birth_place, _country(customer, "birth_country")) if p)
        nationality = ", ".join(
            p for p in (_country(customer, "nationality"), _country(customer, "other_nationality")) if p
        )
        rows += [
            ("Name", " ".join(p for p in (customer.get_title_display() if customer.title else "", name) if p)),
            ("Legal name", customer.legal_name),
            ("Birth date", masked_birth_date(customer.birth_date, user)),
            ("Birth place", birth_place),
            ("Nationality", nationality),
            ("Gender", customer.get_gender_display() if customer.gender else ""),
            ("Occupation", customer.get_occupation_category_display() if customer.occupation_category else ""),
            ("Monthly income", customer.get_monthly_income_range_display() if customer.monthly_income_range else ""),
            ("Source of funds", customer.get_source_of_funds_display() if customer.source_of_funds else ""),
            ("National id / SSN", masked_last4(customer.national_id_last4)),
            ("Specified US person", yes_no(customer.is_specified_us_person)),
        ]
        if customer.legal_form:
            rows.append(("Legal form", f"{customer.legal_form} (self-employed)"))
    else:
        rows += [
            ("Legal name", customer.legal_name),
            ("Registration number", customer.registration_number),
            ("VAT number", customer.vat_number),
            ("Registered on", format_date(customer.registration_date) if customer.registration_date else ""),
            ("Legal form", customer.legal_form),
            ("Share capital", format_money(customer.share_capital, customer.default_currency)),
            ("Sector (NACE)", customer.sector),
            ("Annual turnover", customer.get_annual_turnover_range_display() if customer.annual_turnover_range else ""),
            ("Net income", customer.get_net_income_range_display() if customer.net_income_range else ""),
            ("Employees", customer.get_employee_count_range_display() if customer.employee_count_range else ""),
            ("Listed", yes_no(customer.is_listed)),
        ]
    level = verification_level_names().get(customer.verification_level) or customer.get_verification_level_display()
    state = customer.get_state_display()
    if customer.state_reason and sees_confidential(user):
        state = f"{state} — {customer.state_reason}"
    rows += [
        ("User tag", customer.user_tag),
        ("Language", customer.get_language_display()),
        ("Created", local_minute(customer.created_at)),
        (
            "Status",
            customer.get_status_display() + ("" if customer.onboarding_completed else " (onboarding not completed)"),
        ),
        ("Verification", f"{customer.get_verification_status_display()} · {level}"),
        ("KYC", f"Level {customer.get_kyc_level_display()} · review {customer.get_kyc_review_display()}"),
        ("State", state),
    ]
    return [Fields([(label, _dash(value)) for label, value in rows])]


def contacts(user, customer) -> list:
    emails = ContactEmail.objects.filter(customer=customer).order_by("-is_primary", "email")
    phones = ContactPhone.objects.filter(customer=customer).order_by("-is_primary", "id")
    rows = [
        ["Email", e.email, "Primary · login" if e.is_primary else "", local_minute(e.verified_at) or "—"]
        for e in emails
    ]
    rows += [
        [
            f"Phone ({p.get_kind_display()})",
            p.number.as_international if p.number else "",
            "Primary" if p.is_primary else "",
            local_minute(p.verified_at) or "—",
        ]
        for p in phones
    ]
    return [Table([("Kind", 1.2), ("Contact", 2.6), ("", 1.1), ("Verified", 1.2)], rows, empty="No contact.")]


def addresses(user, customer) -> list:
    rows = [[a.get_kind_display(), str(a)] for a in Address.objects.filter(customer=customer).order_by("kind")]
    return [Table([("Address", 1), ("", 4)], rows, empty="No address.")]


def accounts(user, customer) -> list:
    rows = [
        [
            account.name,
            f"{account.number}\n{masked_iban(account.iban, user)}".strip(),
            f"{account.get_kind_display()} · {account.currency}",
            account.get_status_display(),
            format_money(account.balance, account.currency),
            local_minute(account.opened_at)[:10],
        ]
        for account in Account.objects.filter(customer=customer).order_by("-is_primary", "opened_at", "id")
    ]
    columns = [
        ("Account", 1.6),
        ("Number / IBAN", 2.2),
        ("Type", 1.3),
        ("Status", 0.9),
        ("Balance", 1.3),
        ("Opened", 0.9),
    ]
    return [Table(columns, rows, empty="No account.")]


def relationships(user, customer) -> list:
    links = Relationship.objects.filter(customer=customer).select_related("related").order_by("kind", "id")
    linked_to = Relationship.objects.filter(related=customer).select_related("customer").order_by("kind", "id")

    def details(link) -> str:
        parts = [link.position]
        if link.ownership_percent is not None:
            parts.append(f"{link.ownership_percent:g} %")
        if link.since:
            parts.append(f"since {format_date(link.since)}")
        return " · ".join(p for p in parts if p)

    columns = [("Customer", 2.2), ("Id", 0.7), ("Link", 1.6), ("Details", 2.5)]
    return [
        Text(f"Customers linked to {customer}", subtitle=True),
        Table(columns, [[str(r.related), str(r.related_id), r.get_kind_display(), details(r)] for r in links]),
        Text(f"Customers {customer} is linked to", subtitle=True),
        Table(columns, [[str(r.customer), str(r.customer_id), r.get_kind_display(), details(r)] for r in linked_to]),
    ]


def audit_timeline(user, customer) -> list:
    """The History tab's rows, whole: confidential entries only for those who may see confidential
    data, confidential values masked (``customer_history``)."""
    rows = customer_history(user, customer.pk, limit=AUDIT_LIMIT + 1)
    shown = [
        [
            local_minute(entry.occurred_at),
            entry.actor_label + (f"\napproved by {entry.approved_by}" if entry.approved_by else ""),
            audit_labels.action_label(entry.action)
            + (f"\n{entry.target_repr}" if entry.target_repr and entry.target_type != "customers.customer" else ""),
            "\n".join(
                f"{c.label}: {c.before} -> {c.after}" if c.before is not None else f"{c.label}: {c.after}"
                for c in changes
            ),
            reason,
        ]
        for entry, changes, reason in rows[:AUDIT_LIMIT]
    ]
    blocks: list = [
        Table([("When", 1.1), ("Who", 1.1), ("What", 1.6), ("Changed", 2.6), ("Reason", 1.6)], shown, empty="Nothing.")
    ]
    if len(rows) > AUDIT_LIMIT:
        blocks.append(Text(f"Only the latest {AUDIT_LIMIT} entries are listed; the audit log holds older ones."))
    return blocks


def register_sections() -> None:
    dossier_sections.register(
        DossierSection("identity", "Identity", 10, f"{HERE}.identity"),
        DossierSection("contacts", "Contacts", 20, f"{HERE}.contacts"),
        DossierSection("addresses", "Addresses", 30, f"{HERE}.addresses"),
        DossierSection("accounts", "Accounts summary", 40, f"{HERE}.accounts"),
        DossierSection("relationships", "Relationships", 50, f"{HERE}.relationships"),
        DossierSection("audit", "Audit timeline", 900, f"{HERE}.audit_timeline"),
    )
