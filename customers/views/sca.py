"""SCA device commands (seed 000): Secure (lock with a reason and a message), Unlock and Reset
PIN (after the identity check and the staff member's password), Delete."""

from __future__ import annotations

from .. import services
from ..choices import ScaDeviceStatus
from ..forms.holdings import IdentityCheckedForm, ScaDeleteForm, ScaSecureForm
from ..selectors import holdings
from ..services.sca import SCA_PERMISSIONS, sca_refusal
from .commands import CommandView, PasswordCheckedCommandView


class ScaCommandMixin:
    """Loads the device (404 when deleted or another customer's); a command its status or kind
    does not offer sends the staff member back to the tab with the reason (the same rule that
    builds the device's menu)."""

    tab = "sca-devices"
    command = ""

    def load_target(self):
        return holdings.sca_device_of(self.customer, self.kwargs["device"])

    def refusal(self):
        return sca_refusal(self.target, self.command)

    def get_title(self):
        return f"{self.submit_label} — {self.target}"


class ScaSecureView(ScaCommandMixin, CommandView):
    permission_required = SCA_PERMISSIONS["secure"]
    command = "secure"
    form_class = ScaSecureForm
    submit_label = "Secure SCA on this device"

    def get_effect(self):
        return (
            "The device is locked: the customer cannot confirm payments or sign in with it until it is unlocked. "
            "The reason and the message are shown with the device."
        )

    def perform(self, form):
        device = services.secure_sca_device(actor=self.request.user, device=self.target, **form.cleaned_data)
        self.success_message = (
            f"The device is locked ({device.get_lock_reason_display()}): the customer cannot confirm payments or "
            "sign in with it until it is unlocked."
        )
        return self.profile_url(self.tab)


class IdentityCheckedCommandView(ScaCommandMixin, PasswordCheckedCommandView):
    """Unlock and Reset PIN: the identity check and the password, then ``service``."""

    form_class = IdentityCheckedForm
    service = None

    def perform(self, form):
        device = type(self).service(
            actor=self.request.user, device=self.target, identity_checked=form.cleaned_data["identity_checked"]
        )
        self.success_message = self.done(device)
        return self.profile_url(self.tab)

    def done(self, device) -> str:
        return self.success_message


class ScaUnlockView(IdentityCheckedCommandView):
    permission_required = SCA_PERMISSIONS["unlock"]
    command = "unlock"
    service = staticmethod(services.unlock_sca_device)
    submit_label = "Unlock SCA for this device"

    def done(self, device) -> str:
        if device.status == ScaDeviceStatus.PASSCODE_MISSING:
            return "The device is unlocked: it still waits for the customer to choose a new PIN in the app."
        return "The device is unlocked: the customer can confirm payments with it again."

    def get_effect(self):
        device = self.target
        return (
            f"Whoever holds this device can confirm payments again. It was secured for: "
            f"{device.get_lock_reason_display() or 'no reason given'}. Do this only if you are sure of the "
            "customer's identity."
        )


class ScaResetPinView(IdentityCheckedCommandView):
    permission_required = SCA_PERMISSIONS["reset_pin"]
    command = "reset_pin"
    service = staticmethod(services.reset_sca_pin)
    submit_label = "Reset the PIN"
    success_message = "The customer is asked to choose a new PIN on the device."

    def get_effect(self):
        return (
            "The device's PIN is cleared (status Passcode missing): the customer chooses a new one in the app. "
            "Do this only if you are sure of the customer's identity."
        )


class ScaDeleteView(ScaCommandMixin, CommandView):
    permission_required = SCA_PERMISSIONS["delete"]
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
