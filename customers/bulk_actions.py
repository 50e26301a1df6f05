"""The customer lists' bulk actions (issue 21, ``backoffice.bulk``): tag and untag the customers
ticked (or every one matching the filters), and request their statements. Each customer's part is
a declared command, run through its service: its own audit entry, its own refusals.

Tagging may be made to wait for a second person (``may_wait``; off by default): the rules page
turns it on, and a bulk tagging then opens one approval request per customer. A statement is a
file for the staff member who asked: it never waits, as on the profile."""

from backoffice.bulk import BulkAction, bulk_actions
from backoffice.commands import Command, commands

from .views.permissions import EDIT_SETTINGS

EXPORT_STATEMENTS = "customers.export_statements"
CUSTOMER_LISTS = ("customer-list", "customer-persons", "customer-companies", "customer-onboarding")
ON_CUSTOMER = {"target_model": "customers.customer", "target_argument": "customer", "danger": False, "tab": "profile"}


def tag_parameters(cleaned: dict) -> dict:
    return {"tag": cleaned["tag"]}


def statement_parameters(cleaned: dict) -> dict:
    return {name: cleaned[name] for name in ("start_date", "end_date", "export_format")}


def register_bulk_actions() -> None:
    commands.register(
        Command(
            name="customers.tags.add",
            label="Add a tag",
            permission=EDIT_SETTINGS,
            service="customers.services.bulk.add_tag",
            form="customers.forms.bulk.TagChoiceForm",
            effect="The tag is added to the customer's tags.",
            success_message="Tag added.",
            reason_field="",
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.tags.remove",
            label="Remove a tag",
            permission=EDIT_SETTINGS,
            service="customers.services.bulk.remove_tag",
            form="customers.forms.bulk.TagToRemoveForm",
            effect="The tag is taken off the customer's tags.",
            success_message="Tag removed.",
            reason_field="",
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.statement.request",
            label="Request a statement",
            permission=EXPORT_STATEMENTS,
            service="customers.services.statements.request_statement",
            form="customers.forms.bulk.StatementPeriodForm",
            effect="A statement of every account of the customer is built for you (Exports).",
            success_message="Statement requested.",
            reason_field="",
            may_wait=False,  # a file for the staff member who asked, as on the profile
            **{**ON_CUSTOMER, "tab": "accounts"},
        ),
    )
    bulk_actions.register(
        BulkAction(
            slug="tag",
            label="Add a tag",
            command="customers.tags.add",
            form="customers.forms.bulk.TagChoiceForm",
            parameters="customers.bulk_actions.tag_parameters",
            lists=CUSTOMER_LISTS,
            effect="The tag is added to each customer ticked (refused for a deactivated customer or one who has it).",
            icon="tag",
        ),
        BulkAction(
            slug="untag",
            label="Remove a tag",
            command="customers.tags.remove",
            form="customers.forms.bulk.TagToRemoveForm",
            parameters="customers.bulk_actions.tag_parameters",
            lists=CUSTOMER_LISTS,
            effect="The tag is taken off each customer ticked (refused for a deactivated customer or one without it).",
            icon="tag-fill",
        ),
        BulkAction(
            slug="statements",
            label="Request statements",
            command="customers.statement.request",
            form="customers.forms.bulk.StatementPeriodForm",
            parameters="customers.bulk_actions.statement_parameters",
            lists=CUSTOMER_LISTS,
            effect=(
                "A statement of every account over the period, in the format chosen, is built for each customer "
                "ticked; each appears on your Exports page."
            ),
            icon="file-earmark-arrow-down",
        ),
    )
