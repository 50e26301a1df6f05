"""Every non-trivial read of customers, scoped to what the staff member may see."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Q, QuerySet, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import mark_safe

from backoffice.access import has_access
from backoffice.markup import escape
from backoffice.models import StaffUser
from backoffice.prepared import Prepared, Raw, runs_together, sendable, together, unfiltered

from .. import search
from ..choices import Kind
from ..models import (
    AccessGroup,
    AccessRole,
    Address,
    ContactEmail,
    ContactPhone,
    Customer,
    CustomerType,
    PasswordReset,
    PriceList,
    Relationship,
    Tag,
)

BROWSE = "customers.browse_customers"
CONFIDENTIAL = "backoffice.view_confidential"
SEARCH_LIMIT = 50

# What a list row reads: the lists and the omnibox show these, and nothing else is fetched.
LIST_COLUMNS = (
    "id",
    "kind",
    "public_id",
    "user_tag",
    "first_name",
    "last_name",
    "legal_name",
    "status",
    "onboarding_completed",
    "verification_status",
    "verification_level",
    "state",
    "primary_email",
    "primary_phone",
    "name_key",
    "country",
    "birth_date",
    "risk_level",
    "kyc_level",
    "kyc_review",
    "kyc_checked_at",
    "created_at",
    "version",
)


def customers_visible_to(user) -> QuerySet[Customer]:
    """Every customer, for staff who may browse them (no customer is out of scope yet)."""
    if not has_access(user, BROWSE):
        return Customer.objects.none()
    return Customer.objects.all()


def of_visible_customers(queryset: QuerySet, user, field: str = "customer") -> QuerySet:
    """``queryset``'s rows whose ``field`` customer the staff member may see. The same scope as
    ``customers_visible_to``; while it is every customer, no ``IN (SELECT …)`` over the whole
    customer table is added (45 ms a query on a million customers)."""
    if not has_access(user, BROWSE):
        return queryset.none()
    return queryset


def _others(model, column: str):
    """A customer's non-primary ``column`` values as one string, in a subquery of the row's
    query (the primary one is a column of the customer)."""
    rows = (
        model.objects.filter(customer=OuterRef("pk"), is_primary=False)
        .order_by()
        .values("customer")
        .annotate(joined=StringAgg(column, Value(", ")))
        .values("joined")
    )
    return Coalesce(Subquery(rows), Value(""), output_field=TextField())


def with_contacts(queryset: QuerySet[Customer]) -> QuerySet[Customer]:
    """Add ``other_emails`` and ``other_phones`` to each row, in the same query."""
    return queryset.annotate(other_emails=_others(ContactEmail, "email"), other_phones=_others(ContactPhone, "number"))


def contact_list(primary: str, others: str) -> list[str]:
    return [value for value in [primary, *sorted(others.split(", "))] if value]


@functools.cache
def _every_customer_row() -> QuerySet[Customer]:
    """The list rows' queryset, built once per process and never evaluated: each list clones it
    (``.all()``). Building it (the columns, the two contact subqueries) cost a list page some
    3,000 Python calls (issue 17)."""
    return with_contacts(Customer.objects.only(*LIST_COLUMNS))


def customer_rows(user, *, kinds=None) -> QuerySet[Customer]:
    """The rows of a customer list: its columns and the emails, in one query per page."""
    scope = customers_visible_to(user)
    if scope.query.is_empty():
        return scope
    # The scope is every customer or none; should it ever narrow per staff member, it must be
    # applied to these rows too (``scope.filter`` is no longer "all").
    queryset = _every_customer_row().all()
    return queryset.filter(kind__in=kinds) if kinds is not None else queryset


@dataclass(frozen=True)
class SearchResult:
    customer: Customer
    match: search.Match


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: list[tuple[str, list[SearchResult]]]
    count: int
    more: bool  # there are more than SEARCH_LIMIT matches: refine the query

    @property
    def only(self) -> Customer | None:
        if self.count == 1 and not self.more:
            return self.groups[0][1][0].customer
        return None


def find_customers(user, query: str, *, limit: int = SEARCH_LIMIT) -> SearchResults:
    """The omnibox: the newest ``limit`` customers ``query`` finds (one more says there are more),
    grouped by the field that matched (one query)."""
    from ..search_holdings import reference

    query = search.clean_query(query)
    rows = list(search.newest_matching(customer_rows(user), query, limit + 1))
    more = len(rows) > limit
    held = reference(query)
    groups: dict[str, list[SearchResult]] = {}
    for customer in rows[:limit]:
        held_as: str = customer.__dict__.get("held_as") or ""  # the query's annotation, when a holding matched
        if held is not None and held_as:
            match = search.Match(held_as, mark_safe(f"<mark>{escape(held.shown_to(user))}</mark>"))
            groups.setdefault(match.group, []).append(SearchResult(customer, match))
            continue
        emails = contact_list(customer.primary_email, customer.other_emails)
        phones = contact_list(customer.primary_phone, customer.other_phones)
        match = search.explain_match(customer, query, emails=emails, phones=phones)
        groups.setdefault(match.group, []).append(SearchResult(customer, match))
    ordered = [
        (group, sorted(groups[group], key=lambda r: r.customer.display_name.lower()))
        for group in search.GROUP_ORDER
        if group in groups
    ]
    return SearchResults(query=query, groups=ordered, count=min(len(rows), limit), more=more)


def customer_of_filter(user, value: str) -> Customer | None:
    """The customer a list is filtered to by ``?customer=<id>`` (the lists a profile's counters
    open), if one the viewer may see; None for anything else (text, "²", a 30-digit number)."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    return customers_visible_to(user).filter(pk=int(value)).first()


