"""Writing a note on a customer, pinning and unpinning it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views import View

from backoffice.errors import DomainError
from backoffice.views.generic import ServiceFormView

from .. import services
from ..forms.notes import NoteForm
from ..selectors import holdings
from .permissions import ADD_NOTES
from .profile import CustomerMixin


class NoteAddView(CustomerMixin, ServiceFormView):
    """The form sits on the Notes tab; a wrong entry comes back here with the message by the field."""

    permission_required = ADD_NOTES
    form_class = NoteForm
    template_name = "customers/form.html"
    submit_label = "Add the note"
    success_message = "The note was added."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_title(self):
        return f"A note on {self.customer}"

    def get_cancel_url(self):
        return self.profile_url("notes")

    def perform(self, form):
        services.add_note(actor=self.request.user, customer=self.customer, **form.cleaned_data)
        return self.profile_url("notes")


class NotePinView(CustomerMixin, View):
    permission_required = ADD_NOTES
    http_method_names = ["post"]
    pinned = True

    def post(self, request, *args, **kwargs):
        note = holdings.note_of(request.user, self.customer, self.kwargs["note"])
        try:
            services.set_note_pinned(actor=request.user, note=note, pinned=self.pinned)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The note is pinned on top." if self.pinned else "The note is unpinned.")
        return redirect(self.profile_url("notes"))
