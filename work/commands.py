"""The work queues' commands (``backoffice.commands``): taking an item, giving it back, snoozing
it and giving it to a colleague. Assigning work changes no customer: none ever waits for a
second person (``may_wait``). And the administrators' change of a kind's target (below), which may."""

from typing import Any

from django.http import Http404
from django.urls import reverse

from backoffice.commands import Command, commands

from .choices import WorkKind
from .kinds import DEFAULT_TARGETS
from .models import WorkTarget
from .targets import TARGET_FIELDS, stored_or_default_target, target_version

ON_ITEM = {
    "permission": "customers.browse_customers",
    "target_model": "work.workitem",
    "target_argument": "item",
    "target_kwarg": "pk",
    "locate": "work.selectors.item_visible_to",
    "target_url": "work.selectors.item_url",
    "may_wait": False,
    "danger": False,
}

# The URL's last segment (work/<pk>/<slug>/) → command.
URL_SLUGS = {
    "take": "work.item.take",
    "give-back": "work.item.give_back",
    "snooze": "work.item.snooze",
    "reassign": "work.item.reassign",
}


def register_commands() -> None:
    commands.register(
        Command(
            name="work.item.take",
            label="Take it",
            service="work.services.take_item",
            refusal="work.services.pending_refusal",
            actor_refusal="work.services.take_actor_refusal",
            form="backoffice.forms.CommandForm",
            effect="The item is yours: it leaves the unassigned queue and the others see who has it.",
            success_message="The item is yours.",
            reason_field="",
            **ON_ITEM,
        ),
        Command(
            name="work.item.give_back",
            label="Give it back",
            service="work.services.give_back",
            refusal="work.services.give_back_refusal",
            actor_refusal="work.services.give_back_actor_refusal",
            form="backoffice.forms.CommandForm",
            effect="The item goes back to the queue, assigned to nobody.",
            success_message="The item is back in the queue.",
            reason_field="",
            **ON_ITEM,
        ),
        Command(
            name="work.item.snooze",
            label="Snooze it",
            service="work.services.snooze",
            refusal="work.services.pending_refusal",
            actor_refusal="work.services.move_actor_refusal",
            form="work.forms.SnoozeForm",
            effect=(
                "The item stays in the list, marked Snoozed, and out of Take next until the moment chosen (90 days "
                "at most), with the reason; its deadline stays."
            ),
            success_message="The item is snoozed.",
            **ON_ITEM,
        ),
        Command(
            name="work.item.reassign",
            label="Give it to a colleague",
            service="work.services.reassign",
            refusal="work.services.reassign_refusal",
            actor_refusal="work.services.move_actor_refusal",
            form="work.forms.ReassignForm",
            form_kwargs="work.selectors.reassign_form_kwargs",
            effect="The item becomes theirs (or nobody's); only a colleague who may do it can have it.",
            success_message="The item is reassigned.",
            reason_field="",
            **ON_ITEM,
        ),
    )
    register_target_commands()


# --- Targets (issue 19): a kind's deadline, grace and escalation, set by administrators. A target
# is configuration that moves every team's deadlines: like the other settings administrators
# keep (limits, fees), it may be made to wait for a second person (``may_wait``), off by default
# (``four_eyes``); the rules page turns it on. Its target is the kind's ``WorkTarget`` row, whose
# primary key is the kind (the approvals keep it as text): created with the defaults when the
# change is made, never when a page only shows it.
TARGET_COMMAND = "work.target.set"


def register_target_commands() -> None:
    commands.register(
        Command(
            name=TARGET_COMMAND,
            label="Change a work target",
            permission="work.manage_work_targets",
            service="work.targets.set_target",
            form="work.forms.WorkTargetForm",
            form_kwargs="work.commands.target_form_kwargs",
            effect="Items of this kind opened from now on follow the new target; open ones keep their deadline.",
            effect_of="work.commands.target_effect",
            target_model="work.worktarget",
            target_argument="target",
            target_kwarg="kind",
            locate="work.commands.target_to_edit",
            target_url="work.commands.targets_url",
            describe="work.commands.describe_target",
            danger=False,
            submit_label="Save the target",
            success_message="The target is saved: items opened from now on follow it.",
        )
    )


def target_to_edit(owner, kind: str) -> WorkTarget:
    """The kind's target as stored, or its defaults (unsaved); 404 for a kind that does not exist."""
    if kind not in WorkKind.values:
        raise Http404("No such kind of work.")
    return stored_or_default_target(kind)


def targets_url(target: WorkTarget) -> str:
    return reverse("work-targets")


def target_form_kwargs(owner, target: WorkTarget) -> dict[str, Any]:
    initial = {name: getattr(target, name) for name in TARGET_FIELDS}
    return {"kind": target.kind, "initial": {**initial, "version": target_version(target)}}


def target_effect(target: WorkTarget) -> str:
    default = DEFAULT_TARGETS[WorkKind(target.kind)]
    if default.days_ahead is None:
        deadline = (
            "Items of this kind opened from now on are due after the new number of working hours; items already "
            "open keep their deadline."
        )
    else:
        deadline = (
            "From the next hourly sweep, items of this kind open the new number of days before their date; items "
            "already open stay."
        )
    months = ""
    if default.months_by_level:
        months = " Each risk review recorded from now on sets the next one within the new intervals."
    return f"{deadline} The grace and the escalation role apply to every open item from the next sweep.{months}"


def describe_target(parameters: dict[str, Any], snapshot: dict[str, Any]) -> list[tuple[str, Any]]:
    """A request as the checker reads it: each value asked beside the one stored when asked."""
    kind = snapshot.get("kind", "")
    default = DEFAULT_TARGETS.get(WorkKind(kind)) if kind in WorkKind.values else None
    labels = {
        "working_hours": "Deadline (working hours)",
        "days_ahead": "Opens (days ahead)",
        "grace_hours": "Grace (hours)",
        "escalation_role": "Escalate to",
        "months_high": "High risk: every (months)",
        "months_medium": "Medium risk: every (months)",
        "months_low": "Low risk: every (months)",
        "holidays_country": "Public holidays of",
        "opens_at": "Opens at",
        "closes_at": "Closes at",
    }
    lines: list[tuple[str, Any]] = [("Kind", WorkKind(kind).label if default else kind)]
    for name, label in labels.items():
        asked, stored = parameters.get(name), snapshot.get(name)
        if asked is None and stored is None:
            continue  # does not apply to this kind
        if name == "escalation_role":
            asked, stored = asked or "Nobody", stored or "Nobody"
        if name in ("holidays_country", "opens_at", "closes_at"):
            if default is None or default.days_ahead is not None:
                continue  # a date-driven kind counts no working hours
            asked, stored = asked or "The panel's", stored or "The panel's"
        lines.append((label, f"{asked} (now {stored})" if asked != stored else f"{asked} (unchanged)"))
    lines.append(("Why", parameters.get("reason", "")))
    return lines
