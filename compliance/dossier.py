"""The compliance app's section of the regulator dossier (``customers.dossier``, registered from
``ComplianceConfig.ready``): the restrictions in force with their reasons, the risk assessment,
and the restriction history (freezes, legal freezes, state changes, risk, deactivation) as the
Compliance tab shows them. Only for a requester who may open that tab
(``compliance.view_restrictions``); anyone else's dossier says the section is withheld for their
role, whether or not the customer was ever restricted (the section is then never read)."""

from __future__ import annotations

from backoffice import audit_labels
from backoffice.formatting import format_date, yes_no
from backoffice.markup import local_minute
from backoffice.selectors import customer_history
from customers.dossier.registry import DossierSection, Fields, Table, Text, dossier_sections

from .models import RiskProfile
from .selectors import RESTRICTION_ACTIONS, restrictions_of

HERE = "compliance.dossier"
VIEW_RESTRICTIONS = "compliance.view_restrictions"
HISTORY_LIMIT = 2000


def restriction_history(user, customer) -> list:
    now = restrictions_of(customer)
    state = customer.get_state_display() + (f" — {now.state_reason}" if now.state_reason else "")
    frozen = yes_no(now.is_frozen) + (f" — {now.freeze_comment}" if now.freeze_comment else "")
    legal = yes_no(now.is_legal_frozen) + (f" — {now.legal_freeze_comment}" if now.legal_freeze_comment else "")
    risk = RiskProfile.objects.filter(customer=customer).first()
    in_force = [("State", state), ("Asset freeze", frozen), ("Legal freeze", legal)]
    if risk is not None:
        in_force += [
            ("Risk level", f"{risk.get_level_display()} (score {risk.score} / 100)"),
            ("Risk reviews", f"last {format_date(risk.last_review_on)}, next {format_date(risk.next_review_on)}"),
        ]
    else:
        in_force.append(("Risk level", "Not assessed"))
    rows = customer_history(user, customer.pk, prefixes=RESTRICTION_ACTIONS, limit=HISTORY_LIMIT)
    history = [
        [
            local_minute(entry.occurred_at),
            entry.actor_label + (f"\napproved by {entry.approved_by}" if entry.approved_by else ""),
            audit_labels.action_label(entry.action),
            "\n".join(f"{c.label}: {c.after}" for c in changes),
            reason,
        ]
        for entry, changes, reason in rows
    ]
    columns = [("When", 1.1), ("Who", 1.2), ("What", 1.7), ("Changed", 2.0), ("Reason", 2.2)]
    return [
        Text("In force", subtitle=True),
        Fields(in_force),
        Text("History, newest first", subtitle=True),
        Table(columns, history, empty="No restriction was ever set or lifted."),
    ]


def register_sections() -> None:
    dossier_sections.register(
        DossierSection("restrictions", "Restriction history", 100, f"{HERE}.restriction_history", VIEW_RESTRICTIONS)
    )
