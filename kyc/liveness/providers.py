"""Who runs the live verification: a small client interface, and the sandbox that ships.

A provider starts a session for a customer (it answers with its reference for the session and
the URL the customer is sent to), is asked for the documents it collected once the KYC review is
requested (T "PUT /v1/users/{userId}/Kycliveness: upload the documents once the Live
verification is completed"; it answers with ``document.create`` webhooks, seed 002 step 8) and
hands over each file by the reference it gave in its ``document.create`` webhook. A real
provider (Ubble, behind Treezor) is another class with the same three methods, registered in
``PROVIDERS`` under a ``kyc.choices.Provider`` value; ``settings.LIVENESS_PROVIDER`` says which
one starts new sessions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.urls import reverse

from backoffice.errors import DomainError
from customers.models import Customer

from ..choices import Provider


class ProviderUnavailable(Exception):
    """A transient failure talking to the provider (timeout, 5xx): the task tries again later."""


class UnknownDocument(Exception):
    """The provider has no such document for this session: trying again will not help."""


@dataclass(frozen=True)
class StartedSession:
    reference: str
    url: str


@dataclass(frozen=True)
class FetchedDocument:
    file_name: str
    content: bytes
    document_type: int  # T documentTypeId


class LivenessProvider(Protocol):
    code: str

    def start_session(self, customer: Customer) -> StartedSession: ...

    def request_documents(self, reference: str) -> None: ...

    def fetch_document(self, reference: str, document_ref: str) -> FetchedDocument: ...


class SandboxProvider:
    """The provider's part played by this project (``kyc.liveness.sandbox``): its page is served
    here, its documents drawn on demand, and it signs its webhooks with the shared secret."""

    code = Provider.SANDBOX

    def start_session(self, customer: Customer) -> StartedSession:
        if not settings.LIVENESS_SANDBOX_ENABLED:
            raise DomainError(
                "The sandbox verification provider is switched off on this server (LIVENESS_SANDBOX_ENABLED)."
            )
        reference = f"sbx_{secrets.token_hex(12)}"  # unguessable: the page is public
        path = reverse("kyc-liveness-sandbox", args=[reference])
        return StartedSession(reference=reference, url=settings.LIVENESS_SANDBOX_BASE_URL.rstrip("/") + path)

    def request_documents(self, reference: str) -> None:
        """The sandbox sends its ``document.create`` webhooks by HTTP to this project's webhook
        URL (under ``LIVENESS_SANDBOX_BASE_URL``); one not accepted is retried by the task."""
        from .sandbox import send_documents

        webhook_url = settings.LIVENESS_SANDBOX_BASE_URL.rstrip("/") + reverse("kyc-liveness-webhook")
        refused = [d for d in send_documents(reference, webhook_url) if not d.accepted]
        if refused:
            raise ProviderUnavailable(f"{refused[0].event_type} not accepted: {refused[0].status} {refused[0].answer}")

    def fetch_document(self, reference: str, document_ref: str) -> FetchedDocument:
        from .sandbox import sandbox_document

        return sandbox_document(reference, document_ref)


PROVIDERS: dict[str, type[LivenessProvider]] = {Provider.SANDBOX: SandboxProvider}


def provider_client(code: str) -> LivenessProvider:
    """The client of provider ``code`` (a session keeps talking to the provider that started it)."""
    try:
        return PROVIDERS[code]()
    except KeyError:
        raise DomainError(f"No live verification provider named {code!r} is installed.") from None


def current_provider() -> LivenessProvider:
    """The provider that starts new sessions (``settings.LIVENESS_PROVIDER``)."""
    return provider_client(settings.LIVENESS_PROVIDER)
