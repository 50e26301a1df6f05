"""The signed-in staff member's own account: password and authenticator app."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from .. import services
from ..access import ANY_STAFF, AccessMixin, signed_in_staff
from ..forms import NewPasswordForm, TotpCodeForm
from ..second_factor import confirmed_device, enrolling_device, finish_enrolling
from ..selectors import audit_entries_visible_to
from .auth import EnrolmentContextMixin


class AccountView(AccessMixin, TemplateView):
    permission_required = ANY_STAFF
    template_name = "backoffice/account/detail.html"

    def get_context_data(self, **kwargs):
        user = signed_in_staff(self.request)
        return super().get_context_data(
            title="My account",
            device=confirmed_device(user),
            sign_ins=audit_entries_visible_to(user).filter(actor=user, action__startswith="auth.")[:10],
            **kwargs,
        )


class ChangePasswordView(AccessMixin, FormView):
    """The current password is checked by re-authentication, where failures count towards the
    lockout and are audited."""

    permission_required = ANY_STAFF
    requires_recent_password = True
    form_class = NewPasswordForm
    template_name = "generic/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": signed_in_staff(self.request)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change my password", submit_label="Change password", cancel_url=reverse("account"), **kwargs
        )

    def form_valid(self, form):
        services.change_own_password(self.request, password=form.cleaned_data["new_password1"])
        messages.success(self.request, "Your password was changed.")
        return redirect("account")


class EnrolSecondFactorView(EnrolmentContextMixin, AccessMixin, FormView):
    """Add (or, after the password again, replace) the authenticator app of one's own account."""

    permission_required = ANY_STAFF
    form_class = TotpCodeForm
    template_name = "backoffice/auth/enrol.html"

    def needs_recent_password(self) -> bool:
        """Replacing an app asks the password again; adding the first one does not."""
        return confirmed_device(signed_in_staff(self.request)) is not None

    def get_context_data(self, **kwargs):
        device = enrolling_device(self.request, signed_in_staff(self.request))
        return super().get_context_data(
            title="Authenticator app", signing_in=False, **self.enrolment_context(device), **kwargs
        )

    def form_valid(self, form):
        user = signed_in_staff(self.request)
        device = enrolling_device(self.request, user)
        if not services.enrol_totp_device(user=user, device=device, token=form.cleaned_data["code"]):
            form.add_error(
                "code", "This code does not match. Check the app shows the 'Back office' entry you just added."
            )
            return self.form_invalid(form)
        finish_enrolling(self.request)
        otp_login(self.request, device)
        messages.success(
            self.request, "Your authenticator app is enrolled. You will need a code from it at every sign-in."
        )
        return redirect("account")
