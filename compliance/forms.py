"""The restriction commands' form: the reason (or comment) and the staff member's password."""

from django import forms

from customers.choices import RiskLevel


class RestrictionForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Confidential: compliance officers and administrators only; never shown to the customer.",
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your own back-office password, to confirm it is you.",
    )

    def __init__(self, *args, reason_label="Reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = reason_label


class DeactivationForm(RestrictionForm):
    confirm = forms.BooleanField(
        label="I understand that the deactivation is irreversible.",
        error_messages={"required": "Tick the box: a deactivated customer can never be reactivated."},
    )


class RiskForm(forms.Form):
    level = forms.ChoiceField(label="Risk level", choices=RiskLevel.choices)
    score = forms.IntegerField(label="Score", min_value=0, max_value=100, help_text="0 (none) to 100.")
    last_review_on = forms.DateField(
        label="Last review", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    next_review_on = forms.DateField(
        label="Next review", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Confidential: compliance officers and administrators only.",
    )
