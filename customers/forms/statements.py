"""The statement request (C "Statement"): accounts (none: all), currencies (multicurrency
accounts), the period and the format."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from ..masking import masked_iban
from ..models import Account, ExportFormat

CHECKS = forms.CheckboxSelectMultiple


class StatementForm(forms.Form):
    accounts = forms.ModelMultipleChoiceField(
        queryset=Account.objects.none(),
        required=False,
        widget=CHECKS,
        help_text="None ticked: every account.",
    )
    currencies = forms.MultipleChoiceField(
        required=False, widget=CHECKS, help_text="None ticked: every currency (multicurrency accounts)."
    )
    start_date = forms.DateField(label="From", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    end_date = forms.DateField(label="To", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    format = forms.ChoiceField(choices=ExportFormat.choices, widget=forms.RadioSelect, initial=ExportFormat.PDF)

    def __init__(self, *args, customer, viewer, **kwargs):
        today = timezone.localdate()
        defaults = {"start_date": (today.replace(day=1) - timedelta(days=1)).replace(day=1), "end_date": today}
        kwargs["initial"] = {**defaults, **(kwargs.get("initial") or {})}  # from the start of last month
        super().__init__(*args, **kwargs)
        accounts = Account.objects.filter(customer=customer).order_by("-is_primary", "kind", "id")
        self.fields["accounts"].queryset = accounts
        # The IBAN as the viewer may see it anywhere else (support agents: masked).
        self.fields["accounts"].label_from_instance = lambda a: (
            f"{a.name} · {a.currency} · {masked_iban(a.iban, viewer) if a.iban else a.number}"
        )
        currencies = sorted({a.currency for a in accounts})
        self.fields["currencies"].choices = [(c, c) for c in currencies]
