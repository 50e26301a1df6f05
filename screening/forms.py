"""Forms of screening: validation only; the services decide."""

from django import forms

from backoffice.forms import CommandForm


class DecisionForm(CommandForm):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What told them apart, or what proves it is them. Kept with the hit and in the audit log.",
    )
