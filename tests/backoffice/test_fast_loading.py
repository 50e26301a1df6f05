"""Customers are built from their rows without ``Model.__init__`` (issue 17): what a loaded
customer holds must be what Django's own ``from_db`` would have built, however it is read."""

import pytest
from django.db import models
from django.db.models.signals import post_init, pre_init

from backoffice.models import FastLoading
from customers.models import Customer
from customers.selectors import customer_rows
from kyc.models import Review
from tests.customers.factories import make_company, make_person


def state(instance) -> dict:
    """What an instance holds: its loaded fields (deferred ones absent) and its state."""
    held = {name: value for name, value in instance.__dict__.items() if name != "_state"}
    held["_state"] = (instance._state.adding, instance._state.db)
    return held


def django_built(instance_class, queryset):
    """The same rows built by Django's own ``Model.from_db``."""
    original = models.Model.from_db.__func__
    instance_class.from_db = classmethod(original)
    try:
        return list(queryset.all())
    finally:
        del instance_class.from_db


@pytest.mark.django_db
@pytest.mark.parametrize(
    "read",
    [
        lambda: Customer.objects.all(),
        lambda: Customer.objects.only("id", "kind", "country", "first_name"),
        lambda: Customer.objects.defer("first_name", "birth_date"),
        "list rows",
    ],
    ids=["whole rows", "only", "defer", "list rows with annotations"],
)
def test_a_customer_read_holds_what_django_would_build(read, support_agent):
    make_person("Zoë", "Dupont", country="DE")
    make_company("Acme SA")
    if read == "list rows":  # the lists' columns, deferred others, and the contacts annotated

        def read():
            return customer_rows(support_agent)

    fast = list(read())
    slow = django_built(Customer, read())
    assert [state(customer) for customer in fast] == [state(customer) for customer in slow]
    assert (
        fast[0].country.code == slow[0].country.code and fast[0].get_deferred_fields() == slow[0].get_deferred_fields()
    )


@pytest.mark.django_db
def test_a_customer_read_through_a_relation_holds_what_django_would_build():
    from tests.kyc.test_queues import a_review

    a_review(make_person("Rita", "Review"))
    fast = [review.customer for review in Review.objects.select_related("customer")]
    slow = [review.customer for review in django_built(Customer, Review.objects.select_related("customer"))]
    assert [state(customer) for customer in fast] == [state(customer) for customer in slow]


@pytest.mark.django_db
def test_a_deferred_field_still_loads_and_a_loaded_customer_saves():
    customer = make_person("Ana", "Ono")
    loaded = Customer.objects.only("id", "kind").get(pk=customer.pk)
    assert loaded.last_name == "Ono"  # read on access, as deferred fields are
    whole = Customer.objects.get(pk=customer.pk)
    whole.first_name = "Anna"
    whole.save(update_fields=["first_name"])
    assert Customer.objects.get(pk=customer.pk).first_name == "Anna"


def fast_loading_models() -> list[type]:
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, FastLoading)]


def test_these_models_load_fast():
    names = {model.__name__ for model in fast_loading_models()}
    assert names == {"Customer", "Review", "Document", "LivenessSession", "AuditEntry"}


@pytest.mark.parametrize("model", fast_loading_models(), ids=lambda model: model.__name__)
def test_nothing_listens_to_a_fast_loaded_model_being_built(model):
    """``FastLoading`` sends neither signal: should a receiver appear, it must go."""
    assert model.from_db.__func__ is FastLoading.from_db.__func__  # the comparisons compare two ways
    assert not pre_init.has_listeners(model) and not post_init.has_listeners(model)


@pytest.mark.django_db
@pytest.mark.parametrize("model", fast_loading_models(), ids=lambda model: model.__name__)
def test_every_fast_loaded_model_holds_what_django_would_build(model):
    from kyc.models import LivenessSession
    from tests.kyc.test_queues import a_review

    a_review(make_person("Rita", "Review"))  # a review, its documents and its audit entries
    LivenessSession.objects.create(customer=make_person("Lou", "Live"), reference="s1", url="http://sandbox.test/")
    fast = list(model.objects.order_by("pk"))
    assert fast, "rows to compare"
    assert [state(row) for row in fast] == [state(row) for row in django_built(model, model.objects.order_by("pk"))]
