"""Writing a note on a customer, pinning and unpinning it (commands of
``customers.profile_commands``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from backoffice.errors import DomainError

from ..selectors import holdings
from .commands import CustomerCommandView
from .permissions import ADD_NOTES


class NoteAddView(CustomerCommandView):
    """The form sits on the Notes tab; a wrong entry comes back here with the message by the field.
    A note may be written on a deactivated customer's profile (what was said stays on record)."""

    command, permission_required = "customers.note.add", ADD_NOTES

    def _refused(self):
        return self._already_asked()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def parameters_of(self, form):
        return {name: form.cleaned_data[name] for name in ("body", "visibility", "pinned")}


class NotePinView(CustomerCommandView):
    """POST only, from the note's button on the Notes tab: pinned, unpinned, or why not (a button:
    never waits for a second person, ``Command.may_wait``)."""

    http_method_names = ["post"]
    command, permission_required = "customers.note.pin", ADD_NOTES

    def load_objects(self):
        super().load_objects()
        self.target = holdings.note_of(self.request.user, self.customer, self.kwargs["note"])

    def post(self, request, *args, **kwargs):
        try:
            self.ask_or_run(self.target, {}, customer_id=self.customer.pk)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success_message)
        return redirect(self.profile_url("notes"))
