"""T "Send forgot password": a confirmation that shows the exact address, then the service
(rate-limited, audited) and a Celery task that sends the link. Staff never set or see the
customer's password."""

from __future__ import annotations

from django.conf import settings

from ..forms.password_resets import PasswordResetForm
from ..services import password_resets
from .commands import CommandView
from .permissions import SEND_PASSWORD_RESET


class PasswordResetView(CommandView):
    permission_required = SEND_PASSWORD_RESET
    template_name = "customers/password_reset.html"
    form_class = PasswordResetForm
    submit_label = "Send the reset email"
    danger = False

    def get_title(self):
        return f"Send forgot password — {self.customer}"

    def refusal(self):
        """No address, a canceled customer, or the hourly limit reached (a page opened earlier)."""
        customer = self.customer
        return password_resets.reset_refusal(customer) or password_resets.limit_message(
            password_resets.next_allowed_at(customer)
        )

    def get_initial(self):
        return {"email": self.customer.primary_email}

    def get_effect(self):
        minutes = int(settings.CUSTOMER_PASSWORD_RESET_LINK.total_seconds() // 60)
        return (
            f"The customer receives a link to choose a new password in their app. The link works once, for "
            f"{minutes} minutes, and any earlier link stops working. Their current password keeps working until "
            "they choose a new one. You never see or set the password."
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            address=self.customer.primary_email,
            next_allowed_at=password_resets.next_allowed_at(self.customer),
            **kwargs,
        )

    def perform(self, form):
        reset = password_resets.request_password_reset(
            actor=self.request.user, customer=self.customer, confirmed_email=form.cleaned_data["email"]
        )
        self.success_message = f"The reset email is on its way to {reset.email}."
        return self.profile_url()
