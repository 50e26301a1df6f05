"""The profile tabs and toolbar counters this app adds (``backoffice.tabs`` registries; KYC and
compliance add theirs the same way, and this app never imports them)."""

from backoffice.tabs import ProfileCounter, ProfileTab, profile_counters, profile_tabs

from .panel_switches import sca_devices_on_own_tab

BROWSE = "customers.browse_customers"
VIEWS = "customers.views.tabs"

TABS = (
    ("profile", "Profile", "customers.views.profile.ProfileSummaryTab", 0),
    ("accounts", "Accounts / Wallets", f"{VIEWS}.AccountsTab", 10),
    ("cards", "Cards", f"{VIEWS}.CardsTab", 30),
    ("beneficiaries", "Beneficiaries", f"{VIEWS}.BeneficiariesTab", 35),
    ("relationships", "Relationships", f"{VIEWS}.RelationshipsTab", 40),
    ("addresses", "Addresses", f"{VIEWS}.AddressesTab", 45),
    ("sca-devices", "SCA devices", f"{VIEWS}.ScaDevicesTab", 50),
    ("notes", "Notes", f"{VIEWS}.NotesTab", 60),
    ("access", "2FA & API keys", f"{VIEWS}.AccessTab", 65),
    ("agreements", "Agreements", f"{VIEWS}.AgreementsTab", 70),
    ("details", "Employment & metadata", f"{VIEWS}.DetailsTab", 75),
    ("history", "History", "customers.views.profile.HistoryTab", 90),
)


def _is_person(customer) -> bool:
    return customer.is_person


def _is_company(customer) -> bool:
    return customer.is_company


def _counters():
    """Imported late: the models are not ready when ``tabs`` is imported."""
    from .choices import COMPANY_RELATIONSHIPS
    from .models import Account, ApiKey, LegalAgreement, Relationship, TopUpCard, TwoFactorMethod
    from .selectors.holdings import COMPLIANCE_NOTES, CountOf, notes_visible_to

    return (
        ProfileCounter(
            "accounts", "Accounts", "wallet2", "accounts", lambda user: CountOf(Account.objects), BROWSE, 20
        ),
        ProfileCounter(
            "companies",
            "Companies",
            "building",
            "relationships",
            # The companies the person represents, owns, directs or works for (each once).
            lambda user: CountOf(
                Relationship.objects.filter(kind__in=COMPANY_RELATIONSHIPS), link="related", distinct="customer"
            ),
            BROWSE,
            30,
            anchor="companies",
            shown=_is_person,
        ),
        ProfileCounter(
            "company_staff",
            "Company staff",
            "people",
            "relationships",
            # The company's legal representatives, shareholders, directors and employees (each once).
            lambda user: CountOf(
                Relationship.objects.filter(kind__in=COMPANY_RELATIONSHIPS), link="customer", distinct="related"
            ),
            BROWSE,
            30,
            anchor="company-staff",
            shown=_is_company,
        ),
        ProfileCounter(
            "two_factor",
            "Active 2FA",
            "shield-lock",
            "access",
            lambda user: CountOf(TwoFactorMethod.objects.filter(is_active=True)),
            BROWSE,
            40,
            anchor="two-factor",
        ),
        ProfileCounter(
            "api_keys",
            "Active API keys",
            "key",
            "access",
            lambda user: CountOf(ApiKey.objects.filter(revoked_at__isnull=True)),
            BROWSE,
            50,
            anchor="api-keys",
        ),
        ProfileCounter(
            "topup_cards",
            "Top-up cards",
            "credit-card-2-front",
            "cards",
            lambda user: CountOf(TopUpCard.objects.filter(unlinked_at__isnull=True)),  # unlinked: history
            BROWSE,
            60,
            anchor="topup-cards",
        ),
        ProfileCounter(
            "agreements",
            "Legal agreements",
            "file-earmark-check",
            "agreements",
            lambda user: CountOf(LegalAgreement.objects),
            BROWSE,
            70,
        ),
        ProfileCounter(
            "notes",
            "Notes",
            "sticky",
            "notes",
            lambda user: CountOf(notes_visible_to(user)),
            BROWSE,
            80,
            varies_with=COMPLIANCE_NOTES,  # compliance-only notes are counted for those who may read them
        ),
    )


# A tab the strip lists only while a panel setting says so (``panel_switches``).
LISTED = {"sca-devices": sca_devices_on_own_tab}


def register_tabs() -> None:
    for key, label, view, order in TABS:
        profile_tabs.register(
            ProfileTab(key=key, label=label, view=view, permission=BROWSE, order=order, listed=LISTED.get(key))
        )
    for counter in _counters():
        profile_counters.register(counter)
