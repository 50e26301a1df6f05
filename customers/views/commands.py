"""What the profile board's commands share: a confirmation page about one object of one
customer (a card, a beneficiary, a device), which restates the effect, calls one service and
goes back to the tab it came from."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from backoffice.services import auth as auth_services
from backoffice.views.auth import reauthentication_failure
from backoffice.views.generic import ConfirmView

from .profile import CustomerMixin

DEACTIVATED_REFUSAL = "This customer is deactivated: their profile is only read, nothing changes any more."


class OpenCustomerOnly:
    """A page that changes the customer (put first among the bases): a deactivated customer's
    sends the staff member back to the profile with the reason (T: deactivation is irreversible;
    the services refuse too)."""

    def get(self, request, *args, **kwargs):
        return self._deactivated() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._deactivated() or super().post(request, *args, **kwargs)

    def _deactivated(self):
        if not self.customer.is_deactivated:
            return None
        messages.error(self.request, DEACTIVATED_REFUSAL)
        return redirect(self.profile_url(getattr(self, "tab", "")))


class CommandView(OpenCustomerOnly, CustomerMixin, ConfirmView):
    """``tab``: where the customer's page goes back to; ``load_target`` loads the object and
    ``refusal`` says why its status no longer offers the command (a page opened before a
    colleague acted): the staff member is sent back to the tab with that message, not a 404. A
    deactivated customer offers no command at all (T: deactivation is irreversible)."""

    tab = ""
    template_name = "customers/confirm.html"

    def load_objects(self):
        super().load_objects()
        self.target = self.load_target()

    def load_target(self):
        return None

    def refusal(self) -> str | None:
        return None

    def get(self, request, *args, **kwargs):
        return self._refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refused() or super().post(request, *args, **kwargs)

    def _refused(self):
        if self.customer.is_deactivated:
            return self._deactivated()  # before the command's own refusal: the reason that matters
        message = self.refusal()
        if message is None:
            return None
        messages.error(self.request, message)
        return redirect(self.profile_url(self.tab))

    def get_cancel_url(self):
        return self.profile_url(self.tab)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target, back_url=self.profile_url(self.tab), back_label=str(self.customer), **kwargs
        )


class PasswordCheckedCommandView(CommandView):
    """A command the staff member confirms with their password (counted towards the lockout,
    like signing in): the form has a ``password`` field."""

    def form_valid(self, form):
        if not auth_services.reauthenticate(self.request, password=form.cleaned_data["password"]):
            return reauthentication_failure(self.request, form) or self.form_invalid(form)
        return super().form_valid(form)
