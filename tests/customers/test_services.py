"""The customers' services: what they save, what they refuse, what they write to the audit log."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from backoffice.errors import ConcurrentEditError, DomainError
from backoffice.models import AuditEntry
from customers import services
from customers.choices import AggregatedStatus, Kind, RelationshipKind, State, VerificationStatus
from customers.models import Customer, CustomerDeletionRefused, CustomerType, PriceList, aggregated_status_filter
from customers.services import AddressData, Addresses, Contacts
from tests.conftest import require_service
from tests.customers.factories import ROBOT, link, make_company, make_person

pytestmark = pytest.mark.django_db


def test_creating_a_person_generates_a_public_id_keeps_the_search_columns_and_audits():
    person = make_person("Zoë", "Ødegård-Łukasz", email="Zoe@Example.test", phone="+33612345678")
    person.refresh_from_db()
    assert len(person.public_id) == 8
    assert person.primary_email == "Zoe@Example.test"
    assert person.primary_phone == "+33612345678"
    assert person.country == "FR"
    assert person.name_key == "odegard-lukasz\tzoe"
    assert "zoe@example.test" in person.search_document
    assert "33612345678" in person.search_document
    entry = AuditEntry.objects.get(action="customers.person.created")
    assert entry.customer_id == person.pk
    assert entry.changes["first_name"] == [None, "Zoë"]
    assert entry.changes["primary_email"] == [None, "Zoe@Example.test"]
    assert "birth_date" in entry.confidential_fields


def test_a_public_id_and_a_primary_email_are_unique():
    make_person(email="taken@example.test", public_id="zoe.d")
    with pytest.raises(DomainError) as error:
        make_person(email="TAKEN@example.test")
    assert error.value.field == "primary_email"
    with pytest.raises(DomainError) as error:
        make_person(public_id="zoe.d")
    assert error.value.field == "public_id"


def test_the_database_refuses_two_primary_emails_the_same(db):
    first, second = make_person(), make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.emails.filter(is_primary=True).update(email=first.primary_email.upper())


def test_a_person_needs_an_email_and_a_phone():
    with pytest.raises(DomainError) as error, transaction.atomic():
        services.create_person(actor=ROBOT, identity={"first_name": "Al"}, contacts=Contacts(), addresses=Addresses())
    assert error.value.field == "primary_email"
    assert not Customer.objects.exists()


def test_a_company_is_created_with_its_legal_representative():
    representative = make_person("Marc", "Lefèvre")
    company = make_company("Zéphyr Conseil", representative=representative, kind=Kind.NGO)
    link_ = company.relationships.get()
    assert link_.related == representative and link_.kind == RelationshipKind.LEGAL_REPRESENTATIVE
    assert company.is_company and company.display_name == "Zéphyr Conseil"
    assert AuditEntry.objects.filter(action="customers.relationship.added", customer_id=company.pk).exists()


def test_editing_identity_records_before_and_after_and_refuses_a_stale_version():
    person = make_person("Anna", "Martin")
    with transaction.atomic():
        services.update_identity(actor=ROBOT, customer=person, version=person.version, first_name="Annie")
    person.refresh_from_db()
    assert person.first_name == "Annie" and person.name_key == "martin\tannie"
    entry = AuditEntry.objects.filter(action="customers.identity.updated").get()
    assert entry.changes == {"first_name": ["Anna", "Annie"]}
    with pytest.raises(ConcurrentEditError), transaction.atomic():
        services.update_identity(actor=ROBOT, customer=person, version=person.version - 1, first_name="Ann")
    person.refresh_from_db()
    assert person.first_name == "Annie"


def test_saving_unchanged_identity_writes_nothing():
    person = make_person("Anna", "Martin")
    with transaction.atomic():
        services.update_identity(actor=ROBOT, customer=person, version=0, first_name="Anna")
    assert not AuditEntry.objects.filter(action="customers.identity.updated").exists()


def test_contacts_replace_emails_and_phones_and_log_the_primary_change():
    person = make_person(email="old@example.test", phone="+33612345678")
    with transaction.atomic():
        services.update_contacts(
            actor=ROBOT,
            customer=person,
            version=person.version,
            contacts=Contacts(emails=["new@example.test", "old@example.test"], phones=["+4915112345678"]),
        )
    person.refresh_from_db()
    assert person.primary_email == "new@example.test"
    assert list(person.emails.values_list("email", "is_primary")) == [
        ("new@example.test", True),
        ("old@example.test", False),
    ]
    assert person.primary_phone == "+4915112345678"
    assert "4915112345678" in person.search_document and "33612345678" not in person.search_document
    changes = AuditEntry.objects.get(action="customers.contacts.updated").changes
    assert changes["primary_email"] == ["old@example.test", "new@example.test"]
    assert changes["primary_phone"] == ["+33612345678", "+4915112345678"]


def test_addresses_keep_same_as_legal_and_the_country_column():
    person = make_person(country="FR")
    with transaction.atomic():
        services.update_addresses(
            actor=ROBOT,
            customer=person,
            version=person.version,
            addresses=Addresses(
                legal=AddressData(line1="Calle Mayor 1", postcode="28013", city="Madrid", country="ES"),
                shipping=AddressData(same_as_legal=True),
            ),
        )
    person.refresh_from_db()
    assert person.country == "ES"
    assert str(person.addresses.get(kind="shipping")) == "Same as the legal address"


def test_a_price_list_must_be_of_the_customers_type():
    retail = CustomerType.objects.create(name="Retail", applies_to="person")
    sme = CustomerType.objects.create(name="SME", applies_to="company")
    sme_prices = PriceList.objects.create(name="SME", customer_type=sme)
    person = make_person()
    with pytest.raises(DomainError) as error, transaction.atomic():
        services.update_settings(
            actor=ROBOT, customer=person, version=None, customer_type=retail, price_list=sme_prices
        )
    assert error.value.field == "price_list"
    with pytest.raises(DomainError) as error, transaction.atomic():
        services.update_settings(actor=ROBOT, customer=person, version=None, customer_type=sme, price_list=None)
    assert error.value.field == "customer_type"


def test_ownership_cannot_exceed_100_percent_and_only_owners_have_a_share():
    company = make_company()
    link(company, make_person("Ana", "Uno"), percent="70")
    with pytest.raises(DomainError, match="more than 100"):
        link(company, make_person("Bea", "Dos"), percent="40")
    with pytest.raises(DomainError, match="Only a shareholder"), transaction.atomic():
        services.add_relationship(
            actor=ROBOT,
            customer=company,
            related=make_person("Cid", "Tres"),
            kind=RelationshipKind.DIRECTOR,
            ownership_percent=Decimal(5),
        )


def test_company_links_need_a_company_and_representatives_are_persons():
    person, other = make_person(), make_person("Bob", "Ross")
    with pytest.raises(DomainError, match="Only a company"), transaction.atomic():
        services.add_relationship(actor=ROBOT, customer=person, related=other, kind=RelationshipKind.DIRECTOR)
    company, holding = make_company(), make_company("Holding SA")
    with pytest.raises(DomainError, match="is a person"), transaction.atomic():
        services.add_relationship(
            actor=ROBOT, customer=company, related=holding, kind=RelationshipKind.LEGAL_REPRESENTATIVE
        )


def test_nesting_stops_at_two_levels():
    top, middle, bottom = make_company("Top"), make_company("Middle"), make_company("Bottom")
    link(top, middle, percent="50")
    with pytest.raises(DomainError, match="two levels"):
        link(middle, bottom, percent="50")


def test_customers_are_never_deleted_by_the_application():
    person = make_person()
    with pytest.raises(CustomerDeletionRefused):
        person.delete()
    with pytest.raises(CustomerDeletionRefused):
        Customer.objects.all().delete()


def test_on_postgresql_the_database_refuses_to_delete_a_customer():
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    person = make_person()
    with pytest.raises(Exception, match="never deleted"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM customers_customer WHERE id = %s", [person.pk])
    assert Customer.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("state", "verification", "expected"),
    [
        (State.BLOCKED, VerificationStatus.IDENTIFIED, AggregatedStatus.BLOCKED),
        (State.SUSPENDED, VerificationStatus.IDENTIFIED, AggregatedStatus.SUSPENDED),
        (State.ACTIVE, VerificationStatus.IDENTIFIED, AggregatedStatus.ACTIVE),
        (State.ACTIVE, VerificationStatus.PHONE_VERIFIED, AggregatedStatus.PENDING),
        (State.ACTIVE, VerificationStatus.NOT_VERIFIED, AggregatedStatus.PENDING),
    ],
)
def test_the_aggregated_status_follows_seed_001_and_its_filter_agrees(state, verification, expected):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(state=state, verification_status=verification)
    person.refresh_from_db()
    assert person.aggregated_status == expected
    assert Customer.objects.filter(aggregated_status_filter(expected), pk=person.pk).exists()
