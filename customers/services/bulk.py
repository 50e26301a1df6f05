"""One customer's part of the lists' bulk actions (``customers.bulk_actions``): adding or removing
one tag through ``update_tags``, so each customer gets its own audit entry and its refusals (a
deactivated customer holds nothing new)."""

from __future__ import annotations

from django.db import transaction

from backoffice import audit
from backoffice.errors import DomainError

from ..models import Customer, Tag
from .common import locked
from .profile import update_tags


def _tag(pk: int) -> Tag:
    tag = Tag.objects.filter(pk=pk).first()
    if tag is None or not tag.is_active:
        raise DomainError("This tag is no longer in use.", field="tag")
    return tag


@transaction.atomic
def add_tag(*, actor: audit.Actor, customer: Customer, tag: int) -> Customer:
    """Add the tag ``tag`` (its id) to the customer's; refused when they have it already."""
    chosen = _tag(tag)
    customer = locked(customer, doing="editing the tags")
    tags = list(customer.tags.all())
    if any(held.pk == chosen.pk for held in tags):
        raise DomainError(f"Has the tag “{chosen}” already.", field="tag")
    return update_tags(actor=actor, customer=customer, tags=[*tags, chosen])


@transaction.atomic
def remove_tag(*, actor: audit.Actor, customer: Customer, tag: int) -> Customer:
    """Remove the tag ``tag`` (its id) from the customer's; refused when they do not have it."""
    chosen = Tag.objects.filter(pk=tag).first()
    if chosen is None:
        raise DomainError("This tag does not exist.", field="tag")
    customer = locked(customer, doing="editing the tags")
    tags = list(customer.tags.all())
    if not any(held.pk == chosen.pk for held in tags):
        raise DomainError(f"Does not have the tag “{chosen}”.", field="tag")
    return update_tags(actor=actor, customer=customer, tags=[held for held in tags if held.pk != chosen.pk])
