"""What screening compares of a customer and of a listed subject (``matching.Subject``), and the
fingerprints that tell when either changed: a hit cleared as a false positive stays cleared
only while both fingerprints stand."""

from __future__ import annotations

import hashlib
import json

from customers.models import Customer

from .matching import Subject
from .models import ListedEntity
from .records import ORGANISATION, PERSON

# The customer's fields a screening reads: a change to any screens them again.
SCREENED_FIELDS = (
    "kind",
    "first_name",
    "middle_names",
    "last_name",
    "legal_name",
    "birth_date",
    "nationality",
    "other_nationality",
    "country",
)


def customer_subject(customer: Customer) -> Subject:
    if customer.is_person:
        full = " ".join(part for part in (customer.first_name, customer.middle_names, customer.last_name) if part)
        short = " ".join(part for part in (customer.first_name, customer.last_name) if part)
        names = tuple(dict.fromkeys(name for name in (full, short, customer.legal_name) if name))
        nationalities = tuple(code for code in (str(customer.nationality), str(customer.other_nationality)) if code)
        born = (customer.birth_date.isoformat(),) if customer.birth_date else ()
        return Subject(PERSON, tuple((name, False) for name in names), born, nationalities)
    country = (str(customer.country),) if customer.country else ()
    return Subject(ORGANISATION, (((customer.legal_name or str(customer)), False),), (), country)


def customer_fingerprint(customer: Customer) -> str:
    values = {name: str(getattr(customer, name) or "") for name in SCREENED_FIELDS}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def entity_subject(entity: ListedEntity) -> Subject:
    kind = PERSON if entity.kind == PERSON else ORGANISATION
    countries = entity.nationalities if kind == PERSON else entity.countries
    return Subject(
        kind,
        tuple((name, bool(weak)) for name, weak in entity.names),
        tuple(entity.birth_dates),
        tuple(countries or entity.countries),
    )
