"""The audit log in human words: every action's label ("KYC review requested" for
``kyc.review.requested``) and how a changed field's values read (yes/no, a choice's label, money
with its currency, a time in the staff member's zone).

Each app declares its words once, in its own ``audit_labels.py`` module, found in every installed
app the way Django's admin finds ``admin.py`` (``backoffice`` imports no domain app by name). The
module holds:

- ``ACTIONS``: ``{action code: label}``, one for every action the app records (a test fails on an
  action recorded without one);
- ``FIELDS`` (optional): ``{changed field: label}`` where the field's name does not say it;
- ``VALUES`` (optional): ``{changed field: {raw value: label}}`` for values that are not a model
  field's choices;
- ``MONEY`` (optional): ``{changed field: currency}``: an amount, with the name of the field (in
  the entry's changes, else on the target object) that holds its currency, or a currency code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.text import capfirst

from . import formatting
from .models import AuditEntry

MODULE = "audit_labels"

ACTIONS = {
    "auth.login": "Signed in",
    "auth.login.failed": "Sign-in failed",
    "auth.login.refused_locked": "Sign-in refused: account locked",
    "auth.lockout": "Account locked after failed sign-ins",
    "auth.logout": "Signed out",
    "auth.second_factor.failed": "Second-factor code refused",
    "auth.reauthenticated": "Password confirmed again",
    "auth.reauthentication.failed": "Password confirmation failed",
    "audit.exported": "Audit log exported",
    "staff.created": "Staff member created",
    "staff.updated": "Staff member edited",
    "staff.roles.changed": "Staff roles changed",
    "staff.deactivated": "Staff account deactivated",
    "staff.reactivated": "Staff account reactivated",
    "staff.table.configured": "Table columns chosen",
    "staff.view.saved": "List view saved",
    "staff.view.deleted": "List view deleted",
    "staff.unlocked": "Staff account unlocked",
    "approvals.requested": "Change asked, awaiting a second person",
    "approvals.approved": "Change approved by a second person",
    "approvals.rejected": "Change request rejected",
    "approvals.withdrawn": "Change request withdrawn",
    "approvals.expired": "Change request expired unanswered",
    "backoffice.four_eyes.rule_changed": "Four-eyes rule changed",
    "backoffice.panel_setting.set": "Panel setting changed",
    "staff.mfa.enrolled": "Second factor enrolled",
    "staff.mfa.reset": "Second factor reset",
    "staff.password.set": "Password set",
    "staff.password.changed": "Password changed",
    "staff.password_link.sent": "Password link sent",
    "staff.exported": "Staff list exported",
}
FIELDS = {
    "second_factor": "Second factor",
    "filters": "Filters",
    "format": "Format",
    "roles": "Roles",
    "approval_request": "Approved under request #",
    "request_entry": "Request's audit entry #",
    "change_entry": "Change's audit entry #",
    "command": "Change asked",
    "four_eyes": "Needs a second person",
    "approver_role": "Approving role",
}
VALUES = {"format": {"csv": "CSV", "xlsx": "XLSX", "pdf": "PDF"}}

ACRONYMS = {"kyc": "KYC", "tin": "TIN", "iban": "IBAN", "bic": "BIC", "pin": "PIN", "sca": "SCA", "url": "URL"}
ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$")
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


@dataclass
class Words:
    actions: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    money: dict[str, str] = field(default_factory=dict)
    declared_by: dict[str, str] = field(default_factory=dict)  # action → app, to refuse a clash


@cache
def words() -> Words:
    """Every app's declarations, collected once."""
    collected = Words()
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        for code, label in getattr(module, "ACTIONS", {}).items():
            if code in collected.declared_by:
                raise ImproperlyDeclared(f"{code} is labelled by {collected.declared_by[code]} and {config.name}.")
            collected.actions[code], collected.declared_by[code] = label, config.name
        collected.fields.update(getattr(module, "FIELDS", {}))
        for name, values in getattr(module, "VALUES", {}).items():
            collected.values.setdefault(name, {}).update({str(raw): label for raw, label in values.items()})
        collected.money.update(getattr(module, "MONEY", {}))
    return collected


class ImproperlyDeclared(Exception):
    pass


class UnlabelledAuditAction(Exception):
    """An action recorded without a label (tests check every entry written)."""


def is_labelled(action: str) -> bool:
    return action in words().actions


