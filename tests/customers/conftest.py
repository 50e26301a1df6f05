"""Fixtures of the customers tests: signed-in clients per role, a person with an account."""

import pytest
from django.test import Client

from tests.conftest import sign_in
from tests.customers.factories import make_person
from tests.customers.holdings import (
    make_account,
)


@pytest.fixture
def agent(signed_in, support_agent):
    return signed_in(support_agent)


@pytest.fixture
def officer(compliance_officer):
    """A browser of its own, so that a test can have an officer beside the agent."""
    return sign_in(Client(), compliance_officer)


@pytest.fixture
def admin(administrator):
    return sign_in(Client(), administrator)


@pytest.fixture
def person():
    return make_person("Zoë", "Dupont")


@pytest.fixture
def account(person):
    return make_account(person)
