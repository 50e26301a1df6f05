"""The work list's bulk action (issue 21, ``backoffice.bulk``): give the items ticked to one
colleague (or back to the queue), each through ``work.item.reassign``: its refusals (done items,
a statement only its requester may see, a colleague who may not do the item, an item someone
else has and the requester may not move) and its audit entry, item by item."""

from backoffice.bulk import BulkAction, bulk_actions


def register_bulk_actions() -> None:
    bulk_actions.register(
        BulkAction(
            slug="assign",
            label="Assign",
            command="work.item.reassign",
            form="work.forms.BulkAssignForm",
            lists=("work-list",),
            effect="Each item ticked is given to the colleague chosen (or back to the queue), if they may do it.",
            icon="person-check",
        )
    )
