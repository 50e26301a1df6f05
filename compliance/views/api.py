"""``GET /api/customers/<id>/operations/``: what the customer may do now, for the payment
systems. Authenticated by the client system's API key (``Authorization: Bearer <key>``), audited,
and without the confidential reasons (a freeze must never reach anything customer-facing)."""

from __future__ import annotations

from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views import View

from backoffice import audit
from backoffice.access import PUBLIC, AccessMixin
from backoffice.audit import SystemActor
from customers.choices import OperationType
from customers.models import Customer

from .. import policy
from ..services.client_systems import system_for_key


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class CustomerOperationsApi(AccessMixin, View):
    permission_required = PUBLIC  # the client system's API key, checked below, not a staff sign-in
    http_method_names = ["get"]

    def get(self, request, pk: int):
        header = request.headers.get("Authorization", "")
        system = system_for_key(header.removeprefix("Bearer ").strip()) if header.startswith("Bearer ") else None
        if system is None:
            return _error(401, "A valid API key is required: Authorization: Bearer <key>.")
        operation = request.GET.get("operation", "")
        if operation and operation not in OperationType.values:
            return _error(400, f"Unknown operation; one of: {', '.join(OperationType.values)}.")
        customer = Customer.objects.filter(pk=pk).first()
        if customer is None:
            return _error(404, "No such customer.")
        decisions = [policy.decide(customer, operation)] if operation else policy.what_customer_may_do(customer)
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
