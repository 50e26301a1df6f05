"""The KYC app's commands (``backoffice.commands``). Refusing a customer for good needs a second
person by default (issue 18): the decider asks, another compliance officer approves, and the
permanent refusal is then recorded as the decider asked."""

from backoffice.commands import Command, commands


def register_commands() -> None:
    commands.register(
        Command(
            name="kyc.review.refuse_permanently",
            label="Refuse the customer for good",
            permission="kyc.decide_kyc_review",
            service="kyc.services.reviews.refuse_permanently",
            refusal="kyc.services.reviews.permanent_refusal_refusal",
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
        )
    )
