"""Beneficiaries (T) / external accounts (S): linked by hand with a confirmation, deactivated
and reactivated, never deleted (the payments made to them must keep their counterparty)."""

from __future__ import annotations

from django.db import transaction
from schwifty import BIC, IBAN
from schwifty.exceptions import InvalidChecksumDigits, InvalidCountryCode, InvalidLength, SchwiftyException

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import BeneficiaryStatus
from ..models import Beneficiary, Customer
from .common import next_status, require_open_customer

ALREADY_LINKED = "This account is linked to the customer already."
BENEFICIARY_TRANSITIONS: dict[str, dict[str, str | None]] = {
    "deactivate": {BeneficiaryStatus.ACTIVATED: BeneficiaryStatus.DEACTIVATED},
    "reactivate": {BeneficiaryStatus.DEACTIVATED: BeneficiaryStatus.ACTIVATED},
}


IBAN_FAULTS = (
    (InvalidCountryCode, "it must start with a country code, e.g. FR or DE"),
    (InvalidLength, "it has the wrong number of characters for its country"),
    (InvalidChecksumDigits, "its check digits do not match: a character is probably mistyped"),
)


def normalised_iban(value: str) -> str:
    """The IBAN without spaces, upper-cased; a ``DomainError`` naming the fault when invalid."""
    try:
        return str(IBAN(value).compact)
    except SchwiftyException as error:
        fault = next(
            (text for kind, text in IBAN_FAULTS if isinstance(error, kind)),
            "check it against the customer's bank details",
        )
        raise DomainError(f"This IBAN is not valid: {fault}.", field="iban") from error


def iban_already_linked(customer: Customer, iban: str) -> bool:
    return Beneficiary.objects.filter(customer=customer, iban=iban).exists()


def normalised_bic(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return str(BIC(value.strip().upper()))
    except SchwiftyException as error:
        raise DomainError(f"This BIC is not valid: {error}.", field="bic") from error


@transaction.atomic
def link_beneficiary(
    *, actor, customer: Customer, name: str, iban: str, bic: str = "", nickname: str = ""
) -> Beneficiary:
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "linking an external account")
    iban, bic = normalised_iban(iban), normalised_bic(bic)
    if not name.strip():
        raise DomainError("Give the name of the account's holder.", field="name")
    if iban_already_linked(customer, iban):
        raise DomainError(ALREADY_LINKED, field="iban")
    beneficiary = Beneficiary.objects.create(
        customer=customer, name=name.strip(), iban=iban, bic=bic, nickname=nickname.strip(), linked_by=actor
    )
    audit.record(
        action="customers.beneficiary.linked",
        actor=actor,
        customer_id=customer.pk,
        target=beneficiary,
        changes={"name": [None, beneficiary.name], "iban": [None, iban], "bic": [None, bic]},
        confidential_fields=["iban"],
    )
    return beneficiary


def _set_status(*, actor, beneficiary: Beneficiary, command: str, reason: str) -> Beneficiary:
    beneficiary = Beneficiary.objects.select_for_update(of=("self",)).select_related("customer").get(pk=beneficiary.pk)
    require_open_customer(beneficiary.customer, f"{command.removesuffix('e')}ing a beneficiary")
    label = BeneficiaryStatus(beneficiary.status).label.lower()
    status = next_status(
        BENEFICIARY_TRANSITIONS, command, beneficiary.status, refusal=f"This beneficiary is {label} already."
    )
    before, beneficiary.status = beneficiary.status, status
    beneficiary.save(update_fields=["status"])
    audit.record(
        action=f"customers.beneficiary.{command}d",
        actor=actor,
        customer_id=beneficiary.customer_id,
        target=beneficiary,
        changes={"status": [before, status]},
        reason=reason,
    )
    return beneficiary


@transaction.atomic
def deactivate_beneficiary(*, actor, beneficiary: Beneficiary, reason: str = "") -> Beneficiary:
    return _set_status(actor=actor, beneficiary=beneficiary, command="deactivate", reason=reason)


@transaction.atomic
def reactivate_beneficiary(*, actor, beneficiary: Beneficiary, reason: str = "") -> Beneficiary:
    return _set_status(actor=actor, beneficiary=beneficiary, command="reactivate", reason=reason)
