"""What every page of a declared command shares (``backoffice.commands``), whatever its target:
the view generated per command, the declaration it reads, whether it waits for a second person,
its button and its form. ``customers.views.commands.CustomerCommandView`` and
``views.staff.StaffCommandView`` put it in front of ``ServiceFormView``."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from ..access import signed_in_staff
from ..commands import APPROVAL_REASON, Command, commands
from ..services import approvals
from .generic import ServiceFormView


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

    def get_form(self, form_class=None):
        """The declared form, with the reason a second person reads when the command waits for one
        and its own form asks none (an identity edit, a note)."""
        form = super().get_form(form_class)  # type: ignore[misc]
        declared = self.declared
        # A command that waits for some requests only (``approver_role_of``: a new type waits, a
        # new language does not) asks why too, needed only when it waits.
        sometimes = bool(declared.approver_role_of) and not self.four_eyes
        if (self.four_eyes or sometimes) and not declared.reason_field:
            form.fields[APPROVAL_REASON] = forms.CharField(
                label="Why (for the approver)",
                max_length=1000,
                required=not sometimes,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=(
                    "Needed only when this change waits for a second person. " + declared.effect
                    if sometimes
                    else "A second person reads it before approving; nothing changes until then."
                ),
            )
            helper = getattr(form, "helper", None)  # a laid-out form lists its fields
            if helper is not None and helper.layout is not None:
                helper.layout.append(APPROVAL_REASON)
        return form

    def ask_or_run(self, target, parameters: dict[str, Any], *, form=None, customer_id=None, now_only=None):
        """Run the command on ``target`` as the signed-in staff member asks, or store the request a
        second person approves (with the reason ``form`` was given); the page's message says
        which. What the service returned, or None while the request waits."""
        declared = self.declared
        approval, result = approvals.ask_or_run(
            command=declared,
            actor=signed_in_staff(self.request),  # type: ignore[attr-defined]
            target=target,
            parameters=parameters,
            customer_id=customer_id,
            now_only=now_only,
            reason=form.cleaned_data.get(APPROVAL_REASON, "") if form is not None else "",
        )
        message = declared.outcome_of(result) if approval is None else approvals.waiting_message(approval)
        if message:
            self.success_message = message
        return result

    def command_context(self, target) -> dict[str, Any]:
        declared = self.declared
        return {
            "effect": declared.effect_on(target),
            "danger": declared.danger,
            "four_eyes": self.four_eyes,
            "approval_ttl_hours": int(settings.APPROVAL_REQUEST_TTL.total_seconds() // 3600),
        }


class LocatedCommandView(DeclaredCommand, ServiceFormView):  # type: ignore[override]  # submit_label: a property
    """The page of one declared command on an object the URL names by ``pk`` (a work item, a
    watchlist hit), generated by ``for_command``: the object in the viewer's reach
    (``Command.locate``, 404 otherwise), the command's refusal said before the form, and back to
    the object's page (``Command.target_url``) after."""

    template_name = "generic/confirm.html"

    def load_objects(self):
        self.target = self.declared.located(signed_in_staff(self.request), self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self._refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refused() or super().post(request, *args, **kwargs)

    def _refused(self):
        refusal = self.declared.refused(self.target, signed_in_staff(self.request))
        if refusal is None:
            return None
        messages.error(self.request, refusal)
        return redirect(self.target_url())

    def target_url(self) -> str:
        return self.declared.url_of(self.target)

    def get_form_kwargs(self):
        extra = self.declared.form_kwargs_for(signed_in_staff(self.request), self.target)
        return {**super().get_form_kwargs(), **extra}

    def perform(self, form):
        customer_id = getattr(self.target, "customer_id", None)
        self.ask_or_run(self.target, form.parameters(), form=form, customer_id=customer_id)
        return self.target_url()

    def get_title(self):
        return f"{self.declared.label}: {self.target}"

    def get_cancel_url(self):
        return self.target_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.command_context(self.target), **kwargs)
