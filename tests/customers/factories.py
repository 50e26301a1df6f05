"""Customers made the way the panel makes them: through the services, so their contacts,
search columns and audit entries are real."""

from datetime import date
from decimal import Decimal
from itertools import count

from django.db import transaction

from backoffice import audit
from customers import services
from customers.choices import Kind, RelationshipKind
from customers.services import AddressData, Addresses, Contacts

ROBOT = audit.SystemActor("tests")
_numbers = count(1)


def make_person(
    first_name="Zoë",
    last_name="Dupont",
    *,
    email=None,
    phone=None,
    country="FR",
    actor=ROBOT,
    other_emails=(),
    **identity,
):
    number = next(_numbers)
    with transaction.atomic():
        return services.create_person(
            actor=actor,
            identity={
                "first_name": first_name,
                "last_name": last_name,
                "birth_date": identity.pop("birth_date", date(1985, 4, 12)),
                "nationality": country,
                **identity,
            },
            contacts=Contacts(
                emails=[email or f"person{number}@example.test", *other_emails],
                phones=[phone or f"+3361234{number:04d}"],
            ),
            addresses=Addresses(
                legal=AddressData(line1=f"{number} rue de la Paix", postcode="75002", city="Paris", country=country)
            ),
        )


def make_company(legal_name="Zéphyr Conseil SAS", *, representative=None, kind=Kind.BUSINESS, actor=ROBOT, **identity):
    number = next(_numbers)
    representative = representative or make_person("Marc", "Lefèvre")
    with transaction.atomic():
        return services.create_company(
            actor=actor,
            kind=kind,
            identity={"legal_name": legal_name, "registration_number": f"{number:09d}", **identity},
            contacts=Contacts(emails=[f"contact{number}@company.test"], phones=[f"+3314000{number:04d}"]),
            addresses=Addresses(
                legal=AddressData(line1="1 place Vendôme", postcode="75001", city="Paris", country="FR")
            ),
            representative=representative,
            representative_kind=RelationshipKind.LEGAL_REPRESENTATIVE,
        )


def link(company, person, kind=RelationshipKind.SHAREHOLDER, percent="30"):
    with transaction.atomic():
        return services.add_relationship(
            actor=ROBOT,
            customer=company,
            related=person,
            kind=kind,
            ownership_percent=Decimal(percent) if kind == RelationshipKind.SHAREHOLDER else None,
        )
