"""The parameters of the customer lists' bulk actions (``customers.bulk_actions``), asked once for
the whole selection; each row's command gets them as ids and plain values (a request waiting for
a second person keeps them as JSON)."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from backoffice.forms import CommandForm

from ..models import ExportFormat, Tag


def _tag_choices(tags=None):
    tags = Tag.objects.filter(is_active=True) if tags is None else tags
    return [("", "Choose a tag"), *((str(pk), name) for pk, name in tags.values_list("pk", "name"))]


def _every_tag():
    return _tag_choices(Tag.objects.all())


class TagChoiceForm(CommandForm):
    """One tag in use (administrators keep the list: Dictionaries → Tags)."""

    tag = forms.TypedChoiceField(label="Tag", choices=_tag_choices, coerce=int)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)


class TagToRemoveForm(TagChoiceForm):
    """One tag, in use or retired."""

    tag = forms.TypedChoiceField(label="Tag", choices=_every_tag, coerce=int)


class StatementPeriodForm(CommandForm):
    """C "Statement" for each customer ticked: every account, every currency, one period and format."""

    start_date = forms.DateField(label="From", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    end_date = forms.DateField(label="To", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    export_format = forms.ChoiceField(
        label="Format", choices=ExportFormat.choices, widget=forms.RadioSelect, initial=ExportFormat.PDF
    )

    def __init__(self, *args, actor=None, **kwargs):
        today = timezone.localdate()
        defaults = {"start_date": (today.replace(day=1) - timedelta(days=1)).replace(day=1), "end_date": today}
        kwargs["initial"] = {**defaults, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        if end and end > timezone.localdate():
            self.add_error("end_date", "The end date is in the future.")
        return cleaned
