"""Forms of the work queues: validation only; the services decide."""

from __future__ import annotations

from django import forms

from backoffice.forms import CommandForm
from backoffice.models import StaffUser


class SnoozeForm(CommandForm):
    until = forms.DateTimeField(
        label="Until",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="It comes back to the list by itself then.",
    )
    reason = forms.CharField(label="Why it waits", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReassignForm(CommandForm):
    assignee = forms.ModelChoiceField(
        label="Give it to",
        queryset=StaffUser.objects.none(),
        required=False,
        empty_label="Nobody: back to the queue",
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["assignee"].queryset = candidates
