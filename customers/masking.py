"""Personal data as a support agent sees it (DESIGN.md: birth date, full TIN / national id,
full IBAN are masked; compliance officers and administrators see them whole)."""

from datetime import date

from django.utils import timezone

FULL_PII = "customers.view_full_pii"


def sees_full_pii(user) -> bool:
    return bool(user) and user.has_perm(FULL_PII)


def masked_birth_date(value: date | None, user) -> str:
    """The whole date for those who may see it; the year and the age otherwise."""
    if value is None:
        return ""
    if sees_full_pii(user):
        return value.isoformat()
    return f"{value.year} (age {age(value)})"


def age(value: date) -> int:
    today = timezone.localdate()
    return today.year - value.year - ((today.month, today.day) < (value.month, value.day))


def masked_last4(value: str) -> str:
    """Only the last four digits are ever stored; they are shown behind bullets."""
    return f"•••• {value}" if value else ""


def masked_iban(value: str, user) -> str:
    """The whole IBAN, grouped by four, for those who may see it; its first and last four otherwise."""
    if not value:
        return ""
    if sees_full_pii(user):
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return f"{value[:4]} •••• {value[-4:]}"


# An agent checks the IBAN a customer reads out; a run of guesses against the lookups' yes or no
# would recover an IBAN shown to them masked (a short IBAN's unknown digits are few).
IBAN_LOOKUPS_PER_HOUR = 30
IBAN_LOOKUP_REFUSED = (
    "You have looked up {limit} whole IBANs in the last hour: more are refused for now. Ask a compliance "
    "officer, who sees IBANs whole."
)


def iban_lookup_refusal(user, iban: str, *, where: str) -> str | None:
    """A whole IBAN looked up by whoever sees IBANs masked: audited (masked), and refused past
    ``IBAN_LOOKUPS_PER_HOUR`` an hour (the refusal's text, or None)."""
    from django.core.cache import cache
    from django.db import transaction

    from backoffice import audit

    if sees_full_pii(user):
        return None
    key = f"customers:iban-lookups:{user.pk}:{int(timezone.now().timestamp()) // 3600}"
    cache.add(key, 0, 3600)
    count = cache.incr(key)
    with transaction.atomic():
        audit.record(
            action="customers.iban.looked_up",
            actor=user,
            changes={"iban": [None, masked_iban(iban, user)], "where": [None, where]},
        )
    return IBAN_LOOKUP_REFUSED.format(limit=IBAN_LOOKUPS_PER_HOUR) if count > IBAN_LOOKUPS_PER_HOUR else None
