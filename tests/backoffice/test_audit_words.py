"""The audit log in human words: every action has a label, values read as their fields show them
(yes/no, a choice's label, money with its currency, times in the staff member's zone), and
confidential values stay hidden."""

import ast
import html
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from backoffice import audit, audit_labels
from backoffice.formatting import format_datetime, format_money
from tests.customers.factories import make_person

ROOT = Path(__file__).resolve().parents[2]
APPS = ("backoffice", "customers", "kyc", "compliance")
RECORDERS = {"record", "_record", "record_update", "_entry"}


def page_text(response) -> str:
    """What the staff member reads: the page's text without its tags, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def record(**fields):
    with transaction.atomic():
        return audit.record(**{"actor": None, "actor_label": "tester", **fields})


# --- every action labelled -------------------------------------------------------------------


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            constants[node.targets[0].id] = node.value
    return constants


def _codes(node: ast.expr, constants: dict[str, ast.expr]) -> list[str] | None:
    """The action codes an ``action=`` argument can take, or None when they cannot be read
    statically (an f-string of a model name: the recording tests check those)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _codes(node.body, constants), _codes(node.orelse, constants)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Name) and node.id in constants:
        return _codes(constants[node.id], constants)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        table = constants.get(node.value.id)
        if isinstance(table, ast.Dict):
            found = [_codes(value, constants) for value in table.values]
            return None if any(codes is None for codes in found) else [c for codes in found for c in codes or []]
    if isinstance(node, ast.JoinedStr):  # f"kyc.document.{AUDIT_VERBS[command]}"
        prefix = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        formatted = [part for part in node.values if isinstance(part, ast.FormattedValue)]
        if len(formatted) == 1 and isinstance(node.values[-1], ast.FormattedValue):
            table = formatted[0].value
            if isinstance(table, ast.Subscript) and isinstance(table.value, ast.Name):
                values = constants.get(table.value.id)
                if isinstance(values, ast.Dict):
                    return [prefix + value.value for value in values.values if isinstance(value, ast.Constant)]
    return None


def recorded_actions() -> set[str]:
    """Every action code passed as ``action=`` to the audit log's writers in the applications."""
    codes: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            constants = _module_constants(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name not in RECORDERS and name != "AuditEntry":
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "action" and (found := _codes(keyword.value, constants)):
                        codes.update(found)
    return codes


def test_every_action_the_applications_record_has_a_label():
    actions = recorded_actions()
    assert {"kyc.review.requested", "compliance.freeze.set", "customers.card.locked", "auth.login"} <= actions
    assert "kyc.document.prevalidated" in actions  # read through the verbs table of an f-string
    unlabelled = sorted(action for action in actions if not audit_labels.is_labelled(action))
    assert unlabelled == [], f"Add these to ACTIONS in their app's audit_labels.py: {unlabelled}"


def test_recording_an_unlabelled_action_fails_in_the_tests(db):
    with pytest.raises(audit_labels.UnlabelledAuditAction, match=r"audit_labels\.py"):
        record(action="customers.something_new.happened")


def test_an_action_is_labelled_by_one_app_only():
    labelled = audit_labels.words().declared_by
    assert labelled["kyc.review.requested"] == "kyc" and labelled["auth.login"] == "backoffice"
    assert audit_labels.action_label("kyc.review.requested") == "KYC review requested"


# --- values as their fields show them --------------------------------------------------------


def test_money_has_thousands_separators_two_decimals_and_its_currency_after():
    assert format_money(Decimal("19805.17"), "EUR") == "19,805.17 EUR"
    assert format_money(3000, "EUR") == "3,000.00 EUR"
    assert format_money("-1234567.5", "CHF") == "\u22121,234,567.50 CHF"
    assert format_money(Decimal("12.5"), "EUR", signed=True) == "+12.50 EUR"
    assert format_money(Decimal("-0.001"), "EUR") == "0.00 EUR"
    assert format_money(None, "EUR") == "—"


def test_times_are_in_the_staff_members_zone_with_the_zone_named(settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert format_datetime(datetime(2026, 12, 6, 13, 5, tzinfo=UTC)) == "6 Dec 2026 14:05 CET"
    assert format_datetime("2026-07-06T13:05:00+00:00") == "6 Jul 2026 15:05 CEST"


def test_the_history_tab_shows_labels_and_values_in_words(signed_in, compliance_officer):
    person = make_person("Anna", "Martin", birth_date="1980-01-01")
    record(action="compliance.freeze.set", customer_id=person.pk, target=person, changes={"is_frozen": [False, True]})
    record(
        action="customers.identity.updated",
        customer_id=person.pk,
        target=person,
        changes={"share_capital": ["3000.00", "19805.17"], "kyc_level": [0, 2], "language": ["en", "de"]},
    )
    record(
        action="kyc.liveness.documents_requested",
        customer_id=person.pk,
        target=person,
        changes={"documents_requested_at": [None, "2026-12-06T13:05:00+00:00"]},
    )
    history = page_text(signed_in(compliance_officer).get(reverse("customer-tab", args=[person.pk, "history"])))
    assert "Asset freeze set" in history and "compliance.freeze.set" not in history
    assert "Asset freeze: no → yes" in history and "False" not in history
    assert "Share capital: 3,000.00 EUR → 19,805.17 EUR" in history
    assert "Language: English → German" in history
    assert "KYC level: None → Regular" in history
    assert "Documents requested at: 6 Dec 2026 14:05 CET" in history


def test_the_audit_detail_shows_the_label_the_code_in_grey_and_values_in_words(signed_in, compliance_officer):
    person = make_person()
    entry = record(
        action="customers.settings.updated",
        customer_id=person.pk,
        target=person,
        changes={"skip_transfer_pre_approval": [False, True], "default_currency": ["EUR", "CHF"]},
    )
    response = signed_in(compliance_officer).get(reverse("audit-detail", args=[entry.pk]))
    text = page_text(response)
    assert "Settings edited customers.settings.updated" in text
    assert 'class="small text-body-secondary font-monospace">customers.settings.updated<' in response.content.decode()
    assert "Skip transfer pre approval no yes" in text


def test_confidential_values_stay_hidden_in_words(signed_in, support_agent, compliance_officer):
    person = make_person(birth_date="1980-01-01")
    record(
        action="customers.identity.updated",
        customer_id=person.pk,
        target=person,
        changes={"birth_date": ["1980-01-01", "1980-01-02"]},
        confidential_fields=["birth_date"],
    )
    url = reverse("customer-tab", args=[person.pk, "history"])
    agent_view = page_text(signed_in(support_agent).get(url))
    assert "Birth date: •••• confidential → •••• confidential" in agent_view and "1980" not in agent_view
    assert "Birth date: 1 Jan 1980 → 2 Jan 1980" in page_text(signed_in(compliance_officer).get(url))


def test_the_action_filter_takes_words_of_the_label_or_the_start_of_the_code(signed_in, compliance_officer):
    record(action="customers.card.locked", actor_label="alice")
    record(action="staff.created", actor_label="bob")
    client = signed_in(compliance_officer)

    def rows(action):
        return page_text(client.get(reverse("audit-list"), {"action": action}))

    assert "Card locked or reported" in rows("card locked") and "Staff member created" not in rows("card locked")
    assert "Card locked or reported" in rows("customers.card") and "Staff member created" not in rows("customers.")
    assert "Staff member created" in rows("STAFF MEMBER")