def require_label(action: str) -> None:
    if not is_labelled(action):
        raise UnlabelledAuditAction(
            f"The audit action {action!r} has no label: add it to ACTIONS in its app's audit_labels.py."
        )


def action_label(action: str) -> str:
    """The action's label; an unknown code (an entry of an action since retired) in words."""
    label = words().actions.get(action)
    if label is not None:
        return label
    return capfirst(" ".join(_words_of(action.replace(".", " "))))


def actions_labelled(text: str) -> list[str]:
    """The codes whose label contains ``text`` (any case), for the audit list's Action filter."""
    needle = text.strip().lower()
    if not needle:
        return []
    return [code for code, label in words().actions.items() if needle in label.lower()]


def _words_of(text: str) -> list[str]:
    return [ACRONYMS.get(word.lower(), word) for word in text.replace("_", " ").split()]


# ---------------------------------------------------------------------------------------------
# Changed fields and their values


def _target_model(entry: AuditEntry) -> type[models.Model] | None:
    if not entry.target_type:
        return None
    try:
        return apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        return None


def _model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def field_label(name: str, entry: AuditEntry | None = None) -> str:
    """``first_name`` → ``First name``; the declared label or the model field's verbose name when
    there is one."""
    declared = words().fields.get(name)
    if declared:
        return declared
    model_field = _model_field(_target_model(entry), name) if entry is not None else None
    text = str(model_field.verbose_name) if model_field is not None else name
    return capfirst(" ".join(_words_of(text)))


@dataclass(frozen=True)
class Change:
    """A changed field as a history shows it: its label, and its values in words (``before`` is
    None when the field had no value before: a creation)."""

    field: str
    label: str
    before: str | None
    after: str


def format_value(entry: AuditEntry, name: str, value: Any) -> str:
    """One recorded value as the field shows it."""
    if value is None or value == "" or value == [] or value == {}:
        return formatting.EMPTY
    if isinstance(value, list):
        return ", ".join(format_value(entry, name, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(key)}: {format_value(entry, key, item)}" for key, item in value.items())
    if isinstance(value, bool):
        return formatting.yes_no(value)
    declared = words().values.get(name)
    if declared is not None and str(value) in declared:
        return declared[str(value)]
    model_field = _model_field(_target_model(entry), name)
    if model_field is not None:
        text = _as_model_field_shows_it(model_field, value)
        if text is not None:
            return text
    if name in words().money:
        return formatting.format_money(value, _currency(entry, words().money[name]))
    if isinstance(value, str):
        if ISO_DATETIME.match(value):
            return formatting.format_datetime(value)
        if ISO_DATE.match(value):
            return formatting.format_date(value)
    return str(value)


def _as_model_field_shows_it(model_field: models.Field, value: Any) -> str | None:
    if model_field.choices:
        labels = {str(raw): str(label) for raw, label in model_field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(model_field, models.BooleanField) and str(value) in ("True", "False"):
        return formatting.yes_no(value == "True")
    if isinstance(model_field, models.DateTimeField):
        return formatting.format_datetime(value)
    if isinstance(model_field, models.DateField):
        return formatting.format_date(value)
    return None


def _currency(entry: AuditEntry, source: str) -> str:
    """The currency of an amount: a code (``EUR``), or the name of the field that holds it, in the
    entry's changes, else on the target object."""
    if re.fullmatch(r"[A-Z]{3}", source):
        return source
    if source in entry.changes:
        before, after = entry.changes[source]
        return str(after or before or "")
    model = _target_model(entry)
    if model is not None and entry.target_id and _model_field(model, source) is not None:
        return str(_target_attribute(model, entry.target_id, source) or "")
    return ""


def _target_attribute(model: type[models.Model], pk: str, name: str) -> Any:
    return model._default_manager.filter(pk=pk).values_list(name, flat=True).first()


def changes_in_words(entry: AuditEntry, changes: Mapping[str, tuple[Any, Any]], *, masked: str) -> list[Change]:
    """``changes`` (``{field: (before, after)}``, confidential ones already replaced by ``masked``)
    in words; a masked value stays exactly the mask."""
    rows = []
    for name, (before, after) in changes.items():
        rows.append(
            Change(
                field=name,
                label=field_label(name, entry),
                before=None if before is None else before if before == masked else format_value(entry, name, before),
                after=after if after == masked else format_value(entry, name, after),
            )
        )
    return rows
