"""Writing a note on a customer."""

from __future__ import annotations

from django import forms

from ..choices import NoteVisibility

COMPLIANCE_NOTES = "customers.view_compliance_notes"


class NoteForm(forms.Form):
    body = forms.CharField(
        label="New note",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What happened, what was agreed, what to watch."}),
    )
    visibility = forms.ChoiceField(
        label="Who can read it", choices=NoteVisibility.choices, initial=NoteVisibility.EVERYONE
    )
    pinned = forms.BooleanField(label="Pin it on top", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_perm(COMPLIANCE_NOTES):
            self.fields["visibility"].choices = [(NoteVisibility.EVERYONE.value, NoteVisibility.EVERYONE.label)]
