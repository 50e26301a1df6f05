"""The password-reset confirmation: it carries the address it showed, so the email goes only
where the staff member saw it would."""

from django import forms

from backoffice.forms import CommandForm


class PasswordResetForm(CommandForm):
    email = forms.CharField(widget=forms.HiddenInput)

    def parameters(self) -> dict:
        return {"confirmed_email": self.cleaned_data["email"]}
