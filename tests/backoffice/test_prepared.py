"""Prepared queries (issue 17): compiled once, they return what the queryset itself returns, in
one query, and refuse a builder they could not serve faithfully."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.prepared import Prepared, PreparingError, unfiltered
from customers.choices import Kind
from customers.models import Account, Customer, PasswordReset, Relationship, Tag
from customers.selectors import customers_visible_to
from tests.customers.factories import link, make_company, make_person
from tests.customers.holdings import make_account

pytestmark = pytest.mark.django_db


def held(instance) -> dict:
    """What a model instance holds, with its select_related objects' in turn."""
    values = {name: value for name, value in instance.__dict__.items() if name != "_state"}
    values["_state"] = (instance._state.adding, instance._state.db)
    cached = instance._state.fields_cache
    values["related"] = {name: held(other) if other is not None else None for name, other in cached.items()}
    return values


def same_as_the_queryset(build, *ids, **variant):
    """The prepared rows and the queryset's own rows, each read in one query."""
    prepared = Prepared(build)
    prepared.all(*ids, **variant)  # compiled
    with CaptureQueriesContext(connection) as queries:
        rows = prepared.all(*ids, **variant)
    assert len(queries) == 1
    expected = list(build(*ids, **variant))
    if rows and hasattr(rows[0], "_state"):
        assert [held(row) for row in rows] == [held(row) for row in expected]
    else:
        assert rows == expected
    return rows


def test_models_with_their_related_objects_and_a_missing_one():
    company = make_company("Prepared SA")
    anna, ben = make_person("Anna", "Prepared"), make_person("Ben", "Prepared")
    link(company, anna)
    link(company, ben, percent="12.5")
    rows = same_as_the_queryset(
        lambda customer: (
            Relationship.objects.filter(customer_id=customer)
            .select_related("related")
            .only("customer", "related", "kind", "ownership_percent", "related__first_name", "related__last_name")
            .order_by("id")
        ),
        company.pk,
    )
    assert [str(row.related) for row in rows][-2:] == ["Anna Prepared", "Ben Prepared"]
    assert rows[-1].ownership_percent == Decimal("12.5")
    # A nullable relation with no row behind it is None, as the ORM makes it.
    whole = same_as_the_queryset(
        lambda pk: Customer.objects.select_related("created_by", "price_list").filter(pk=pk), anna.pk
    )
    assert whole[0].price_list is None


def test_values_tuples_flat_named_and_a_union():
    anna = make_person("Anna", "Shapes")
    tag = Tag.objects.create(name="vip")
    anna.tags.add(tag)
    same_as_the_queryset(lambda pk: Customer.objects.filter(pk=pk).values("first_name", "created_at"), anna.pk)
    same_as_the_queryset(lambda pk: Customer.objects.filter(pk=pk).values_list("last_name", "birth_date"), anna.pk)
    same_as_the_queryset(lambda pk: Customer.objects.filter(pk=pk).values_list("kind", flat=True), anna.pk)
    rows = same_as_the_queryset(
        lambda pk: Customer.objects.filter(pk=pk).values_list("first_name", named=True), anna.pk
    )
    assert rows[0].first_name == "Anna"
    rows = same_as_the_queryset(
        lambda pk: (
            Tag.objects.filter(customers=pk)
            .order_by()
            .annotate(kind=Value("tags"))
            .values_list("kind", "name")
            .union(
                Tag.objects.filter(customers=pk).order_by().annotate(kind=Value("again")).values_list("kind", "name"),
                all=True,
            )
            .order_by("kind")
        ),
        anna.pk,
    )
    assert rows == [("again", "vip"), ("tags", "vip")]


def test_aggregates_are_converted_as_the_orm_converts_them():
    anna = make_person("Anna", "Money")
    make_account(anna, balance="10.25")
    make_account(anna, balance="5.50", primary=False)
    rows = same_as_the_queryset(
        lambda customer: (
            Account.objects.filter(customer_id=customer)
            .values("currency")
            .annotate(balance=Sum("balance"), accounts=Count("id"))
            .order_by("currency")
        ),
        anna.pk,
    )
    assert rows == [{"currency": "EUR", "balance": Decimal("15.75"), "accounts": 2}]


