"""The client systems' API, each call authenticated by the system's API key (``Authorization:
Bearer <key>``) and audited under its name.

- ``GET /api/customers/<id>/operations/``: what the customer may do now, for the payment systems,
  without the confidential reasons (a freeze must never reach anything customer-facing).
- ``POST /api/password-resets/redeem/``: the customer-facing interface (the client system named
  ``CUSTOMER_INTERFACE_CLIENT``, no other) hands over the token of a reset link
  (``{"token": …}``); the link is used up and the answer names the customer, whose interface
  then lets them choose a password (the back office never holds it)."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from backoffice import audit
from backoffice.access import PUBLIC, AccessMixin
from backoffice.audit import SystemActor
from backoffice.errors import DomainError
from customers.choices import OperationType
from customers.models import Customer
from customers.services.password_resets import redeem_password_reset

from .. import policy
from ..services.client_systems import system_for_key


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _client_system(request):
    header = request.headers.get("Authorization", "")
    return system_for_key(header.removeprefix("Bearer ").strip()) if header.startswith("Bearer ") else None


NO_KEY = "A valid API key is required: Authorization: Bearer <key>."


def _an_id(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _account_and_card(customer, account: str, card: str):
    """The customer's account named by ``account`` or holding the card ``card`` (a card processor
    knows the card, not the account), and the card; (None, None) when either is not theirs or the
    card is on another account."""
    found_card = None
    if card:
        pk = _an_id(card)
        found_card = customer.cards.select_related("account").filter(pk=pk).first() if pk is not None else None
        if found_card is None:
            return None, None
    if account:
        pk = _an_id(account)
        found = customer.accounts.filter(pk=pk).first() if pk is not None else None
        if found is None or (found_card is not None and found_card.account_id != found.pk):
            return None, None
        return found, found_card
    return found_card.account, found_card


class CustomerOperationsApi(AccessMixin, View):
    permission_required = PUBLIC  # the client system's API key, checked below, not a staff sign-in
    http_method_names = ["get"]

    def get(self, request, pk: int):
        system = _client_system(request)
        if system is None:
            return _error(401, NO_KEY)
        operation = request.GET.get("operation", "")
        if operation and operation not in OperationType.values:
            return _error(400, f"Unknown operation; one of: {', '.join(OperationType.values)}.")
        customer = Customer.objects.filter(pk=pk).first()
        if customer is None:
            return _error(404, "No such customer.")
        account, wanted = None, request.GET.get("account", "")
        card = request.GET.get("card", "")
        found_card = None
        if wanted or card:  # the operation is on one account: named, or through one of its cards
            account, found_card = _account_and_card(customer, wanted, card)
            if account is None:
                return _error(404, "No such account or card of this customer (or the card is on another account).")
        if operation:
            open_accounts = policy.has_open_accounts(customer) if account is None else None
            decisions = [policy.decide(customer, operation, account, open_accounts=open_accounts, card=found_card)]
        else:
            decisions = policy.what_customer_may_do(customer, account, card=found_card)
        with transaction.atomic():
            audit.record(
                action="compliance.operations.queried",
                actor=SystemActor(f"client:{system.name}"),
                customer_id=customer.pk,
                target=customer,
                changes={"operation": [None, operation or "all"]},
            )
        return JsonResponse(
            {
                "customerId": customer.pk,
                "at": timezone.now().isoformat(),
                "operations": [decision.public() for decision in decisions],
            }
        )


@method_decorator(csrf_exempt, name="dispatch")  # a client system with its key, not a browser
class PasswordResetRedeemApi(AccessMixin, View):
    permission_required = PUBLIC  # the client system's API key, checked below, not a staff sign-in
    http_method_names = ["post"]

    def post(self, request):
        system = _client_system(request)
        if system is None:
            return _error(401, NO_KEY)
        if system.name != settings.CUSTOMER_INTERFACE_CLIENT:  # a payment system may not spend links
            return _error(403, "Only the customer-facing interface's key may redeem reset links.")
        try:
            token = json.loads(request.body or b"{}").get("token", "")
        except (ValueError, AttributeError):
            return _error(400, 'Send JSON: {"token": "<the token of the link>"}.')
        try:
            customer = redeem_password_reset(token=str(token), actor=SystemActor(f"client:{system.name}"))
        except DomainError as error:
            return _error(400, error.message)
        return JsonResponse(
            {"customerId": customer.pk, "publicId": customer.public_id, "email": customer.primary_email}
        )