def customer_by_reference(user, reference: str, *, persons_only: bool = False) -> Customer | None:
    """A customer named by id (``123`` or ``#123``) or public id, for a field that links to one
    (a company's representative is a person)."""
    reference = reference.strip().lstrip("#").lower()
    if not reference:
        return None
    queryset = customers_visible_to(user)
    if persons_only:
        queryset = queryset.filter(kind=Kind.PERSON)
    if reference.isascii() and reference.isdigit() and len(reference) <= 18:
        return queryset.filter(pk=int(reference)).first()
    return queryset.filter(public_id=reference).first()


# The profile's reads are prepared (``backoffice.prepared``): the SQL of each is compiled by the
# ORM once per process and run again with the customer's id, about a thousand Python calls a
# query less on every profile (issue 17).
_HEADER_RELATIONS = ("person_type", "company_type", "price_list", "created_by")
_PROFILE_CUSTOMER = Prepared(lambda pk: Customer.objects.select_related(*_HEADER_RELATIONS).filter(pk=pk))
# The customer alone: a join of five tables costs PostgreSQL more to plan (0.4 ms) than to run;
# the profile reads the related rows it shows with its tab's other reads (``profile_summary``).
_CUSTOMER_ALONE = Prepared(lambda pk: Customer.objects.filter(pk=pk))


def _of_customer(relation: str):
    """The id a customer's ``relation`` holds, as a subquery (read with the customer's own row)."""
    return lambda pk: Subquery(Customer.objects.filter(pk=pk).values(f"{relation}_id")[:1])


_RELATED_ROWS = {
    "person_type": Prepared(lambda pk: CustomerType.objects.filter(pk=_of_customer("person_type")(pk))),
    "company_type": Prepared(lambda pk: CustomerType.objects.filter(pk=_of_customer("company_type")(pk))),
    "price_list": Prepared(lambda pk: PriceList.objects.filter(pk=_of_customer("price_list")(pk))),
    "created_by": Prepared(
        lambda pk: (
            StaffUser.objects.filter(pk=_of_customer("created_by")(pk))
            .order_by()
            .only("id", "username", "first_name", "last_name")
        )
    ),
}
_EMAILS = Prepared(lambda customer: ContactEmail.objects.filter(customer_id=customer))
_PHONES = Prepared(lambda customer: ContactPhone.objects.filter(customer_id=customer))
_ADDRESSES = Prepared(lambda customer: Address.objects.filter(customer_id=customer))


def customer_for_profile(user, pk: int, *, related: bool = True) -> Customer:
    """One customer (404 when out of scope), with its type, price list and creator unless
    ``related`` is false (read when shown, as ``profile_summary`` does)."""
    scope = customers_visible_to(user)
    if not unfiltered(scope):
        return get_object_or_404(scope.select_related(*_HEADER_RELATIONS) if related else scope, pk=pk)
    customer = (_PROFILE_CUSTOMER if related else _CUSTOMER_ALONE).first(pk)
    if customer is None:
        raise Http404("No customer matches the given query.")
    return customer