def test_as_many_ids_as_given_and_a_variant_each_compiled_apart():
    people = [make_person("Many", f"Ids{letter}") for letter in "ABC"]
    by_pks = Prepared(
        lambda *pks: Customer.objects.filter(pk__in=pks).order_by("pk").values_list("last_name", flat=True)
    )
    assert by_pks.all(people[0].pk) == ["IdsA"]
    assert by_pks.all(*(person.pk for person in people)) == ["IdsA", "IdsB", "IdsC"]
    newest = Prepared(
        lambda *pks, limit: Customer.objects.filter(pk__in=pks).order_by("-pk")[:limit].values_list("pk", flat=True)
    )
    pks = [person.pk for person in people]
    assert newest.all(*pks, limit=1) == [max(pks)]
    assert newest.all(*pks, limit=2) == sorted(pks, reverse=True)[:2]
    assert newest.first(*pks, limit=2) == max(pks)


def test_no_row_and_an_unknown_id():
    by_pk = Prepared(lambda pk: Customer.objects.filter(pk=pk))
    assert by_pk.all(987_654) == []
    assert by_pk.first(987_654) is None
    with pytest.raises(TypeError):
        by_pk.all(1, 2)


def test_a_builder_that_reads_the_clock_is_refused():
    def since_a_minute(customer):
        return PasswordReset.objects.filter(customer_id=customer, created_at__gte=timezone.now() - timedelta(minutes=1))

    with pytest.raises(PreparingError, match="depends on something besides its arguments"):
        Prepared(since_a_minute).all(1)


def test_an_id_that_never_reaches_the_sql_is_refused():
    with pytest.raises(PreparingError, match="does not reach the SQL"):
        Prepared(lambda pk: Customer.objects.filter(pk=1)).all(5)


def test_prefetching_is_refused():
    with pytest.raises(PreparingError, match="cannot prefetch"):
        Prepared(lambda pk: Customer.objects.filter(pk=pk).prefetch_related("tags")).all(1)


def test_unfiltered_tells_the_whole_table_from_a_scope():
    assert unfiltered(Customer.objects.all())
    assert not unfiltered(Customer.objects.none())
    assert not unfiltered(Customer.objects.filter(kind=Kind.PERSON))
    assert not unfiltered(Customer.objects.all()[:5])


def test_the_profile_scope_still_decides(monkeypatch, support_agent):
    """While ``customers_visible_to`` is the whole table the prepared read serves the profile; a
    narrower scope is served by the ORM, and refuses what it leaves out."""
    from django.http import Http404

    from customers import selectors

    anna, ben = make_person("Anna", "Scope"), make_person("Ben", "Scope")
    agent = support_agent
    assert selectors.customer_for_profile(agent, anna.pk) == anna
    monkeypatch.setattr(selectors, "customers_visible_to", lambda user: customers_visible_to(user).exclude(pk=anna.pk))
    assert selectors.customer_for_profile(agent, ben.pk) == ben
    with pytest.raises(Http404):
        selectors.customer_for_profile(agent, anna.pk)


def test_queries_run_together_return_what_each_returns_alone():
    from backoffice.prepared import together

    anna = make_person("Anna", "Together")
    ben = make_person("Ben", "Together")
    tag = Tag.objects.create(name="joint")
    anna.tags.add(tag)
    names = Prepared(lambda pk: Customer.objects.filter(pk=pk).values_list("first_name", flat=True))
    tags = Prepared(lambda pk: Tag.objects.filter(customers=pk).values_list("name", flat=True))
    rows = Prepared(lambda pk: Customer.objects.filter(pk=pk))
    alone = [names.all(anna.pk), tags.all(anna.pk), names.all(ben.pk), [held(row) for row in rows.all(ben.pk)]]
    with CaptureQueriesContext(connection) as queries:
        joint = together(names.bound(anna.pk), tags.bound(anna.pk), names.bound(ben.pk), rows.bound(ben.pk))
    joint[3] = [held(row) for row in joint[3]]
    assert joint == alone == [["Anna"], ["joint"], ["Ben"], alone[3]]
    assert len(queries) == (1 if connection.vendor == "postgresql" else 4)
    # An id no column can hold goes to the ORM, as it would alone.
    assert together(names.bound(2**70), tags.bound(anna.pk)) == [[], ["joint"]]
