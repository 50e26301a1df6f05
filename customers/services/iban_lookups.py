"""Whole IBANs looked up by whoever sees IBANs masked (the omnibox, the customer lookup, the
accounts' and transactions' filters): each audited, and refused past a number an hour."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from backoffice import audit

from ..masking import masked_iban, sees_full_pii

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
