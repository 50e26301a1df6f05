"""The pages of the declared commands on a customer (``backoffice.commands``), and what every
page that changes a customer shares: a deactivated customer's is refused."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.module_loading import import_string

from backoffice.access import signed_in_staff
from backoffice.errors import DomainError
from backoffice.forms import password_field
from backoffice.services import approvals
from backoffice.views.auth import wrong_password
from backoffice.views.commands import DeclaredCommand
from backoffice.views.generic import ServiceFormView

from .profile import CustomerMixin

DEACTIVATED_REFUSAL = "This customer is deactivated: their profile is only read, nothing changes any more."


class OpenCustomerOnly:
    """A page that changes the customer (put first among the bases): a deactivated customer's
    sends the staff member back to the profile with the reason (T: deactivation is irreversible;
    the services refuse too)."""

    def get(self, request, *args, **kwargs):
        return self._refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refused() or super().post(request, *args, **kwargs)

    def _refused(self):
        """The answer that refuses the page (a redirect with the reason), or None. A command's
        page adds its own reasons after this one, the one that matters most."""
        return self._deactivated()

    def _deactivated(self):
        if not self.customer.is_deactivated:
            return None
        messages.error(self.request, DEACTIVATED_REFUSAL)
        return redirect(self.profile_url(getattr(self, "tab", "")))


class CustomerCommandView(OpenCustomerOnly, CustomerMixin, DeclaredCommand, ServiceFormView):
    """The page of one declared command (``backoffice.commands``) on a customer or on something
    they hold (a card, a device: ``Command.target_kwarg``), generated from its declaration by
    ``for_command``: the refusal before the form, the form, the password when asked, the effect
    restated; then the service runs, or, when the command needs a second person, an approval
    request is stored and nothing changes yet. A page whose form needs more (a profile section's
    initial values) subclasses it once, naming its ``command`` and ``permission_required``, and
    is used as it is (``as_view``): three levels of the panel's classes at most under a view."""

    template_name = "generic/confirm.html"

    @property
    def tab(self) -> str:
        return self.declared.tab

    def load_objects(self):
        super().load_objects()
        declared = self.declared
        if declared.target_kwarg:
            self.target = declared.located(self.customer, self.kwargs[declared.target_kwarg])
        else:
            self.target = self.customer

    def _refused(self):
        if self.customer.is_deactivated:
            return self._deactivated()
        message = self.declared.refused(self.target, signed_in_staff(self.request))
        if message is None:
            return self._already_asked()
        messages.error(self.request, message)
        return redirect(self.profile_url(self.declared.tab))

    def _already_asked(self):
        return self.waiting_elsewhere(self.target, self.profile_url(self.declared.tab))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.declared.form_kwargs_for(self.customer, self.target)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.declared.password:
            form.fields["password"] = password_field()
            helper = getattr(form, "helper", None)  # a laid-out form lists its fields: the password last
            if helper is not None and helper.layout is not None:
                helper.layout.append("password")
        return form

    def get_template_names(self):
        return [self.declared.template or self.template_name]

    def form_valid(self, form):
        return (
            (self.declared.password and wrong_password(self, form)) or self._reviewed(form) or super().form_valid(form)
        )

    def _reviewed(self, form):
        """A command that shows its values back (``Command.review``): its service rehearses them
        first (what it would refuse is said at once, next to the field), then the page restates
        them, hidden in the form, with the button that confirms them."""
        if not self.declared.review or self.request.POST.get("confirmed") == "1":
            return None
        try:
            approvals.rehearse(self.declared, signed_in_staff(self.request), self.target, form.parameters())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        for field in form.fields.values():  # what is confirmed is what was reviewed
            field.widget = forms.HiddenInput()
        context = self.get_context_data(form=form, confirming=True, values=form.cleaned_data)
        if not self.four_eyes:
            context["submit_label"] = self.declared.label
        return self.render_to_response(context)

    def get_initial(self):
        return {**super().get_initial(), "version": self.customer.version}  # for a form that has it

    def parameters_of(self, form) -> dict:
        """What the service is given (a page whose form says it otherwise overrides this)."""
        return form.parameters()

    def perform(self, form):
        # A form opened at a version (a profile section) gives it to the service when the change is
        # made now; a request waiting for a second person is compared with the customer instead.
        now_only = {"version": form.cleaned_data["version"]} if "version" in form.fields else None
        self.ask_or_run(
            self.target, self.parameters_of(form), form=form, customer_id=self.customer.pk, now_only=now_only
        )
        return self.profile_url(self.declared.tab)

    def get_title(self):
        return f"{self.declared.label} — {self.target}"

    def get_cancel_url(self):
        return self.profile_url(self.declared.tab)

    def get_context_data(self, **kwargs):
        declared = self.declared
        context = super().get_context_data(
            **self.command_context(self.target),
            back_url=self.profile_url(declared.tab),
            back_label=str(self.customer),
            target=self.target,
            preflight=import_string(declared.preflight)(self.target) if declared.preflight else None,
            **kwargs,
        )
        form_label = getattr(context.get("form"), "submit_label", "")
        if self.declared.review and not context.get("confirming"):
            context["submit_label"] = "Review the details"
        elif form_label and not self.four_eyes:  # the form knows better (a card already locked is reported)
            context["submit_label"] = form_label
        return context
