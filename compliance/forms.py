"""The compliance commands' forms (the command page adds the password where it is asked)."""

from django import forms

from backoffice.forms import CommandForm
from customers.choices import RiskLevel
from work.choices import WorkKind
from work.kinds import target_of

_CONFIDENTIAL = "Confidential: compliance officers and administrators only; never shown to the customer."


class StateReasonForm(CommandForm):
    """Suspend, block, reactivate: the state reason."""

    reason = forms.CharField(
        label="State reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_CONFIDENTIAL
    )


class FreezeCommentForm(CommandForm):
    """Set or lift a freeze: the mandatory comment."""

    comment = forms.CharField(
        label="Comment", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_CONFIDENTIAL
    )


class DeactivationForm(CommandForm):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_CONFIDENTIAL
    )
    confirm = forms.BooleanField(
        label="I understand that the deactivation is irreversible.",
        error_messages={"required": "Tick the box: a deactivated customer can never be reactivated."},
    )
    not_parameters = ("confirm",)


class RiskForm(CommandForm):
    level = forms.ChoiceField(label="Risk level", choices=RiskLevel.choices)
    score = forms.IntegerField(label="Score", min_value=0, max_value=100, help_text="0 (none) to 100.")
    last_review_on = forms.DateField(
        label="Last review", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    next_review_on = forms.DateField(
        label="Next review",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Confidential: compliance officers and administrators only.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = target_of(WorkKind.RISK_REVIEW).months_for
        self.fields["next_review_on"].help_text = (
            f"At the latest {months('high')} months after the last review for a high risk, {months('medium')} for a "
            f"medium one, {months('low')} for a low one. Left blank: that date."
        )
