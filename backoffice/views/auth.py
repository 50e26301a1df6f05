"""Signing in: password, then the TOTP second factor (or its enrolment), signing out, the lockout
page, re-entering the password for sensitive actions, and choosing a password from a link."""

import base64

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView

from .. import services
from ..access import ANY_STAFF, PUBLIC, AccessMixin
from ..auth_session import forget_pending_user, pending_user_id, remember_pending_user
from ..demo import demo_accounts_for_login_page
from ..forms import LoginForm, NewPasswordForm, PasswordConfirmForm, TotpCodeForm
from ..models import StaffUser
from ..second_factor import confirmed_device, enrolling_device, finish_enrolling
from ..selectors import lockout_ends_at

SESSION_NEXT = "backoffice_login_next"


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown to a locked-out username (django-axes calls it too): when to retry."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "username": username,
        "retry_at": lockout_ends_at(username),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "backoffice/auth/locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class LoginView(AccessMixin, FormView):
    permission_required = PUBLIC
    form_class = LoginForm
    template_name = "backoffice/auth/login.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        forget_pending_user(request)  # coming back here abandons a half-finished sign-in
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            demo_accounts=demo_accounts_for_login_page(),
            demo_password=settings.DEMO_PASSWORD,
            enrolment_optional=settings.DEBUG,
            **kwargs,
        )

    def form_valid(self, form):
        request = self.request
        username, password = form.cleaned_data["username"], form.cleaned_data["password"]
        credentials = {"username": username}
        if AxesProxyHandler.is_locked(request, credentials):
            services.record_failed_login(username=username, locked_out=True, already_locked=True)
            return lockout_response(request, credentials=credentials)
        user = authenticate(request, username=username, password=password)
        if user is None:
            locked_now = getattr(request, "axes_locked_out", False)
            services.record_failed_login(username=username, locked_out=locked_now)
            if locked_now:
                return lockout_response(request, credentials=credentials)
            left = settings.AXES_FAILURE_LIMIT - AxesProxyHandler.get_failures(request, credentials)
            message = "The username or password is not right."
            if left <= 2:
                message += (
                    f" {left} more failed attempt{'s' if left != 1 else ''} will lock the account for 30 minutes."
                )
            form.add_error(None, message)
            return self.form_invalid(form)
        remember_pending_user(request, user)
        request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next"))
        if confirmed_device(user) is None:
            return redirect("login-enrol")
        return redirect("login-verify")


class PendingSignInMixin(AccessMixin):
    """The second step of signing in: the password was right a moment ago."""

    permission_required = PUBLIC
    pending_user: StaffUser

    def dispatch(self, request, *args, **kwargs):
        user_id = pending_user_id(request)
        pending = StaffUser.objects.filter(pk=user_id, is_active=True).first() if user_id else None
        if pending is None:
            messages.info(request, "Please sign in again.")
            return redirect("login")
        self.pending_user = pending
        return self.wrong_step() or super().dispatch(request, *args, **kwargs)

    def wrong_step(self):
        """A redirect when the user belongs on the other second step (verify or enrol)."""
        return None

    def finish(self, device):
        finish_enrolling(self.request)
        services.complete_sign_in(self.request, user=self.pending_user, device=device)
        return redirect(_safe_next(self.request, self.request.session.pop(SESSION_NEXT, None)))


class SecondFactorView(PendingSignInMixin, FormView):
    form_class = TotpCodeForm
    template_name = "backoffice/auth/verify.html"

    def wrong_step(self):
        return None if confirmed_device(self.pending_user) else redirect("login-enrol")

    def form_valid(self, form):
        device = confirmed_device(self.pending_user)
        if device is None:  # reset by an administrator since this request's step check: enrol one
            return redirect("login-enrol")
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            return self.finish(device)
        services.record_failed_second_factor(user=self.pending_user)
        if allowed:
            form.add_error("code", "This code is not right or has expired. Type the code your app shows now.")
        else:
            form.add_error("code", "Too many wrong codes in a row: wait a little (longer after each), then try again.")
        return self.form_invalid(form)


class EnrolmentContextMixin:
    """Shows the QR code and key of the device being enrolled."""

    def enrolment_context(self, device):
        return {
            "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret": _grouped(device.key),
        }


def _grouped(hex_key: str) -> str:
    secret = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class EnrolDuringSignInView(EnrolmentContextMixin, PendingSignInMixin, FormView):
    """First sign-in (or after an administrator reset the second factor): enrol an app."""

    form_class = TotpCodeForm
    template_name = "backoffice/auth/enrol.html"

    def wrong_step(self):
        """Someone with an authenticator app types its code; they never see a new secret."""
        return redirect("login-verify") if confirmed_device(self.pending_user) else None

    def get_context_data(self, **kwargs):
        device = enrolling_device(self.request, self.pending_user)
        return super().get_context_data(
            can_skip=settings.DEBUG, signing_in=True, **self.enrolment_context(device), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "skip" in request.POST and settings.DEBUG:
            return self.finish(None)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        device = enrolling_device(self.request, self.pending_user)
        if services.enrol_totp_device(user=self.pending_user, device=device, token=form.cleaned_data["code"]):
            return self.finish(device)
        form.add_error("code", "This code does not match. Check the app shows the 'Back office' entry you just added.")
        return self.form_invalid(form)


class LogoutView(AccessMixin, View):
    permission_required = ANY_STAFF
    http_method_names = ["post"]

    def post(self, request):
        services.sign_out(request)
        messages.info(request, "You are signed out.")
        return redirect("login")


def reauthentication_failure(request, form):
    """After a wrong password entered again: the lockout page once the account is locked (and
    the session ended), else None, with the error next to the form's ``password`` field."""
    if getattr(request, "axes_locked_out", False):
        username = request.user.get_username()
        services.sign_out(request, reason="locked out after wrong passwords")
        return lockout_response(request, credentials={"username": username})
    form.add_error("password", "This is not your password.")
    return None


def wrong_password(view, form):
    """None when the form's ``password`` is the signed-in member's (counted towards the lockout,
    as signing in); else the answer: the lockout page, or the form again with the error."""
    if services.reauthenticate(view.request, password=form.cleaned_data["password"]):
        return None
    return reauthentication_failure(view.request, form) or view.form_invalid(form)


class ReauthenticateView(AccessMixin, FormView):
    """'Enter your password again': valid for 5 minutes of sensitive actions."""

    permission_required = ANY_STAFF
    form_class = PasswordConfirmForm
    template_name = "backoffice/auth/reauthenticate.html"

    def form_valid(self, form):
        request = self.request
        if services.reauthenticate(request, password=form.cleaned_data["password"]):
            return redirect(_safe_next(request, request.GET.get("next")))
        return reauthentication_failure(request, form) or self.form_invalid(form)


class SetPasswordView(AccessMixin, PasswordResetConfirmView):
    """A staff member chooses their password from an invitation or reset link (single use)."""

    permission_required = PUBLIC
    form_class = NewPasswordForm
    template_name = "backoffice/auth/set_password.html"

    def form_valid(self, form):
        services.set_password_from_link(user=form.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return redirect("login")
