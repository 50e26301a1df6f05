"""The KYC app's commands (``backoffice.commands``). Refusing a customer for good, raising the
verification level to 3–5 and marking a vigilance transfer refunded need a second person by
default (issue 18): the maker asks, another holder of the permission approves, and the change is
then made as the maker asked. Going back to the derived level 2 stays immediate."""

from backoffice.commands import Command, commands


def register_commands() -> None:
    commands.register(
        Command(
            name="kyc.review.refuse_permanently",
            label="Refuse the customer for good",
            permission="kyc.decide_kyc_review",
            service="kyc.services.reviews.refuse_permanently",
            refusal="kyc.services.reviews.permanent_refusal_refusal",
            checker_refusal="kyc.services.reviews.decision_refusal",
            target_url="kyc.selectors.review_url",
            form="kyc.forms.PermanentRefusalParameters",
            effect=(
                "The KYC level becomes Refused for good: every submitted document is refused and the "
                "customer can never be validated again."
            ),
            target_model="kyc.review",
            target_argument="review",
            compared=("status",),
            four_eyes=True,
            success_message="The customer is refused for good.",
            tab="kyc",
        ),
        Command(
            name="kyc.verification_level.raise",
            label="Raise the verification level to 3–5",
            permission="kyc.set_verification_level",
            service="customers.services.verification.set_manual_verification_level",
            refusal="customers.services.verification.manual_level_refusal",
            form="kyc.forms.VerificationLevelForm",
            effect=(
                "The customer's verification level becomes the one chosen (extra checks: address, proof of "
                "funds, custom), and with it the limits of that level."
            ),
            target_model="customers.customer",
            target_argument="customer",
            compared=("status", "verification_level", "verification_status"),
            four_eyes=True,
            danger=False,
            success_message="The verification level is set.",
            tab="kyc",
        ),
        Command(
            name="kyc.vigilance_refund.mark_refunded",
            label="Mark the vigilance transfer refunded",
            permission="kyc.refund_vigilance_transfer",
            service="kyc.services.vigilance.mark_refunded",
            refusal="kyc.services.vigilance.refunded_refusal",
            form="kyc.forms.RefundReferenceForm",
            reason_field="reference",
            effect=(
                "The transfer the customer wired from their own bank account is recorded as sent back to them, "
                "with the refund's reference; the task closes as Refunded."
            ),
            target_model="kyc.vigilancerefund",
            target_argument="refund",
            compared=("status",),
            four_eyes=True,
            danger=False,
            success_message="The vigilance transfer is marked refunded.",
            tab="kyc",
        ),
    )
