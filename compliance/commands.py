"""The compliance app's commands (``backoffice.commands``): the restrictions, deactivation, and
the limits and fees (limit packs, a customer's custom thresholds, a price list's fees), which
need a second administrator by default (issue 18).

Setting an asset freeze and suspending are emergency stops: they never wait for a second person.
Lifting a freeze, the legal freeze both ways, blocking, reactivating and deactivating need one by
default (issue 18); the legal freeze only compliance officers may approve, since only they hold
its permission. Every pending restriction request is confidential: a support agent, who talks to
the customer, learns of a restriction when it is made, never while it waits (no tipping off).
"""

from backoffice.commands import Command, commands

CUSTOMER = {"target_model": "customers.customer", "target_argument": "customer", "tab": "compliance"}
SERVICES = "compliance.services.restrictions"
STATE_FORM = "compliance.forms.StateReasonForm"
FREEZE_FORM = "compliance.forms.FreezeCommentForm"
# What a request was asked on (``Command.compared``): another change to the customer (a phone, a
# risk level, the other freeze) leaves it valid; a change to these makes the checker look again.
STATE_FIELDS = ("status", "state")

# The URL's last segment (compliance/customers/<pk>/<slug>/, named compliance-<slug>) → command.
URL_SLUGS = {
    "suspend": "compliance.state.suspend",
    "block": "compliance.state.block",
    "reactivate": "compliance.state.reactivate",
    "freeze": "compliance.freeze.set",
    "unfreeze": "compliance.freeze.lift",
    "legal-freeze": "compliance.legal_freeze.set",
    "lift-legal-freeze": "compliance.legal_freeze.lift",
    "deactivate": "compliance.customer.deactivate",
    "limit-pack": "compliance.limit_pack.choose",
}


def register_commands() -> None:
    commands.register(
        Command(
            name="compliance.state.suspend",
            label="Suspend the customer",
            permission="compliance.change_state",
            service=f"{SERVICES}.suspend",
            refusal=f"{SERVICES}.suspend_refusal",
            form=STATE_FORM,
            effect=(
                "Temporary: no outgoing transaction, and the 2FA phone cannot change, until the customer "
                "is reactivated. Incoming payments still arrive. The customer is not told why."
            ),
            password=True,
            emergency=True,
            success_message="The customer is suspended.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.state.block",
            compared=STATE_FIELDS,
            confidential=True,
            label="Block the customer",
            permission="compliance.change_state",
            service=f"{SERVICES}.block",
            refusal=f"{SERVICES}.block_refusal",
            form=STATE_FORM,
            effect="Permanent: no transaction at all and no access to the customer's interface, until reactivated.",
            password=True,
            four_eyes=True,
            success_message="The customer is blocked.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.state.reactivate",
            compared=STATE_FIELDS,
            confidential=True,
            label="Reactivate the customer",
            permission="compliance.change_state",
            service=f"{SERVICES}.reactivate",
            refusal=f"{SERVICES}.reactivate_refusal",
            form=STATE_FORM,
            effect="The state goes back to Active: the customer may transact and sign in again (freezes apart).",
            password=True,
            four_eyes=True,
            danger=False,
            success_message="The customer is active again.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.freeze.set",
            label="Freeze the assets",
            permission="compliance.freeze_assets",
            service=f"{SERVICES}.freeze_assets",
            refusal=f"{SERVICES}.freeze_refusal",
            form=FREEZE_FORM,
            reason_field="comment",
            effect=(
                "Every payout stops except received SEPA direct debits; payins still arrive. The customer "
                "must never learn of it: nothing they see mentions the freeze."
            ),
            password=True,
            confidential=True,
            emergency=True,
            success_message="The assets are frozen.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.freeze.lift",
            compared=("status", "is_frozen"),
            label="Lift the freeze",
            permission="compliance.freeze_assets",
            service=f"{SERVICES}.lift_asset_freeze",
            refusal=f"{SERVICES}.lift_freeze_refusal",
            form=FREEZE_FORM,
            reason_field="comment",
            effect="Payouts resume at once (a legal freeze, if any, still stops them).",
            password=True,
            confidential=True,
            four_eyes=True,
            danger=False,
            success_message="The freeze is lifted.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.legal_freeze.set",
            compared=("status", "is_legal_frozen"),
            label="Set a legal freeze",
            permission="compliance.set_legal_freeze",
            service=f"{SERVICES}.set_legal_freeze",
            refusal=f"{SERVICES}.legal_freeze_refusal",
            form=FREEZE_FORM,
            reason_field="comment",
            effect=(
                "Every payout stops, received SEPA direct debits included; payins still arrive. Compliance "
                "officers only; the customer must never learn of it."
            ),
            password=True,
            confidential=True,
            four_eyes=True,
            success_message="The legal freeze is set.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.legal_freeze.lift",
            compared=("status", "is_legal_frozen"),
            label="Lift the legal freeze",
            permission="compliance.set_legal_freeze",
            service=f"{SERVICES}.lift_legal_freeze",
            refusal=f"{SERVICES}.lift_legal_freeze_refusal",
            form=FREEZE_FORM,
            reason_field="comment",
            effect="Payouts resume at once (an asset freeze, if any, still stops them).",
            password=True,
            confidential=True,
            four_eyes=True,
            danger=False,
            success_message="The legal freeze is lifted.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.customer.deactivate",
            compared=("status",),
            confidential=True,
            label="Deactivate the customer",
            permission="compliance.deactivate_customer",
            service="compliance.services.deactivation.deactivate",
            refusal="compliance.services.deactivation.deactivation_refusal",
            form="compliance.forms.DeactivationForm",
            preflight="compliance.services.deactivation.preflight",
            template="compliance/deactivate.html",
            effect=(
                "Irreversible: the customer becomes Canceled, their accounts close, and nothing can be done "
                "for them again. They stay in the lists and the search."
            ),
            password=True,
            four_eyes=True,
            success_message="The customer is deactivated.",
            **CUSTOMER,
        ),
        Command(
            name="compliance.risk.set",
            label="Risk assessment",
            permission="compliance.set_risk_level",
            service="compliance.services.risk.set_risk",
            form="compliance.forms.RiskForm",
            effect="The customer's risk level, score and review dates are saved as shown.",
            template="customers/form.html",
            submit_label="Save the assessment",
            success_message="The risk assessment is saved.",
            confidential=True,  # the risk level is for compliance only
            danger=False,
            **CUSTOMER,
        ),
    )
    register_limit_commands()


