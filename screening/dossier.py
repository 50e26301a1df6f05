"""The screening app's section of the regulator dossier (``customers.dossier``, registered from
``ScreeningConfig.ready``): when the customer was last screened, against which list versions, and
every hit with its decision. Only for a requester who sees screening outcomes
(``screening.view_screening``, as the KYC tab's watchlist outcomes); withheld otherwise."""

from __future__ import annotations

from backoffice.markup import local_minute
from customers.dossier.registry import DossierSection, Fields, Table, Text, dossier_sections

from .models import ScreeningHit
from .selectors import VIEW, outcomes_of

HERE = "screening.dossier"


def outcomes(user, customer) -> list:
    outcome = outcomes_of(user, customer.pk) or {}  # the KYC tab's watchlist outcomes
    versions = ", ".join(str(version) for version in outcome.get("versions", [])) or "none loaded"
    hits = ScreeningHit.objects.filter(customer_id=customer.pk).select_related("entity", "version", "decided_by")
    rows = [
        [
            f"#{hit.pk}\n{local_minute(hit.found_at)}",
            f"{hit.entity.caption}\n{hit.version}",
            f"{hit.score:.2f}",
            hit.get_status_display(),
            f"{local_minute(hit.decided_at)}\n{hit.decided_by.get_username() if hit.decided_by else ''}".strip()
            if hit.decided_at
            else "—",
            hit.decision_reason,
        ]
        for hit in hits.order_by("found_at", "pk")
    ]
    columns = [("Hit", 0.9), ("Listed subject", 2.2), ("Score", 0.5), ("Status", 0.9), ("Decided", 1.1)]
    columns.append(("Decision reason", 2.2))
    return [
        Fields(
            [
                ("Last screened", local_minute(outcome.get("screened_at")) or "Never"),
                ("Lists in force", versions),
                (
                    "Hits",
                    f"{outcome.get('open', 0)} to review, {outcome.get('cleared', 0)} false positive, "
                    f"{outcome.get('confirmed', 0)} true match",
                ),
            ]
        ),
        Text("Hits and decisions", subtitle=True),
        Table(columns, rows, empty="No hit."),
    ]


def register_sections() -> None:
    dossier_sections.register(DossierSection("screening", "Screening outcomes", 90, f"{HERE}.outcomes", VIEW))
