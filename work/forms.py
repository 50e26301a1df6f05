"""Forms of the work queues: validation only; the services decide."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms

from backoffice.forms import CommandForm
from backoffice.models import StaffUser
from backoffice.roles import ROLES

from .calendar import holiday_countries, panel_country
from .choices import WorkKind
from .kinds import DEFAULT_TARGETS


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


class BulkAssignForm(ReassignForm):
    """The bulk "Assign" of the work list (``work.bulk_actions``): one colleague for every item
    ticked (or nobody); each item refuses a colleague who may not do it."""

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.label = "Give them to"
        field.queryset = (
            StaffUser.objects.filter(is_active=True, groups__isnull=False)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


MONTHS = ("months_high", "months_medium", "months_low")
MONTHS_HELP = "From 1 to 120 months each; a higher risk is reviewed at least as often as a lower one."
CALENDAR = ("holidays_country", "opens_at", "closes_at")
CALENDAR_HELP = "Working hours count only then, Monday to Friday. Both times blank: 09:00 to 17:00."


class WorkTargetForm(CommandForm):
    """A kind's target (``work.targets.set_target``): only the fields that apply to the kind are
    shown (working hours or days ahead; review intervals for risk reviews), the others are given
    to the service as None. The service checks the ranges and says so next to the field."""

    working_hours = forms.IntegerField(
        label="Deadline, in working hours",
        required=False,
        help_text="Counted from when the item opens, over the team's working hours below. From 1 to 500.",
    )
    days_ahead = forms.IntegerField(
        label="Opens how many days ahead",
        required=False,
        help_text="The item opens this many days before the date it is about, which is its deadline. From 1 to 365.",
    )
    holidays_country = forms.ChoiceField(
        label="Public holidays of",
        required=False,
        choices=lambda: [("", f"{panel_country()} (the panel's calendar)"), *holiday_countries().items()],
        help_text="The team that does this kind of work is off on that country's public holidays.",
    )
    opens_at = forms.TimeField(
        label="Opens at", required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label="Closes at", required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    grace_hours = forms.IntegerField(
        label="Grace after the deadline, in hours",
        help_text="An item still open this long after its deadline is escalated, once (0: as soon as it is late).",
    )
    escalation_role = forms.ChoiceField(
        label="Escalate to",
        required=False,
        choices=[("", "Nobody: no escalation"), *((role, role) for role in ROLES)],
        help_text="The active members of this role get one email listing the items past their grace.",
    )
    months_high = forms.IntegerField(label="High risk", required=False)
    months_medium = forms.IntegerField(label="Medium risk", required=False)
    months_low = forms.IntegerField(label="Low risk", required=False)
    reason = forms.CharField(
        label="Why the target changes",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log.",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not kind:
            return
        default = DEFAULT_TARGETS[WorkKind(kind)]
        counted, unused = (
            ("days_ahead", ["working_hours"]) if default.days_ahead is not None else ("working_hours", ["days_ahead"])
        )
        self.fields[counted].required = True
        if not default.months_by_level:
            unused += list(MONTHS)
        if default.days_ahead is not None:  # a date-driven kind counts no working hours
            unused += list(CALENDAR)
        for name in unused:
            del self.fields[name]
        if default.days_ahead is None:
            self.helper = FormHelper(self)
            self.helper.form_tag, self.helper.disable_csrf = False, True
            legend = '<span class="fs-6">The team\'s working hours</span>'
            self.helper.layout = Layout(
                counted,
                Fieldset(
                    legend,
                    "holidays_country",
                    Row(Column("opens_at", css_class="col-sm-6"), Column("closes_at", css_class="col-sm-6")),
                    HTML(f'<p class="form-text mt-0">{CALENDAR_HELP}</p>'),
                ),
                "grace_hours",
                "escalation_role",
                "reason",
                "version",
            )
        if default.months_by_level:
            for name in MONTHS:
                self.fields[name].required = True
            self.helper = FormHelper(self)
            self.helper.form_tag, self.helper.disable_csrf = False, True
            legend = '<span class="fs-6">Review a customer every … months, by risk level</span>'
            self.helper.layout = Layout(
                counted,
                "grace_hours",
                "escalation_role",
                Fieldset(
                    legend,
                    Row(*(Column(name, css_class="col-sm-4") for name in MONTHS)),
                    HTML(f'<p class="form-text mt-0">{MONTHS_HELP}</p>'),
                ),
                "reason",
                "version",
            )

    def parameters(self) -> dict:
        """Every parameter of ``set_target``: a field the kind does not show is None."""
        hidden = {
            **dict.fromkeys(("working_hours", "days_ahead", *MONTHS, "opens_at", "closes_at")),
            "holidays_country": "",
        }
        return {**hidden, **super().parameters()}
