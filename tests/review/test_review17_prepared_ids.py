"""Review of issue 17: a prepared query given an id the SQL cannot take as it is.

``/customers/<int:pk>/`` takes any digits. The ORM answers an id beyond the column's 64 bits with
no row (a 404); the prepared profile read handed it to the database as it was, and SQLite (the
settings' default database) raised OverflowError: a 500 for a typed URL. An id that is not an
integer at all went to the database too, where the ORM refuses it in Python first."""

import pytest
from django.urls import reverse

from backoffice.prepared import Prepared
from customers.models import Customer

pytestmark = pytest.mark.django_db

BEYOND = [2**63, 10**20, -(2**63) - 1]


@pytest.mark.parametrize("pk", BEYOND)
def test_an_id_beyond_64_bits_finds_no_row_as_the_orm_finds_none(pk):
    by_pk = Prepared(lambda pk: Customer.objects.filter(pk=pk))
    assert by_pk.all(pk) == list(Customer.objects.filter(pk=pk)) == []
    assert by_pk.first(pk) is None


def test_an_id_that_is_no_integer_is_refused_as_the_orm_refuses_it():
    by_pk = Prepared(lambda pk: Customer.objects.filter(pk=pk))
    with pytest.raises(ValueError):
        by_pk.all("not-a-number")


@pytest.mark.parametrize("pk", [2**63, 10**20])
def test_a_profile_url_beyond_64_bits_is_not_found(agent, pk):
    assert agent.get(reverse("customer-profile", args=[pk])).status_code == 404
    assert agent.get(reverse("customer-tab", args=[pk, "accounts"])).status_code == 404
