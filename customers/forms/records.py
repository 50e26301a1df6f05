"""Forms of employment records and metadata: validation only; the services decide."""

from django import forms

from backoffice.forms import CommandForm

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class EmploymentForm(CommandForm):
    employer = forms.CharField(label="Employer", max_length=140)
    position = forms.CharField(label="Position", max_length=100, required=False)
    started_on = forms.DateField(label="From", required=False, widget=DATE)
    ended_on = forms.DateField(label="To", required=False, widget=DATE, help_text="Empty while it lasts.")


class MetadataForm(CommandForm):
    key = forms.CharField(
        label="Key", max_length=64, help_text="Lower-case letters, digits, and . _ -; an existing key is changed."
    )
    value = forms.CharField(label="Value", max_length=500)