def profile_reads(user, pk: int, counters, *, summary: bool) -> tuple[Customer, dict[str, int]]:
    """``customer_for_profile(..., related=False)``, the toolbar's ``counters`` of it and, with
    ``summary``, every read of its Profile tab (``profile_summary``), in one round trip where the
    database takes several statements (``together``): a profile page's data in one."""
    from .holdings import counts_by_key, toolbar_counts, toolbar_statement

    # An id beyond 64 bits (``<int:pk>`` takes any digits) is no customer: the customer is read
    # first (a 404), never the toolbar's statement with it (SQLite raises OverflowError).
    if not unfiltered(customers_visible_to(user)) or not sendable(pk):
        customer = customer_for_profile(user, pk, related=False)
        return customer, toolbar_counts(customer, counters, user)
    toolbar = [Raw(*toolbar_statement(pk, counters, user))] if counters else []
    # Read with the customer only where the reads go in one round trip (PostgreSQL): elsewhere the
    # tab reads them after, the related rows only when the customer has them.
    summarised = _summary_reads(pk) if summary and runs_together() else []
    rows, *read = together(_CUSTOMER_ALONE.bound(pk), *toolbar, *summarised)
    if not rows:
        raise Http404("No customer matches the given query.")
    customer = rows[0]
    if summarised:
        customer.summary_read = read[len(toolbar) :]  # what profile_summary would read: read already
    return customer, counts_by_key(counters, read[0][0]) if toolbar else {}


def contacts_of(customer: Customer) -> tuple[list[str], list[str]]:
    """A customer's emails and phone numbers, the primary one first."""
    emails = list(customer.emails.order_by("-is_primary", "email").values_list("email", flat=True))
    phones = [str(n) for n in customer.phones.order_by("-is_primary", "number").values_list("number", flat=True)]
    return emails, phones


def addresses_of(customer: Customer) -> dict[str, Address]:
    """The customer's addresses by kind (legal, shipping, secondary)."""
    return {address.kind: address for address in _ADDRESSES.all(customer.pk)}


# What a line naming a customer reads of them (``display_name``): a whole customer row is some
# fifty columns made a model, most of a profile's or a queue's Python (issue 17).
NAME_FIELDS = ("kind", "first_name", "last_name", "legal_name", "public_id")


def named(relation: str, *also: str) -> tuple[str, ...]:
    """``only()`` arguments for the customer behind ``relation``: its name and ``also``."""
    return tuple(f"{relation}__{name}" for name in (*NAME_FIELDS, *also))


def _both_ways(customer: int) -> QuerySet[Relationship]:
    """A customer's relationships either way, with the name of the customer at each end."""
    return (
        Relationship.objects.filter(Q(customer_id=customer) | Q(related_id=customer))
        .select_related("customer", "related")
        .only("customer", "related", "kind", "ownership_percent", "position", *named("customer"), *named("related"))
        .order_by("kind", "id")
    )


_RELATIONSHIPS = Prepared(_both_ways)


def _dictionary_names_query(customer: int) -> QuerySet:
    parts = [
        model.objects.filter(customers=customer).order_by().annotate(kind=Value(key)).values_list("kind", "name")
        for key, model in (("tags", Tag), ("access_roles", AccessRole), ("access_groups", AccessGroup))
    ]
    return parts[0].union(*parts[1:], all=True).order_by("kind", "name")


_DICTIONARY_NAMES = Prepared(_dictionary_names_query)


def _named_by_kind(rows) -> dict[str, list[str]]:
    """The names of the customer's tags, access roles and access groups (one query: they were
    three), each list by name."""
    names: dict[str, list[str]] = {"tags": [], "access_roles": [], "access_groups": []}
    for key, name in rows:
        names[key].append(name)
    return names


def _summary_reads(pk: int, related: tuple[str, ...] = _HEADER_RELATIONS) -> list:
    """The Profile tab's reads of customer ``pk``, to run together (``profile_summary``), with the
    ``related`` rows it shows."""
    from .holdings import BALANCES, CARDS_IN_USE

    return [
        _EMAILS.bound(pk),
        _PHONES.bound(pk),
        _ADDRESSES.bound(pk),
        _DICTIONARY_NAMES.bound(pk),
        _RELATIONSHIPS.bound(pk),
        _RECENT_RESETS.bound(pk, limit=settings.CUSTOMER_PASSWORD_RESETS_PER_HOUR),
        BALANCES.bound(pk),
        CARDS_IN_USE.bound(pk),
        *(_RELATED_ROWS[name].bound(pk) for name in related),
    ]


