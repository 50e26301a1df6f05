"""Forms of screening: validation only; the services decide."""

from django import forms

from backoffice.forms import CommandForm

from .models import ListSource


class DecisionForm(CommandForm):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What told them apart, or what proves it is them. Kept with the hit and in the audit log.",
    )


class UploadListForm(CommandForm):
    source = forms.ChoiceField(label="Format", choices=[("", "—"), *ListSource.choices])
    upload = forms.FileField(
        label="File",
        help_text="As its publisher publishes it (docs/operations.md says where): the EU's XML 1.1, the UN's "
        "consolidated XML, OFAC's classic SDN.XML, or OpenSanctions' FollowTheMoney JSON lines.",
    )
