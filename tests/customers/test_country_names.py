"""Country names read without building a ``Country`` (issue 17): the same names, the same code."""

import pytest

from customers.countries import country_code, country_name
from customers.models import Customer
from tests.customers.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["FR", "DE", "GB", "CI", "AX", ""])
def test_names_and_codes_are_django_countries_own(code):
    person = make_person("Anna", f"Country{code or 'None'}", country=code or "FR")
    Customer.objects.filter(pk=person.pk).update(country=code)
    for read in (Customer.objects.get(pk=person.pk), Customer.objects.only("id", "country").get(pk=person.pk)):
        assert country_code(read) == (read.country.code or "")
        assert country_name(country_code(read)) == (str(read.country.name) if read.country else "")
    fresh = Customer.objects.get(pk=person.pk)
    fresh.country = "IT"  # set through the descriptor: the code is what it keeps
    assert country_code(fresh) == "IT" and country_name("IT") == "Italy"
