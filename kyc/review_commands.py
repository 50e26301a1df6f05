"""The KYC app's other commands (``backoffice.commands``): deciding a review and taking it from
the queue, going back to the derived verification level, the tax residences and the upload. None
waits for a second person by default (refusing for good, in ``commands``, does). Going back to
level 2 may be made to wait; the others always run at once (``Command.may_wait``): they are
given what only lives while the page is filled in (files, the lines of the residences dialog,
the documents seen on the decision page), or they are a button on the queue (taking or giving
back a review)."""

from backoffice.commands import Command, commands

ON_REVIEW = {
    "permission": "kyc.decide_kyc_review",
    "target_model": "kyc.review",
    "target_argument": "review",
    "target_url": "kyc.selectors.review_url",
    "checker_refusal": "kyc.services.reviews.decision_refusal",
    "tab": "kyc",
    "danger": False,
}
ON_CUSTOMER = {"target_model": "customers.customer", "target_argument": "customer", "tab": "kyc", "danger": False}

# The decision page's choice → its command.
DECISION_COMMANDS = {
    "validate": "kyc.review.validate",
    "refuse": "kyc.review.refuse",
    "refuse_permanently": "kyc.review.refuse_permanently",
}


def register_review_commands() -> None:
    commands.register(
        Command(
            name="kyc.review.validate",
            label="Validate the review",
            service="kyc.services.reviews.validate_review",
            form="kyc.forms.ReviewDecisionForm",
            effect="The KYC level becomes the one chosen; every submitted document is validated.",
            may_wait=False,
            **ON_REVIEW,
        ),
        Command(
            name="kyc.review.refuse",
            label="Refuse the review",
            service="kyc.services.reviews.refuse_review",
            form="kyc.forms.ReviewDecisionForm",
            effect="The KYC level becomes the one chosen; the documents are refused with their reasons.",
            may_wait=False,
            **ON_REVIEW,
        ),
        Command(
            name="kyc.review.take",
            label="Assign the review to me",
            service="kyc.services.reviews.take_review",
            form="backoffice.forms.CommandForm",
            effect="The review is yours in the queue; others see who has it.",
            reason_field="",
            may_wait=False,  # a button on the queue: no page to say why
            **ON_REVIEW,
        ),
        Command(
            name="kyc.review.release",
            label="Give the review back",
            service="kyc.services.reviews.release_review",
            form="backoffice.forms.CommandForm",
            effect="The review goes back to the queue, assigned to nobody.",
            reason_field="",
            may_wait=False,
            **ON_REVIEW,
        ),
        Command(
            name="kyc.verification_level.lower",
            label="Back to verification level 2",
            permission="kyc.set_verification_level",
            service="customers.services.verification.set_manual_verification_level",
            refusal="customers.services.verification.manual_level_refusal",
            form="kyc.forms.VerificationLevelForm",
            effect="The customer's verification level is derived from their KYC again, and with it their limits.",
            compared=("status", "verification_level", "verification_status"),
            success_message="The verification level is set.",
            **ON_CUSTOMER,
        ),
        Command(
            name="kyc.tax_residences.set",
            label="Edit the tax residences",
            permission="kyc.upload_documents",
            service="kyc.services.update_tax_residences",
            form="kyc.forms.TaxResidenceForm",
            effect="The customer's tax residences are saved as listed.",
            success_message="Tax residences saved.",
            may_wait=False,
            **ON_CUSTOMER,
        ),
        Command(
            name="kyc.document.upload",
            label="Upload a document",
            permission="kyc.upload_documents",
            service="kyc.services.upload_documents",
            form="kyc.forms.DocumentUploadForm",
            effect="The files are checked, then kept as documents pending the first line's pre-review.",
            submit_label="Upload",
            may_wait=False,
            **ON_CUSTOMER,
        ),
    )
