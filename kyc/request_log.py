"""One identification request and its log (C "Identification": "compliance logging details of
every update sent to the service provider"), read for ``/kyc/identification-requests/<kind>/<pk>/``.

A live verification session's log merges, oldest first, what the back office did (its audit
entries: started, documents asked for, asked again, what each event changed), what it sent to the
provider (``ProviderCall``) and every event the provider sent (``ProviderEvent``, its payload
pretty-printed for a collapsed block). A KYC review's log is its audit entries (requested,
assigned, decided) with the documents sent with it. A fixed number of queries whatever the length
of the log. Masked as the list masks: audit entries about confidential matters only for those
who see them; and in the provider's payloads, personal data a support agent sees masked (birth
date, TIN or national id, IBAN) shows only its last four characters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404

from backoffice.audit_labels import action_label
from backoffice.selectors import audit_entries_visible_to, changes_in_words, readable_reason
from customers.masking import sees_full_pii
from customers.selectors import of_visible_customers

from .models import LivenessSession, ProviderCall, ProviderEvent, Review, ReviewDocument
from .selectors import IdentificationRequest

KINDS = {"review": "kyc.review", "liveness": "kyc.livenesssession"}
PAYLOAD_LIMIT = 20_000  # characters of a payload shown; a longer one is cut, and says so
# Keys of a provider's payload whose values a support agent sees masked (DESIGN.md: birth date,
# full TIN / national id, full IBAN), compared without case, "-" or "_".
MASKED_KEYS = re.compile(r"birth|tin$|taxid|taxnumber|taxidentification|iban|nationalid|ssn|idnumber|documentnumber")
MASK = "••••"

SENT, RECEIVED, BACK_OFFICE = "sent", "received", "back-office"
DIRECTIONS = {SENT: "Sent to the provider", RECEIVED: "Received from the provider", BACK_OFFICE: "Back office"}


@dataclass
class LogLine:
    """One line of a request's log. ``at`` orders it: when we sent, received or recorded it."""

    at: datetime
    direction: str
    title: str
    who: str = ""
    outcome: str = ""
    failed: bool = False
    provider_at: datetime | None = None
    details: list[tuple[str, str]] = field(default_factory=list)
    payload: str = ""
    changes: list = field(default_factory=list)

    @property
    def direction_label(self) -> str:
        return DIRECTIONS[self.direction]


def request_for(user, kind: str, pk: int) -> IdentificationRequest:
    """The review or session ``pk`` if its customer is one ``user`` may see (404 otherwise)."""
    if kind == "review":
        reviews = Review.objects.select_related("customer", "requested_by", "assigned_to", "decided_by")
        return IdentificationRequest(kind, get_object_or_404(of_visible_customers(reviews, user), pk=pk))
    if kind == "liveness":
        sessions = LivenessSession.objects.select_related("customer", "created_by")
        return IdentificationRequest(kind, get_object_or_404(of_visible_customers(sessions, user), pk=pk))
    raise Http404("No such kind of identification request.")


def _masked(value, user_sees_all: bool, key: str = ""):
    """``value`` with the personal data under a masked key cut to its last four characters."""
    if isinstance(value, dict):
        return {name: _masked(item, user_sees_all, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_masked(item, user_sees_all, key) for item in value]
    if user_sees_all or not MASKED_KEYS.search(re.sub(r"[-_ ]", "", key.lower())):
        return value
    if value in (None, ""):
        return value
    text = str(value)
    return f"{MASK} {text[-4:]}" if len(text) > 4 else MASK


def shown_json(value, user) -> str:
    """``value`` as indented JSON for a ``<pre>`` (the template escapes it), personal data masked
    as the viewer sees it, cut at ``PAYLOAD_LIMIT`` characters."""
    text = json.dumps(_masked(value, sees_full_pii(user)), indent=2, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > PAYLOAD_LIMIT:
        return text[:PAYLOAD_LIMIT] + f"\n… cut: {len(text) - PAYLOAD_LIMIT:,} more characters"
    return text


def _audit_lines(user, kind: str, pk: int) -> list[LogLine]:
    entries = (
        audit_entries_visible_to(user).filter(target_type=KINDS[kind], target_id=str(pk)).order_by("occurred_at", "pk")
    )
    return [
        LogLine(
            at=entry.occurred_at,
            direction=BACK_OFFICE,
            title=action_label(entry.action),
            who=entry.actor_label,
            outcome=readable_reason(entry, user),
            changes=changes_in_words(entry, user),
        )
        for entry in entries
    ]


def _call_line(call: ProviderCall, user) -> LogLine:
    details = [("Endpoint", call.endpoint)] if call.endpoint else []
    details.append(("Answered in", f"{call.duration_ms} ms"))
    return LogLine(
        at=call.sent_at,
        direction=SENT,
        title=call.get_operation_display(),
        who=call.actor_label,
        outcome=call.get_status_display(),
        failed=call.status != "succeeded",
        details=details,
        payload=shown_json({"request": call.request, "answer": call.answer}, user),
    )


def _event_line(event: ProviderEvent, user) -> LogLine:
    return LogLine(
        at=event.received_at,
        direction=RECEIVED,
        title=event.event_type,
        who=event.get_provider_display(),
        outcome=event.outcome or "Waiting to be processed",
        failed=event.outcome.startswith("refused"),
        provider_at=event.occurred_at,
        details=[("Event id", event.event_id)],
        payload=shown_json(event.payload, user),
    )


def request_log(user, request: IdentificationRequest) -> list[LogLine]:
    """The request's log, oldest first (newest last), as ``user`` may read it."""
    record = request.record
    lines = _audit_lines(user, request.kind, record.pk)
    if request.kind == "liveness":
        lines += [
            _call_line(call, user) for call in ProviderCall.objects.filter(session=record).order_by("sent_at", "pk")
        ]
        events = ProviderEvent.objects.filter(session=record).order_by("received_at", "pk")
        lines += [_event_line(event, user) for event in events]
    direction_order = {BACK_OFFICE: 0, SENT: 1, RECEIVED: 2}
    return sorted(lines, key=lambda line: (line.at, direction_order[line.direction]))


def documents_sent_with(review: Review) -> list[ReviewDocument]:
    """The review's documents (the company's, then each member's), with their refusal reasons."""
    rows = review.submitted.select_related("document__customer").order_by("document__customer_id", "document_id")
    return sorted(rows, key=lambda row: (row.document.customer_id != review.customer_id, row.document.customer_id))
