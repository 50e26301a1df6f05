"""The work queues' commands (``backoffice.commands``): taking an item, giving it back, snoozing
it and giving it to a colleague. Assigning work changes no customer: none ever waits for a
second person (``may_wait``)."""

from backoffice.commands import Command, commands

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
            refusal="work.services.take_refusal",
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
            form="work.forms.SnoozeForm",
            effect="The item leaves the list until the moment chosen, with the reason; its deadline stays.",
            success_message="The item is snoozed.",
            **ON_ITEM,
        ),
        Command(
            name="work.item.reassign",
            label="Give it to a colleague",
            service="work.services.reassign",
            refusal="work.services.pending_refusal",
            form="work.forms.ReassignForm",
            form_kwargs="work.selectors.reassign_form_kwargs",
            effect="The item becomes theirs (or nobody's); only a colleague who may do it can have it.",
            success_message="The item is reassigned.",
            reason_field="",
            **ON_ITEM,
        ),
    )
