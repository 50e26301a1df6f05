"""The rows of the KYC queues, written in Python (issue 17).

Each queue shows up to fifty rows, and its template spent 60,000–80,000 Python calls on them
(the identification requests with every row's log). These functions write the same markup the
templates wrote, in a few calls a cell; the templates keep the page around them.
"""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from backoffice.audit_labels import action_label
from backoffice.markup import choice_labels, escape, local_minute, plural, since, url_maker
from customers.choices import Kind
from customers.countries import country_code, country_name

from .models import Document

KIND_LABELS = dict(Kind.choices)


def _local_second(moment, zone) -> str:
    return local_minute(moment, zone) + moment.strftime(":%S") if moment else ""


def _update_log(log: list, zone) -> str:
    if not log:
        return "—"
    entries = "".join(
        f'<li><span class="text-body-secondary">{_local_second(entry.occurred_at, zone)}</span> '
        f"{escape(entry.actor_label)} · <span>{escape(action_label(entry.action))}</span>"
        f"{' — ' + escape(entry.reason) if entry.reason else ''}</li>"
        for entry in log
    )
    last = local_minute(log[-1].occurred_at, zone)
    return (
        f"<details><summary>{plural(len(log), 'update')}, the last {last}"
        f'</summary><ol class="list-unstyled mb-0 mt-1 request-log">{entries}</ol></details>'
    )


def _log_url(kind: str):
    """The request pages' URLs of ``kind``, for many keys: reversed once (``url_maker`` wants the
    key first, and ``/kyc/identification-requests/<kind>/<pk>/`` puts the kind first)."""
    marker = "987654321"
    head, _, tail = reverse("kyc-identification-request", args=[kind, int(marker)]).partition(marker)
    return lambda pk: f"{head}{int(pk)}{tail}"


def identification_request_rows(rows, user) -> SafeString:
    """C's "Identification requests": a review (linked to its decision page for those who may
    decide) or a live verification session, its provider, state and the log of its updates."""
    kyc_tab = url_maker("customer-tab", "kyc")
    logs = {kind: _log_url(kind) for kind in ("review", "liveness")}
    decide = url_maker("kyc-review-decide") if user.has_perm("kyc.decide_kyc_review") else None
    zone = timezone.get_current_timezone()
    written = []
    for row in rows:
        record = row.record
        log = logs[row.kind](record.pk)
        if row.kind == "review":
            request = f'<a href="{log}">KYC review #{record.pk}</a>'
            if decide:
                request += f' <a class="small ms-1" href="{decide(record.pk)}">Decide</a>'
        else:
            reference = escape(Truncator(record.reference).chars(14))
            request = f'<a href="{log}">Live verification <span class="font-monospace small">{reference}</span></a>'
        written.append(
            f'<tr data-kind="{escape(row.kind)}">'
            f'<td class="text-nowrap small">{local_minute(row.created_at, zone)}</td>'
            f'<td><a href="{kyc_tab(record.customer_id)}">{escape(record.customer)}</a></td><td>{request}</td>'
            f'<td class="small">{escape(row.provider)}</td><td>{escape(row.state)}</td>'
            f'<td class="small">{_update_log(row.log, zone)}</td></tr>'
        )
    return mark_safe("".join(written))


def review_queue_rows(reviews, request) -> SafeString:
    """The review queue: when and by whom a review was asked, the customer, its documents, who
    has it, and the buttons that take it and open it."""
    kyc_tab, assign, decide = (
        url_maker("customer-tab", "kyc"),
        url_maker("kyc-review-assign"),
        url_maker("kyc-review-decide"),
    )
    # One masked token for every row's form: any masking of the session's secret is accepted.
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    zone = timezone.get_current_timezone()
    written = []
    for review in reviews:
        customer, assignee, requester = review.customer, review.assigned_to, review.requested_by
        who = (
            escape(assignee.get_full_name() or assignee.username)
            if assignee
            else '<span class="text-body-secondary">Unassigned</span>'
        )
        take = (
            f'<form method="post" action="{assign(review.pk)}" class="d-inline">{csrf}'
            '<input type="hidden" name="next" value="queue">'
            '<button class="btn btn-outline-secondary btn-sm" type="submit">Assign to me</button></form> '
            if review.assigned_to_id != request.user.pk
            else ""
        )
        country = country_name(country_code(customer))
        written.append(
            f'<tr data-review="{review.pk}"><td class="text-nowrap small">{local_minute(review.requested_at, zone)}'
            f'<div class="text-body-secondary">{escape(since(review.requested_at))} ago</div></td>'
            f'<td><a href="{kyc_tab(review.customer_id)}">{escape(customer)}</a></td>'
            f'<td class="small">{escape(KIND_LABELS.get(customer.kind, customer.kind))}</td>'
            f'<td class="small">{escape(country or "—")}</td>'
            f'<td>{review.document_count}</td><td class="small">{escape(requester.username if requester else "—")}</td>'
            f'<td class="small">{who}</td><td class="text-end text-nowrap">{take}'
            f'<a class="btn btn-primary btn-sm" href="{decide(review.pk)}">Open</a></td></tr>'
        )
    return mark_safe("".join(written))


def prereview_queue_rows(documents) -> SafeString:
    """The pre-review queue: every pending document, how long it has waited, and its link."""
    kyc_tab, prereview = url_maker("customer-tab", "kyc"), url_maker("kyc-prereview-document")
    types, sources = choice_labels(Document, "document_type"), choice_labels(Document, "source")
    zone = timezone.get_current_timezone()
    written = []
    for document in documents:
        name = escape(document.original_name)
        written.append(
            f'<tr><td class="text-nowrap small">{local_minute(document.uploaded_at, zone)}</td>'
            f'<td class="small">{escape(since(document.uploaded_at))}</td>'
            f'<td><a href="{kyc_tab(document.customer_id)}">{escape(document.customer)}</a></td>'
            f"<td>{escape(types.get(document.document_type, document.document_type))}</td>"
            f'<td class="small"><span class="document-name" title="{name}">{name}</span></td>'
            f'<td class="small">{escape(sources.get(document.source, document.source))}</td>'
            f'<td class="text-end"><a class="btn btn-outline-primary btn-sm" href="{prereview(document.pk)}">'
            "Pre-review</a></td></tr>"
        )
    return mark_safe("".join(written))
