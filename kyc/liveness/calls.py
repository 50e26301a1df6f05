"""Every call the back office makes to the live verification provider, kept as a ``ProviderCall``
(C "Identification": "compliance logging details of every update sent to the service provider").

The services call the provider through ``calling``: the request is written as sent, with
identifiers only (the provider's reference, our customer id, the document's reference): never a
secret, never a file; the answer keeps its status and what identifies its result (a session's
reference and URL, a file's name, type and size, or the error). A call that fails is kept too,
then its error goes on (the task retries, the staff member reads the message).

A call made inside a transaction that later rolls back leaves no row: a session the provider
started but that we did not keep (the customer's row lock lost, a database error) is one we never
use. The calls outside any transaction (the documents asked for, each file fetched) are kept
whatever happens next.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from ..models import ProviderCall, ProviderCallStatus, ProviderOperation
from .providers import ProviderUnavailable

# Where each call goes at Treezor (seed 002 "Endpoints"); another provider's client says its own.
ENDPOINTS = {
    ProviderOperation.START_SESSION: "POST /v1/users/{userId}/Kycliveness",
    ProviderOperation.REQUEST_DOCUMENTS: "PUT /v1/users/{userId}/Kycliveness",
    ProviderOperation.FETCH_DOCUMENT: "GET /v1/documents/{documentId}/download",
}
ERROR_LENGTH = 300


def actor_label(actor) -> str:
    """The audit log's name for ``actor`` (a staff member's username, a system actor's name)."""
    if actor is None:
        return ""
    return str(getattr(actor, "username", None) or getattr(actor, "label", None) or actor)[:150]


@dataclass
class Call:
    """What the ``calling`` block fills in: the answer's details, and the session once it exists."""

    answer: dict = field(default_factory=dict)
    session_id: int | None = None


def record(
    *,
    provider: str,
    customer_id: int,
    operation: str,
    request: dict,
    status: str,
    answer: dict,
    session_id: int | None = None,
    actor=None,
    duration_ms: int = 0,
) -> ProviderCall:
    return ProviderCall.objects.create(
        provider=provider,
        session_id=session_id,
        customer_id=customer_id,
        operation=operation,
        endpoint=ENDPOINTS.get(operation, ""),
        request=request,
        status=status,
        answer=answer,
        actor_label=actor_label(actor),
        duration_ms=duration_ms,
    )


@contextmanager
def calling(
    *,
    provider: str,
    customer_id: int,
    operation: str,
    request: dict,
    session_id: int | None = None,
    actor=None,
) -> Iterator[Call]:
    """Keep the call made inside the block: succeeded with ``call.answer``, or the error raised
    (then raised again). A database error inside the block is ours, not the provider's: it is
    raised as it came, and no row is kept (the transaction could not take one)."""
    call = Call(session_id=session_id)
    started = time.monotonic()

    def keep(status: str, answer: dict) -> None:
        record(
            provider=provider,
            customer_id=customer_id,
            operation=operation,
            request=request,
            status=status,
            answer=answer,
            session_id=call.session_id,
            actor=actor,
            duration_ms=round((time.monotonic() - started) * 1000),
        )

    try:
        yield call
    except ProviderUnavailable as error:
        keep(ProviderCallStatus.UNAVAILABLE, {"error": str(error)[:ERROR_LENGTH]})
        raise
    except DatabaseError:
        raise  # our side failed, not the provider; the transaction cannot take a row now anyway
    except Exception as error:
        if not transaction.get_connection().needs_rollback:
            message = getattr(error, "message", None) or str(error)
            keep(ProviderCallStatus.REFUSED, {"error": f"{type(error).__name__}: {message}"[:ERROR_LENGTH]})
        raise
    keep(ProviderCallStatus.SUCCEEDED, call.answer)
