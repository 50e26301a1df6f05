"""Commands: every state change a staff member can ask for, declared once (DESIGN.md "Commands
and four-eyes").

A command is one service function per verb, keyword-only and typed (``lift_asset_freeze(*,
actor, customer, comment)``). Its app declares it here from ``AppConfig.ready`` (as tabs are
declared), with what the panel needs to offer it: the label, the permission, the form of its
parameters, the sentence its confirmation page states, whether the password is asked again,
whether a pending request for it is confidential, its four-eyes rule by default and the function
that says why it is not possible now. The generic command page reads the declaration; so does the
four-eyes machinery (``backoffice.services.approvals``), which stores the parameters of a
command to run later, when a second person approves it.

``backoffice`` imports no domain app: services, forms and refusals are dotted paths, resolved
when first used, and targets are known by their model's label and primary key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

# The field a command's page adds for the reason when its service is given none (a note, an
# identity edit) and the command waits for a second person; never a parameter of the service.
APPROVAL_REASON = "approval_reason"


@dataclass(frozen=True)
class Command:
    """One verb. ``service`` is called as ``service(actor=…, <target_argument>=target, **params)``
    where ``params`` are the form's cleaned data (the password left out); ``refusal(target)`` says
    why the command does not apply now, or None (it hides the command, refuses its page and, in
    the service, under the row lock, refuses the change)."""

    name: str  # "compliance.freeze.lift"
    label: str  # "Lift the asset freeze": the page's title and button
    permission: str  # what the maker needs (and a checker, unless an approving role is set)
    service: str  # dotted path
    form: str  # dotted path of the form of the parameters (validation only)
    effect: str  # "What happens: …" on the confirmation page
    target_model: str  # "customers.customer"
    target_argument: str  # the service's keyword for the target: "customer" ("": it creates one)
    refusal: str = ""  # dotted path of ``refusal(target) -> str | None``
    # Dotted path of ``actor_refusal(target, actor) -> str | None``: why this staff member may not
    # make it although they hold the permission (who uploaded a document does not pre-review it).
    actor_refusal: str = ""
    # Dotted path of ``checker_refusal(target, checker, parameters) -> str | None``: why this
    # checker may not approve this request although they hold the permission (segregation of duties).
    checker_refusal: str = ""
    # Dotted path of ``approver_role_of(target, parameters) -> str``: the role that must approve
    # this particular request ("": the command's rule). A request with one always waits, whatever
    # the rule says (granting the compliance officer role: a compliance officer approves).
    approver_role_of: str = ""
    # The form's field that says why (kept on an approval request); "": the service is given no
    # reason, and the page asks one (``APPROVAL_REASON``) only when the command waits.
    reason_field: str = "reason"
    password: bool = False  # the staff member's password is asked again
    confidential: bool = False  # a pending request is shown only to those who see confidential data
    # Dotted path of ``confidential_of(parameters) -> bool``: a request confidential for what it
    # asks (a compliance-only note), when the command is not always.
    confidential_of: str = ""
    four_eyes: bool = False  # by default; administrators configure it (``CommandRule``)
    approver_role: str = ""  # by default: the role that may approve, else any holder of ``permission``
    emergency: bool = False  # an emergency stop never waits for a second person
    # Whether it may be made to wait for a second person: not when what it is given only lives
    # while the page is filled in (files, a new customer's whole record, objects found on the
    # page), nor a button with no page to say why (pinning a note). Such a command always runs at
    # once, and the rules page says it cannot be given a second person.
    may_wait: bool = True
    danger: bool = True
    success_message: str = ""
    tab: str = ""  # the profile tab the command belongs to (for a customer)
    # The target's fields a four-eyes request was asked on: if one of them changed before the
    # approval, the approval is refused (empty: every stored field of the target).
    compared: tuple[str, ...] = ()
    # Dotted path of ``target_url(target) -> str``: where the target is seen (a request's page
    # links there); without it, the customer's profile tab ``tab``.
    target_url: str = ""
    # Dotted path of ``state(target) -> dict``: what the request was asked on beyond the target's
    # own columns (its lines, its roles), as JSON labelled by key; compared like ``compared``.
    state: str = ""
    # A command on something held (a customer's card, a staff account): the URL's keyword naming
    # it and the dotted path of ``locate(owner, pk) -> target`` (404 when out of reach), the owner
    # being the customer, or the staff member viewing for a staff account.
    target_kwarg: str = ""
    locate: str = ""
    # Dotted paths of what its page says that depends on the target: ``effect_of(target)`` (else
    # ``effect``), ``outcome(result) -> str`` once done (else ``success_message``),
    # ``form_kwargs(owner, target) -> dict`` for its form.
    effect_of: str = ""
    outcome: str = ""
    form_kwargs: str = ""
    submit_label: str = ""  # the button, when not the label
    # Dotted path of ``preflight(target)``: what its page lists as still blocking it (deactivation:
    # balances, cards); the service refuses while anything does.
    preflight: str = ""
    # What always waits whatever the configured rule (``approver_role_of``), said on the rules page.
    fixed_rule: str = ""
    # The rule is what ``fixed_rule`` says, and cannot be changed: every request waits for the role
    # ``approver_role_of`` names (a true match), or nobody could approve a change (the
    # administrators who approve rule changes may not run the command).
    rule_fixed: bool = False
    # Its page shows the values back, after the service rehearsed them, before they are confirmed
    # (linking a beneficiary), in ``template`` when it has one of its own.
    review: bool = False
    template: str = ""
    # Dotted path of ``describe(parameters, snapshot) -> list[(label, value)]``: the request's
    # parameters as the checker reads them, beside what the target held when asked (``snapshot``),
    # when the form's labels do not say it (lines of a table); a value may be a list, a line each.
    describe: str = ""

    @cached_property
    def run(self) -> Callable[..., Any]:
        return import_string(self.service)

    @cached_property
    def form_class(self) -> type:
        return import_string(self.form)

    def refused(self, target, actor=None) -> str | None:
        """Why the command is not possible on ``target`` now (for ``actor``, when given), or None."""
        refusal = import_string(self.refusal)(target) if self.refusal else None
        if refusal is None and actor is not None and self.actor_refusal:
            refusal = import_string(self.actor_refusal)(target, actor)
        return refusal

    def is_confidential(self, parameters: dict[str, Any]) -> bool:
        return self.confidential or bool(self.confidential_of and import_string(self.confidential_of)(parameters))

    def url_of(self, target) -> str:
        return import_string(self.target_url)(target) if self.target_url else ""

    def refused_to_checker(self, target, checker, parameters: dict[str, Any]) -> str | None:
        if not self.checker_refusal:
            return None
        return import_string(self.checker_refusal)(target, checker, parameters)

    @property
    def always_waits(self) -> bool:
        """Every request waits for a second person, whatever the rules page says."""
        return self.rule_fixed and bool(self.approver_role_of)

    def approver_role_for(self, target, parameters: dict[str, Any]) -> str:
        return import_string(self.approver_role_of)(target, parameters) if self.approver_role_of else ""

    def state_of(self, target) -> dict[str, Any]:
        return import_string(self.state)(target) if self.state and target is not None else {}

    def effect_on(self, target) -> str:
        return import_string(self.effect_of)(target) if self.effect_of else self.effect

    def outcome_of(self, result) -> str:
        return import_string(self.outcome)(result) if self.outcome else self.success_message

    def form_kwargs_for(self, owner, target) -> dict[str, Any]:
        return import_string(self.form_kwargs)(owner, target) if self.form_kwargs else {}

    def located(self, owner, pk):
        return import_string(self.locate)(owner, pk)

    def described(self, parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]] | None:
        return import_string(self.describe)(parameters, snapshot) if self.describe else None

    @property
    def model(self):
        return apps.get_model(self.target_model)

    def execute(self, *, actor, target, params: dict[str, Any]):
        """Run the service on ``target`` (None: a command that creates it) with ``params`` as
        ``actor`` asked."""
        targets = {self.target_argument: target} if self.target_argument else {}
        return self.run(actor=actor, **targets, **params)


@dataclass
class CommandRegistry:
    _commands: dict[str, Command] = field(default_factory=dict)

    def register(self, *commands: Command) -> None:
        for command in commands:
            known = self._commands.get(command.name)
            if known is not None and known != command:
                raise ValueError(f"A command named {command.name!r} is already registered.")
            if (command.emergency or not command.may_wait) and command.four_eyes:
                raise ValueError(f"{command.name}: an emergency stop cannot wait for a second person.")
            self._commands[command.name] = command

    def get(self, name: str) -> Command:
        """The command ``name``; ``KeyError`` for a name no app declares."""
        return self._commands[name]

    def label_of(self, name: str) -> str:
        """The command's label, or its name when no app declares it any more (an old request)."""
        command = self._commands.get(name)
        return command.label if command is not None else name

    def all(self) -> list[Command]:
        return sorted(self._commands.values(), key=lambda command: command.name)


commands = CommandRegistry()
