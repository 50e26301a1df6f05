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
