"""What the command service tests share: refusals that change nothing, the one audit entry."""

import pytest

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers.choices import (
    Status,
)
from customers.models import Account, Beneficiary, Card, Customer, Note, ScaDevice


def row(instance) -> dict:
    """The instance's row as the database holds it now."""
    return type(instance).objects.filter(pk=instance.pk).values().get()


def only_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def refused(service, *, unchanged=(), **kwargs) -> DomainError:
    """Call ``service``, expect a ``DomainError``; the rows of ``unchanged``, the number of cards,
    beneficiaries, notes and audit entries must be what they were."""
    rows = [row(instance) for instance in unchanged]
    counts = [model.objects.count() for model in (AuditEntry, Card, Beneficiary, Note, ScaDevice)]
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert [row(instance) for instance in unchanged] == rows
    assert [model.objects.count() for model in (AuditEntry, Card, Beneficiary, Note, ScaDevice)] == counts
    return error.value


def close_customer(customer):
    """Deactivated as the rule wants it (every balance 0: on PostgreSQL a trigger insists)."""
    Account.objects.filter(customer=customer).update(balance=0)
    Customer.objects.filter(pk=customer.pk).update(status=Status.CANCELED)
    customer.refresh_from_db()
    return customer
