"""The KYC app's commands (``backoffice.commands``). Refusing a customer for good, raising the
verification level to 3–5 and marking a vigilance transfer refunded need a second person by
default (issue 18): the maker asks, another holder of the permission approves, and the change is
then made as the maker asked. Going back to the derived level 2 stays immediate. The KYC tab's
other commands (pre-reviewing and canceling a document, requesting a review, live
verifications) are immediate; what their pages say about their target is in ``command_pages``."""

from backoffice.commands import Command, commands

from .review_commands import register_review_commands


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
            target_kwarg="refund",
            locate=f"{PAGES}.refund_of",
            effect_of=f"{PAGES}.refunded_effect",
            submit_label="Mark refunded",
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
    register_tab_commands()
    register_review_commands()


PAGES = "kyc.command_pages"
ON_DOCUMENT = {
    "target_model": "kyc.document",
    "target_argument": "document",
    "target_kwarg": "document",
    "locate": f"{PAGES}.document_of",
    "form": "kyc.forms.CommentForm",
    "reason_field": "comment",
    "tab": "kyc",
}
# The URL's last segment (kyc/customers/<pk>/documents/<document>/<slug>/) → command.
DOCUMENT_SLUGS = {
    "prevalidate": "kyc.document.prevalidate",
    "prerefuse": "kyc.document.prerefuse",
    "cancel": "kyc.document.cancel",
}


def register_tab_commands() -> None:
    commands.register(
        Command(
            name="kyc.document.prevalidate",
            label="Pre-validate the document",
            permission="kyc.prereview_documents",
            service="kyc.services.documents.prevalidate_document",
            refusal=f"{PAGES}.prevalidate_refusal",
            actor_refusal=f"{PAGES}.prereview_actor_refusal",
            form_kwargs=f"{PAGES}.optional_comment",
            effect=(
                "The document passes the first-line check (readable, complete, the right type): it can go to the "
                "review."
            ),
            success_message="The document is pre-validated.",
            submit_label="Pre-validate",
            danger=False,
            **ON_DOCUMENT,
        ),
        Command(
            name="kyc.document.prerefuse",
            label="Pre-refuse the document",
            permission="kyc.prereview_documents",
            service="kyc.services.documents.prerefuse_document",
            refusal=f"{PAGES}.prerefuse_refusal",
            actor_refusal=f"{PAGES}.prereview_actor_refusal",
            effect="The document fails the first-line check; the comment tells the customer what to send instead.",
            success_message="The document is pre-refused.",
            submit_label="Pre-refuse",
            **ON_DOCUMENT,
        ),
        Command(
            name="kyc.document.cancel",
            label="Cancel the document",
            permission="kyc.upload_documents",
            service="kyc.services.documents.cancel_document",
            refusal=f"{PAGES}.cancel_refusal",
            effect="On the customer's request, the document is withdrawn before its review; it stays in the history.",
            success_message="The document is canceled.",
            **ON_DOCUMENT,
        ),
        Command(
            name="kyc.review.request",
            reason_field="",  # its service is given none: the page asks one when it waits
            label="Request the review",
            permission="kyc.request_kyc_review",
            service="kyc.services.reviews.request_review",
            refusal=f"{PAGES}.review_request_refusal",
            form="kyc.forms.ReviewRequestForm",
            effect="The customer goes to compliance with every pre-validated document.",
            effect_of=f"{PAGES}.review_request_effect",
            success_message="The KYC review is requested: compliance will decide.",
            target_model="customers.customer",
            target_argument="customer",
            danger=False,
            tab="kyc",
        ),
        Command(
            name="kyc.liveness.start",
            label="Start a live verification",
            permission="kyc.start_liveness",
            service="kyc.liveness.services.start_session",
            refusal="kyc.liveness.services.start_refusal",
            form="backoffice.forms.EmptyConfirmForm",
            effect=(
                "The verification provider opens a session and gives a link. Send it to the customer: there they "
                "film their face and their identity document. The result arrives here by itself. If the check "
                "passed, the KYC review can be requested at once; the provider then sends the documents, which "
                "join the pending review. If it failed, the session is final: start a new one to try again."
            ),
            success_message=("Live verification started: send the customer the link shown under “Live verification”."),
            may_wait=False,  # it opens a session with the provider at once, which a rehearsal cannot undo
            target_model="customers.customer",
            target_argument="customer",
            danger=False,
            tab="kyc",
        ),
        Command(
            name="kyc.liveness.ask_again",
            label="Ask the provider again for the documents",
            permission="kyc.request_kyc_review",
            service="kyc.liveness.services.ask_again_for_documents",
            refusal=f"{PAGES}.ask_again_refusal",
            form="backoffice.forms.EmptyConfirmForm",
            effect=(
                "The verification provider is asked once more for the documents it collected during the passed "
                "check. Documents already on their way are not doubled."
            ),
            success_message=(
                "The provider is asked again for the documents: they join the pending review as they arrive."
            ),
            submit_label="Ask again",
            may_wait=False,  # the provider is asked at once, which a rehearsal cannot undo
            target_model="kyc.livenesssession",
            target_argument="session",
            target_kwarg="session",
            locate=f"{PAGES}.session_of",
            danger=False,
            tab="kyc",
        ),
    )
