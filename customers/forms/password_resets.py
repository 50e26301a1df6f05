"""The password-reset confirmation: it carries the address it showed, so the email goes only
where the staff member saw it would."""

from django import forms


class PasswordResetForm(forms.Form):
    email = forms.CharField(widget=forms.HiddenInput)
