"""What every page of a declared command shares (``backoffice.commands``), whatever its target:
the view generated per command, the declaration it reads, whether it waits for a second person,
its button and its form. ``customers.views.commands.CustomerCommandView`` and
``views.staff.StaffCommandView`` put it in front of ``ServiceFormView``."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from ..commands import Command, commands
from ..services import approvals


class DeclaredCommand:
    command = ""  # the declared name

    @classmethod
    def for_command(cls, name: str, **attributes):
        """The view of the command ``name``, a class of its own that declares its permission (the
        URL policy check reads it)."""
        declared = commands.get(name)
        class_name = "".join(part.title() for part in name.replace("_", ".").split(".")) + "View"
        defaults = {"command": name, "permission_required": declared.permission, **cls.attributes_for(declared)}
        view_class: Any = type(class_name, (cls,), {**defaults, **attributes})
        return view_class.as_view()

    @classmethod
    def attributes_for(cls, declared: Command) -> dict[str, Any]:
        """What a kind of page takes from the declaration as class attributes."""
        return {}

    @property
    def declared(self) -> Command:
        return commands.get(self.command)

    @cached_property
    def four_eyes(self) -> bool:
        return approvals.needs_second_person(self.declared)

    @property
    def submit_label(self) -> str:
        return "Ask for approval" if self.four_eyes else self.declared.submit_label or self.declared.label

    def waiting_elsewhere(self, target, back_url: str):
        """Back to ``back_url`` with the request's number when one for this command on ``target``
        already waits: said before the form is filled in, not after (None otherwise)."""
        declared = self.declared
        if not (self.four_eyes or declared.approver_role_of):  # nothing of it can be waiting
            return None
        waiting = approvals.waiting_request(declared, target)
        if waiting is None:
            return None
        messages.error(self.request, approvals.already_waits(waiting))  # type: ignore[attr-defined]
        return redirect(back_url)

    def get_form_class(self):
        return self.declared.form_class

    def command_context(self, target) -> dict[str, Any]:
        declared = self.declared
        return {
            "effect": declared.effect_on(target),
            "danger": declared.danger,
            "four_eyes": self.four_eyes,
            "approval_ttl_hours": int(settings.APPROVAL_REQUEST_TTL.total_seconds() // 3600),
        }
