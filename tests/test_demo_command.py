"""``manage.py demo --customers N``: a smaller demo with a bit of everything, in proportion (the
browser tests use one; the full demo of 300 is the default)."""

import io

import pytest
from django.core.management import CommandError, call_command

from customers.choices import Kind
from customers.models import Account, Customer, Relationship
from kyc.choices import DocumentStatus, ReviewStatus
from kyc.models import Document, Review


def demo(**options) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_a_demo_of_twenty_customers_has_reviews_groups_and_freezes_in_proportion(debug):
    demo(customers=20)

    assert Customer.objects.count() == 20
    # 25, 20 and 30 of each in the full demo of 300
    assert Review.objects.filter(status=ReviewStatus.PENDING).count() == 2
    assert Review.objects.filter(status=ReviewStatus.VALIDATED).count() == 2
    waiting = Document.objects.filter(status=DocumentStatus.PENDING).values("customer").distinct()
    assert waiting.count() == 1
    assert Relationship.objects.filter(customer__kind=Kind.BUSINESS).count() == 4  # one company, its four people
    assert Customer.objects.filter(is_frozen=True).count() == 3
    assert Customer.objects.filter(is_legal_frozen=True).count() == 1
    second = Customer.objects.order_by("pk")[1]  # customer #2 on a new database
    assert Account.objects.get(name="Statement test account").customer == second
    assert second.display_name == "Isabel Pereira"

    demo(customers=50)  # the demo exists: nothing added
    assert Customer.objects.count() == 20


def test_the_demo_refuses_fewer_than_one_customer(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--customers must be at least 1"):
        demo(customers=0)


def test_the_demo_help_says_what_customers_does():
    from backoffice.management.commands.demo import Command

    text = " ".join(Command().create_parser("manage.py", "demo").format_help().split())
    assert "--customers CUSTOMERS How many customers a new demo has (default 300)" in text
