"""The customers app's commands (``backoffice.commands``): the transfer pre-approval (skipping it
weakens a control and waits for a second administrator by default, issue 18; requiring it again is
immediate), and the profile board's commands on what a customer holds: cards, SCA devices and
beneficiaries. What their pages say that depends on the target is in ``command_pages``."""

from backoffice.commands import Command, commands

from .profile_commands import register_profile_commands, register_record_commands
from .services.sca import SCA_PERMISSIONS

SERVICES = "customers.services.pre_approval"
CUSTOMER = {
    "permission": "customers.edit_customer_settings",
    "form": "customers.forms.PreApprovalReasonForm",
    "target_model": "customers.customer",
    "target_argument": "customer",
    "tab": "profile",
    # The flag alone: a KYC decision moving the status leaves the request valid (a deactivated
    # customer is refused by the service itself).
    "compared": ("skip_transfer_pre_approval",),
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
    register_holding_commands()
    register_profile_commands()
    register_record_commands()


PAGES = "customers.command_pages"
FORMS = "customers.forms.holdings"
CARDS = "customers.services.cards"
SCA = "customers.services.sca"
BENEFICIARIES = "customers.services.beneficiaries"
ON_CUSTOMER = {"target_model": "customers.customer", "target_argument": "customer"}
ON_CARD = {
    "permission": "customers.manage_cards",
    "target_model": "customers.card",
    "target_argument": "card",
    "target_kwarg": "card",
    "locate": "customers.selectors.holdings.card_of",
    "tab": "cards",
}
ON_DEVICE = {
    "target_model": "customers.scadevice",
    "target_argument": "device",
    "target_kwarg": "device",
    "locate": "customers.selectors.holdings.sca_device_of",
    "tab": "sca-devices",
}
ACCOUNTS = "customers.services.accounts"
ON_ACCOUNT = {
    "permission": "customers.manage_accounts",
    "target_model": "customers.account",
    "target_argument": "account",
    "target_kwarg": "account",
    "locate": "customers.selectors.holdings.account_of",
    "tab": "accounts",
    "form": "backoffice.forms.ReasonForm",
    "confidential": True,  # the reason: why an account was stopped is not for support agents
}
ON_BENEFICIARY = {
    "permission": "customers.manage_beneficiaries",
    "target_model": "customers.beneficiary",
    "target_argument": "beneficiary",
    "target_kwarg": "beneficiary",
    "locate": "customers.selectors.holdings.beneficiary_of",
    "tab": "beneficiaries",
    "form": "backoffice.forms.ReasonForm",
}

# URL slugs (customers/<pk>/cards/<card>/<slug>/, customers/<pk>/sca-devices/<device>/<slug>/,
# customers/<pk>/beneficiaries/<beneficiary>/<slug>/) → command.
CARD_SLUGS = {
    "activate": "customers.card.activate",
    "lock": "customers.card.lock",
    "unlock": "customers.card.unlock",
    "reissue": "customers.card.reissue",
    "expedite": "customers.card.expedite",
}
TOPUP_CARDS = "customers.services.topup_cards"
SCA_SLUGS = {
    "secure": "customers.sca_device.secure",
    "unlock": "customers.sca_device.unlock",
    "reset-pin": "customers.sca_device.reset_pin",
    "delete": "customers.sca_device.delete",
}
ACCOUNT_SLUGS = {
    "block": "customers.account.block",
    "unblock": "customers.account.unblock",
    "close": "customers.account.close",
}
BENEFICIARY_SLUGS = {
    "deactivate": "customers.beneficiary.deactivate",
    "reactivate": "customers.beneficiary.reactivate",
}


def register_holding_commands() -> None:
    commands.register(
        Command(
            name="customers.card.issue",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Issue a card",
            permission="customers.manage_cards",
            service=f"{CARDS}.issue_card",
            refusal=f"{CARDS}.issue_refusal",
            form=f"{FORMS}.IssueCardForm",
            form_kwargs=f"{PAGES}.issue_form_kwargs",
            effect="A new card is issued on the chosen account.",
            effect_of=f"{PAGES}.issue_effect",
            outcome=f"{PAGES}.issued",
            submit_label="Issue the card",
            danger=False,
            tab="cards",
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.card.activate",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Activate the card",
            service=f"{CARDS}.activate_card",
            refusal=f"{PAGES}.activate_refusal",
            form=f"{FORMS}.CardActivateForm",
            effect="The card can pay at once. Do this only when the customer has the card in hand.",
            success_message="The card is active.",
            danger=False,
            **ON_CARD,
        ),
        Command(
            name="customers.card.lock",
            label="Lock the card",
            service=f"{CARDS}.lock_card",
            refusal=f"{PAGES}.lock_refusal",
            form=f"{FORMS}.CardLockForm",
            form_kwargs=f"{PAGES}.card_form_kwargs",
            effect=(
                "Every payment with this card is refused from now on. A temporary lock can be undone; a card "
                "reported lost, stolen or destroyed never works again and is reissued instead."
            ),
            outcome=f"{PAGES}.locked",
            emergency=True,  # a stolen card is stopped at once, never after a second person
            **ON_CARD,
        ),
        Command(
            name="customers.card.unlock",
            label="Unlock the card",
            service=f"{CARDS}.unlock_card",
            refusal=f"{PAGES}.unlock_refusal",
            form=f"{FORMS}.CardReasonForm",
            effect="The card pays again.",
            effect_of=f"{PAGES}.unlock_effect",
            success_message="The card is unlocked.",
            danger=False,
            **ON_CARD,
        ),
        Command(
            name="customers.card.reissue",
            label="Reissue the card",
            service=f"{CARDS}.reissue_card",
            refusal=f"{PAGES}.reissue_refusal",
            form=f"{FORMS}.CardReasonForm",
            effect="A new card is issued on the same account and name.",
            effect_of=f"{PAGES}.reissue_effect",
            outcome=f"{PAGES}.reissued",
            **ON_CARD,
        ),
        Command(
            name="customers.card.expedite",
            label="Expedite the shipment",
            service=f"{CARDS}.expedite_card_shipment",
            refusal=f"{CARDS}.expedite_refusal",
            form=f"{FORMS}.CardReasonForm",
            effect=(
                "The card maker sends this card by express post instead of standard, to the customer's shipping "
                "address. Possible only until the card is shipped."
            ),
            success_message="The card's shipment is expedited.",
            submit_label="Expedite the shipment",
            danger=False,
            **ON_CARD,
        ),
        Command(
            name="customers.topup_card.link",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Link an external card",
            permission="customers.manage_cards",
            service=f"{TOPUP_CARDS}.link_topup_card",
            refusal=f"{TOPUP_CARDS}.link_refusal",
            form=f"{FORMS}.TopUpCardForm",
            effect=(
                "The customer can top up their account with this card from another bank. Link it only when the "
                "customer asked for it and you checked who they are. Only the card's first six and last four "
                "digits are kept."
            ),
            success_message="The card is linked: the customer can top up with it.",
            submit_label="Link the card",
            danger=False,
            tab="cards",
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.topup_card.unlink",
            label="Unlink the card",
            permission="customers.manage_cards",
            service=f"{TOPUP_CARDS}.unlink_topup_card",
            refusal=f"{TOPUP_CARDS}.unlink_refusal",
            form="backoffice.forms.ReasonForm",
            effect="The customer can no longer top up with this card. It stays in the customer's history.",
            success_message="The card is unlinked.",
            submit_label="Unlink the card",
            target_model="customers.topupcard",
            target_argument="card",
            target_kwarg="topup_card",
            locate="customers.selectors.holdings.topup_card_of",
            tab="cards",
        ),
        Command(
            name="customers.sca_device.secure",
            label="Secure SCA on this device",
            permission=SCA_PERMISSIONS["secure"],
            service=f"{SCA}.secure_sca_device",
            refusal=f"{PAGES}.secure_refusal",
            form=f"{FORMS}.ScaSecureForm",
            effect=(
                "The device is locked: the customer cannot confirm payments or sign in with it until it is "
                "unlocked. The reason and the message are shown with the device."
            ),
            outcome=f"{PAGES}.secured",
            emergency=True,  # a device in the wrong hands is stopped at once
            **ON_DEVICE,
        ),
        Command(
            name="customers.sca_device.unlock",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Unlock SCA for this device",
            permission=SCA_PERMISSIONS["unlock"],
            service=f"{SCA}.unlock_sca_device",
            refusal=f"{PAGES}.unlock_device_refusal",
            form=f"{FORMS}.IdentityCheckedForm",
            password=True,
            effect="Whoever holds this device can confirm payments again.",
            effect_of=f"{PAGES}.unlock_device_effect",
            outcome=f"{PAGES}.unlocked",
            **ON_DEVICE,
        ),
        Command(
            name="customers.sca_device.reset_pin",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Reset the PIN",
            permission=SCA_PERMISSIONS["reset_pin"],
            service=f"{SCA}.reset_sca_pin",
            refusal=f"{PAGES}.reset_pin_refusal",
            form=f"{FORMS}.IdentityCheckedForm",
            password=True,
            effect=(
                "The device's PIN is cleared (status Passcode missing): the customer chooses a new one in the app. "
                "Do this only if you are sure of the customer's identity."
            ),
            success_message="The customer is asked to choose a new PIN on the device.",
            **ON_DEVICE,
        ),
        Command(
            name="customers.sca_device.delete",
            label="Delete the device",
            permission=SCA_PERMISSIONS["delete"],
            service=f"{SCA}.delete_sca_device",
            refusal=f"{PAGES}.delete_refusal",
            form=f"{FORMS}.ScaDeleteForm",
            effect=(
                "The device is unenrolled: the customer must enrol a device again to confirm payments. "
                "It stays visible under View deleted devices."
            ),
            success_message="The device is deleted. It stays listed under deleted devices.",
            **ON_DEVICE,
        ),
        Command(
            name="customers.password_reset.send",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Send forgot password",
            permission="customers.send_password_reset",
            service="customers.services.password_resets.request_password_reset",
            refusal=f"{PAGES}.password_reset_refusal",
            form="customers.forms.password_resets.PasswordResetForm",
            form_kwargs=f"{PAGES}.password_reset_form_kwargs",
            effect="The customer receives a link to choose a new password in their app.",
            effect_of=f"{PAGES}.password_reset_effect",
            outcome=f"{PAGES}.reset_sent",
            submit_label="Send the reset email",
            template="customers/password_reset.html",
            danger=False,
            tab="profile",
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.beneficiary.link",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Link the account",
            permission="customers.manage_beneficiaries",
            service=f"{BENEFICIARIES}.link_beneficiary",
            form=f"{FORMS}.BeneficiaryForm",
            effect=(
                "The customer can send transfers to this account from their app. Link it only when the customer "
                "asked for it and you checked who they are."
            ),
            outcome=f"{PAGES}.linked",
            review=True,
            template="customers/beneficiary_link.html",
            danger=False,
            tab="beneficiaries",
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.account.block",
            label="Block the account",
            service=f"{ACCOUNTS}.block_account",
            refusal=f"{ACCOUNTS}.block_refusal",
            effect=(
                "Every transaction on this account is refused from now on, in and out, until it is unblocked. "
                "The customer's other accounts are not affected."
            ),
            success_message="The account is blocked.",
            submit_label="Block the account",
            emergency=True,  # stopping the money is never kept waiting for a second person
            **ON_ACCOUNT,
        ),
        Command(
            name="customers.account.unblock",
            label="Unblock the account",
            service=f"{ACCOUNTS}.unblock_account",
            refusal=f"{ACCOUNTS}.unblock_refusal",
            effect="Transactions on this account go through again, as the customer's KYC and restrictions allow.",
            success_message="The account is unblocked.",
            submit_label="Unblock the account",
            danger=False,
            **ON_ACCOUNT,
        ),
        Command(
            name="customers.account.close",
            label="Close the account",
            service=f"{ACCOUNTS}.close_account",
            refusal=f"{ACCOUNTS}.closing_refusal",
            effect=(
                "The account is closed for good: nothing is paid in or out of it again. Only an account at a zero "
                "balance, with no card that could still pay, can be closed."
            ),
            success_message="The account is closed.",
            submit_label="Close the account for good",
            **ON_ACCOUNT,
        ),
        Command(
            name="customers.beneficiary.deactivate",
            label="Deactivate the beneficiary",
            service=f"{BENEFICIARIES}.deactivate_beneficiary",
            refusal=f"{PAGES}.deactivate_beneficiary_refusal",
            effect=(
                "The customer can no longer send money to this account. Past payments keep it as their counterparty."
            ),
            success_message="The beneficiary is deactivated.",
            submit_label="Deactivate",
            **ON_BENEFICIARY,
        ),
        Command(
            name="customers.beneficiary.reactivate",
            label="Reactivate the beneficiary",
            service=f"{BENEFICIARIES}.reactivate_beneficiary",
            refusal=f"{PAGES}.reactivate_beneficiary_refusal",
            effect="The customer can send money to this account again.",
            success_message="The beneficiary is active again.",
            submit_label="Reactivate",
            danger=False,
            **ON_BENEFICIARY,
        ),
    )