LIMITS = "compliance.limit_requests"
LIMIT_SERVICES = "compliance.services.limits"


def register_limit_commands() -> None:
    pack = {
        "permission": "compliance.manage_limits",
        "service": f"{LIMIT_SERVICES}.save_pack",
        "form": "compliance.limit_forms.PackForm",
        "target_model": "compliance.limitpack",
        "target_argument": "pack",
        "describe": f"{LIMITS}.describe_pack",
        "four_eyes": True,
        "danger": False,
        "submit_label": "Save",
    }
    commands.register(
        Command(
            name="compliance.limit_pack.create",
            label="Create a limit pack",
            effect="Every customer at the pack's verification level gets its thresholds at once.",
            success_message="The limit pack is created.",
            **pack,
        ),
        Command(
            name="compliance.limit_pack.update",
            label="Change a limit pack",
            effect=(
                "Every customer at the pack's verification level gets the new thresholds at once (custom "
                "thresholds still win where they are set)."
            ),
            compared=("name", "verification_level", "customer_type_id", "currency"),
            state=f"{LIMITS}.pack_state",
            target_url=f"{LIMITS}.pack_url",
            success_message="The limit pack is saved.",
            **pack,
        ),
        Command(
            name="compliance.custom_thresholds.set",
            label="Set custom thresholds",
            permission="compliance.manage_limits",
            service=f"{LIMIT_SERVICES}.save_custom_thresholds",
            refusal=f"{LIMITS}.custom_thresholds_refusal",
            form="compliance.limit_forms.ReasonForm",
            effect=(
                "The customer's own thresholds replace the ones they had; they win over their pack's for the "
                "same operation and period, in the dimension they set."
            ),
            target_model="customers.customer",
            target_argument="customer",
            tab="limits",
            # Only its lines (``state``): a KYC decision moving the customer's status leaves it valid
            # (a deactivated customer is refused by the service itself).
            compared=("id",),
            state=f"{LIMITS}.custom_thresholds_state",
            describe=f"{LIMITS}.describe_custom_thresholds",
            submit_label="Save",
            four_eyes=True,
            danger=False,
            success_message="The custom thresholds are saved.",
        ),
        Command(
            name="compliance.limit_pack.choose",
            label="Choose the limit pack",
            permission="compliance.manage_limits",
            service="compliance.services.limit_choice.choose_limit_pack",
            refusal="compliance.services.limit_choice.choice_refusal",
            form="compliance.limit_forms.ChooseLimitPackForm",
            form_kwargs="compliance.limit_forms.choose_pack_form_kwargs",
            describe=f"{LIMITS}.describe_pack_choice",
            state=f"{LIMITS}.pack_choice_state",
            effect=(
                "The customer gets the chosen pack's thresholds whatever their verification level (their custom "
                "thresholds still win where they are set); “Automatic” gives them their type's and level's pack again."
            ),
            target_model="customers.customer",
            target_argument="customer",
            tab="limits",
            compared=("verification_level", "person_type_id", "company_type_id"),
            submit_label="Save",
            four_eyes=True,
            danger=False,
            success_message="The limit pack is chosen.",
        ),
        Command(
            name="compliance.fees.set",
            label="Change a price list's fees",
            permission="compliance.manage_price_lists",
            service=f"{LIMIT_SERVICES}.save_fees",
            form="compliance.limit_forms.ReasonForm",
            effect="Every customer on this price list pays the new fees from their next operation.",
            target_model="customers.pricelist",
            target_argument="price_list",
            compared=("currency", "is_active"),
            state=f"{LIMITS}.fees_state",
            describe=f"{LIMITS}.describe_fees",
            target_url=f"{LIMITS}.fees_url",
            submit_label="Save",
            four_eyes=True,
            danger=False,
            success_message="The fees are saved.",
        ),
    )
