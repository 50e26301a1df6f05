"""Seed 002's services by KYC level give one answer everywhere: the KYC tab's grid says what the
Operations tab (the policy), the card services and the review request do, for every level and
every service of the table."""

import re

import pytest
from django.urls import reverse

from backoffice.errors import DomainError
from customers import services
from customers.choices import OPERATION_DIRECTIONS, CardKind, Direction, KycLevel, KycReview, OperationType
from customers.kyc_services import KycService
from customers.models import Card, Customer
from kyc.services.reviews import KYC_TRANSITIONS
from tests.customers.factories import make_person
from tests.customers.holdings import make_account

pytestmark = pytest.mark.django_db

OPERATIONS_OF = {
    KycService.PAY_BY_CARD: [OperationType.CARD_TRANSACTION],
    KycService.SEND_FUNDS: [
        op for op, d in OPERATION_DIRECTIONS.items() if d == Direction.PAYOUT and op != OperationType.CARD_TRANSACTION
    ],
    KycService.RECEIVE_FUNDS: [op for op, d in OPERATION_DIRECTIONS.items() if d == Direction.PAYIN],
}


def customer_at(level) -> Customer:
    """Validated, identified, unrestricted: only the KYC level limits what they may do."""
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(
        status="VALIDATED", kyc_level=level, kyc_review=KycReview.VALIDATED, verification_level=2
    )
    return Customer.objects.get(pk=person.pk)


def kyc_tab_grid(client, customer) -> dict[str, bool]:
    """The KYC tab's "Services at this KYC level": label → allowed, as the page says it."""
    html = client.get(reverse("customer-tab", args=[customer.pk, "kyc"])).content.decode()
    grid = html.split("kyc-services")[1].split("</ul>")[0]
    items = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in re.split(r"<li[^>]*>", grid)[1:]]
    answers = {}
    for item in items:
        allowed = item.startswith("Allowed:")
        assert allowed or item.startswith("Not allowed:"), item
        label = item.split(":", 1)[1].strip().split(" — ")[0]
        answers[label] = allowed
    return answers


def operations_tab(client, customer) -> dict[str, str]:
    """The Operations tab: operation → the badge it shows ("Allowed", "Held", "Not allowed")."""
    html = client.get(reverse("customer-tab", args=[customer.pk, "operations"])).content.decode()
    rows = re.findall(r'<tr data-operation="(\w+)">(.*?)</tr>', html, re.S)
    return {op: re.search(r'<span class="badge [^"]+">([^<]+)</span>', row).group(1) for op, row in rows}


def card_issued(customer, actor) -> bool:
    try:
        services.issue_card(
            actor=actor, customer=customer, account=make_account(customer), kind=CardKind.VIRTUAL, embossed_name="Z"
        )
    except DomainError:
        return False
    return Card.objects.filter(customer=customer).exists()


def review_may_be_requested(level) -> bool:
    return any((level, review) in KYC_TRANSITIONS["request"] for review in KycReview.values)


@pytest.mark.parametrize("service", KycService.values)
@pytest.mark.parametrize("level", KycLevel.values)
def test_the_kyc_tab_grid_says_what_the_rest_does(signed_in, support_agent, level, service):
    customer = customer_at(level)
    client = signed_in(support_agent)
    says = kyc_tab_grid(client, customer)[KycService(service).label]
    if service in OPERATIONS_OF:
        badges = operations_tab(client, customer)
        assert {badges[op] for op in OPERATIONS_OF[service]} == {"Allowed" if says else "Not allowed"}
    elif service == KycService.CREATE_CARDS:
        assert card_issued(customer, support_agent) == says
    else:
        assert review_may_be_requested(level) == says
