"""The tax residences dialog: one line per country (validation of each TIN here, next to its
field; the rules between lines are the service's)."""

from __future__ import annotations

from django import forms
from django_countries import countries

from .tin import InvalidTin, normalised_tin


class TaxResidenceForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    country = forms.ChoiceField(label="Country", choices=[("", "—"), *countries])
    tin = forms.CharField(label="Tax identification number (TIN)", max_length=30, required=False)
    tin_waiver = forms.BooleanField(label="Liability waiver instead of a TIN", required=False)

    def clean(self):
        cleaned = super().clean()
        country, tin = cleaned.get("country"), cleaned.get("tin", "")
        if country and tin:
            try:
                cleaned["tin"] = normalised_tin(country, tin)
            except InvalidTin as error:
                self.add_error("tin", str(error))
        return cleaned


TaxResidenceFormSet = forms.formset_factory(TaxResidenceForm, extra=1, can_delete=True, max_num=20, validate_max=True)