def profile_summary(customer: Customer) -> tuple[dict, list[PasswordReset], dict]:
    """The Profile tab's reads (its details, the newest reset emails, the financial summary, the
    type, price list and creator), in one round trip where the database takes several statements
    at once (``together``), unless ``profile_reads`` read them with the customer already."""
    from .holdings import financial_summary_of

    pk = customer.pk
    read = customer.__dict__.pop("summary_read", None)
    wanted: tuple[str, ...] = _HEADER_RELATIONS
    if read is None:  # only the related rows the customer has and were not read with it
        cached = customer._state.fields_cache
        wanted = tuple(name for name in _HEADER_RELATIONS if getattr(customer, f"{name}_id") and name not in cached)
        read = together(*_summary_reads(pk, wanted))
    emails, phones, addresses, names, links, resets, balances, cards, *related = read
    for name, rows in zip(wanted, related, strict=True):
        setattr(customer, name, rows[0] if rows else None)
    details = {
        "emails": emails,
        "phones": phones,
        "addresses": {address.kind: address for address in addresses},
        **_named_by_kind(names),
        "relationships": [link for link in links if link.customer_id == pk],
        "related_to": [link for link in links if link.related_id == pk],
    }
    return details, resets, financial_summary_of(balances, cards)


PASSWORD_RESET_WINDOW = timedelta(hours=1)
_RECENT_RESETS = Prepared(
    lambda customer, *, limit: PasswordReset.objects.filter(customer_id=customer).select_related("requested_by")[:limit]
)


def recent_password_resets(customer: Customer) -> list[PasswordReset]:
    """The customer's newest reset emails, as many as the hourly limit: the newest is what the
    profile shows, and all of them tell when the next one may go."""
    return _RECENT_RESETS.all(customer.pk, limit=settings.CUSTOMER_PASSWORD_RESETS_PER_HOUR)


def password_reset_allowed_at(recent: list[PasswordReset], now=None):
    """When the hourly limit lets the next reset email go; None when it may go now."""
    limit = settings.CUSTOMER_PASSWORD_RESETS_PER_HOUR
    if len(recent) < limit:
        return None
    allowed_at = recent[limit - 1].created_at + PASSWORD_RESET_WINDOW
    return allowed_at if allowed_at > (now or timezone.now()) else None


DICTIONARY_CHOICES_SECONDS = 300


def dictionary_choices_key(model) -> str:
    return f"customers:choices:{model._meta.model_name}"


def dictionary_choices(model) -> list[tuple[str, str]]:
    """``(id, name)`` of a dictionary's entries in use, for a filter's choices. Cached, so a
    list page reads no dictionary table; ``services.save_dictionary_entry`` clears it."""
    # What the cache holds is what the lambda made: the type system cannot follow it there.
    return cast(
        list[tuple[str, str]],
        cache.get_or_set(
            dictionary_choices_key(model),
            lambda: [(str(pk), name) for pk, name in model.objects.filter(is_active=True).values_list("pk", "name")],
            DICTIONARY_CHOICES_SECONDS,
        ),
    )


def sees_confidential(user) -> bool:
    return has_access(user, CONFIDENTIAL)


def verified_contacts(customer: Customer) -> tuple[bool, bool]:
    """Whether the primary email and the primary phone are verified."""
    email = ContactEmail.objects.filter(customer=customer, is_primary=True, verified_at__isnull=False).exists()
    phone = ContactPhone.objects.filter(customer=customer, is_primary=True, verified_at__isnull=False).exists()
    return email, phone


VERIFICATION_LEVEL_NAMES = "verification-level-names"  # deleted when an entry is saved (services)


def verification_level_names() -> dict[int, str]:
    """Level → the administrators' name (VerificationLevelName in use), cached for a minute."""
    from ..models import VerificationLevelName

    names = cache.get("verification-level-names")
    if names is None:
        names = dict(VerificationLevelName.objects.filter(is_active=True).values_list("level", "name"))
        cache.set(VERIFICATION_LEVEL_NAMES, names, 60)
    return names
