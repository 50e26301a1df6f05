"""SCA device commands (seed 000): Secure (lock with a reason and a message), Unlock and Reset
PIN (after the identity check and the staff member's password), Delete."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .. import services
from ..forms.holdings import IdentityCheckedForm, ScaDeleteForm, ScaSecureForm
from ..selectors import holdings
from ..services.sca import SCA_PERMISSIONS, sca_commands
from .commands import CommandView, PasswordCheckedCommandView
from .permissions import BROWSE


class ScaCommandMixin:
    """Loads the device; 403 when the role may not run the command, 404 when the device's
    status or kind does not offer it (the same rule that builds the device's menu)."""

    permission_required = BROWSE
    tab = "sca-devices"
    command = ""

    def load_target(self):
        if not self.request.user.has_perm(SCA_PERMISSIONS[self.command]):
            raise PermissionDenied
        device = holdings.sca_device_of(self.customer, self.kwargs["device"])
        if self.command not in sca_commands(device, self.request.user):
            raise Http404("This device does not offer that command in its status.")
        return device

    def get_title(self):
        return f"{self.submit_label} — {self.target}"


class ScaSecureView(ScaCommandMixin, CommandView):
    command = "secure"
    form_class = ScaSecureForm
    submit_label = "Secure SCA on this device"
    success_message = "The device is locked."

    def get_effect(self):
        return (
            "The device is locked: the customer cannot confirm payments or sign in with it until it is unlocked. "
            "The reason and the message are shown with the device."
        )

    def perform(self, form):
        services.secure_sca_device(actor=self.request.user, device=self.target, **form.cleaned_data)
        return self.profile_url(self.tab)


class ScaUnlockView(ScaCommandMixin, PasswordCheckedCommandView):
    command = "unlock"
    form_class = IdentityCheckedForm
    submit_label = "Unlock SCA for this device"
    success_message = "The device is unlocked."

    def get_effect(self):
        device = self.target
        return (
            f"Whoever holds this device can confirm payments again. It was secured for: "
            f"{device.get_lock_reason_display() or 'no reason given'}. Do this only if you are sure of the "
            "customer's identity."
        )

    def perform(self, form):
        services.unlock_sca_device(
            actor=self.request.user, device=self.target, identity_checked=form.cleaned_data["identity_checked"]
        )
        return self.profile_url(self.tab)


class ScaResetPinView(ScaCommandMixin, PasswordCheckedCommandView):
    command = "reset_pin"
    form_class = IdentityCheckedForm
    submit_label = "Reset the PIN"
    success_message = "The customer is asked to choose a new PIN on the device."

    def get_effect(self):
        return (
            "The device's PIN is cleared (status Passcode missing): the customer chooses a new one in the app. "
            "Do this only if you are sure of the customer's identity."
        )

    def perform(self, form):
        services.reset_sca_pin(
            actor=self.request.user, device=self.target, identity_checked=form.cleaned_data["identity_checked"]
        )
        return self.profile_url(self.tab)


class ScaDeleteView(ScaCommandMixin, CommandView):
    command = "delete"
    form_class = ScaDeleteForm
    submit_label = "Delete the device"
    success_message = "The device is deleted. It stays listed under deleted devices."

    def get_effect(self):
        return (
            "The device is unenrolled: the customer must enrol a device again to confirm payments. "
            "It stays visible under View deleted devices."
        )

    def perform(self, form):
        services.delete_sca_device(actor=self.request.user, device=self.target, reason=form.cleaned_data["reason"])
        return self.profile_url(self.tab)
