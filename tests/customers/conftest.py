"""Fixtures of the customers tests: signed-in clients per role, a person with an account."""

import pytest
from django.test import Client

from customers.choices import KycLevel, KycReview
from customers.models import Customer
from tests.conftest import sign_in
from tests.customers.factories import make_person
from tests.customers.holdings import (
    make_account,
)


@pytest.fixture
def admin(administrator):
    return sign_in(Client(), administrator)


@pytest.fixture
def person():
    """KYC-validated (level Regular), so that cards may be issued and used (seed 002)."""
    person = make_person("Zoë", "Dupont")
    Customer.objects.filter(pk=person.pk).update(kyc_level=KycLevel.REGULAR, kyc_review=KycReview.VALIDATED)
    person.refresh_from_db()
    return person


@pytest.fixture
def account(person):
    return make_account(person)
