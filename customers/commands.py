"""The customers app's commands (``backoffice.commands``): the transfer pre-approval. Skipping it
weakens a control and waits for a second administrator by default (issue 18); requiring it again
is immediate."""

from backoffice.commands import Command, commands

SERVICES = "customers.services.pre_approval"
CUSTOMER = {
    "permission": "customers.edit_customer_settings",
    "form": "customers.forms.PreApprovalReasonForm",
    "target_model": "customers.customer",
    "target_argument": "customer",
    "tab": "profile",
    "compared": ("status", "skip_transfer_pre_approval"),
}

# The URL's last segment (customers/<pk>/transfer-pre-approval/<slug>/) → command.
URL_SLUGS = {
    "skip": "customers.transfer_pre_approval.skip",
    "require": "customers.transfer_pre_approval.require",
}


def register_commands() -> None:
    commands.register(
        Command(
            name="customers.transfer_pre_approval.skip",
            label="Skip the transfer pre-approval",
            service=f"{SERVICES}.skip_transfer_pre_approval",
            refusal=f"{SERVICES}.skip_refusal",
            effect=(
                "The customer's transfers go out without an administrator approving each one. Keeping the "
                "pre-approval is safer."
            ),
            four_eyes=True,
            success_message="Transfers now skip the pre-approval.",
            **CUSTOMER,
        ),
        Command(
            name="customers.transfer_pre_approval.require",
            label="Require the transfer pre-approval",
            service=f"{SERVICES}.require_transfer_pre_approval",
            refusal=f"{SERVICES}.require_refusal",
            effect="Each of the customer's transfers waits for an administrator's approval again.",
            danger=False,
            success_message="Transfers need the pre-approval again.",
            **CUSTOMER,
        ),
    )
