"""An entry of a dictionary administrators keep."""

from __future__ import annotations

from django import forms


class DictionaryEntryForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "customer_type" in self.fields:
            self.fields[
                "customer_type"
            ].help_text = "Offered only to customers of this type; empty for those without one."

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
