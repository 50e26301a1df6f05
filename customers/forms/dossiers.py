"""Asking for a customer's regulator dossier."""

from __future__ import annotations

from django import forms

from backoffice.forms import CommandForm


class DossierRequestForm(CommandForm):
    reason = forms.CharField(
        label="Why the dossier is needed",
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "The auditor or authority, and their request's reference."}
        ),
        help_text="Kept in the audit log with the request.",
        error_messages={"required": "Say why the dossier is needed: the reason is required."},
    )
