"""Seed 002: "Each document receives its own review status. The User's review status is
automatically deduced from all the documents individual review status."

The documents that count are those submitted with the customer's latest review request: a
validated or refused document is never replaced, a new one is uploaded and a new review requested
(seed 002), so an old refusal does not outlive the review that follows it. Read off seed 002's
lifecycles:

=================================================== ===========
documents of the latest request                     kycReview
=================================================== ===========
no review requested yet                             NONE
one still awaits the decision, or none arrived yet  PENDING
  (a live verification's arrive after the request)
every one decided, at least one refused             REFUSED
  (or the review refused with none submitted)
every one validated                                 VALIDATED
=================================================== ===========

A document canceled while its review was pending does not count. Uploads after a decision join no
review: the status stays what the last decision made it ("upload new documents → unchanged").
"""

from __future__ import annotations

from collections.abc import Collection

from customers.choices import KycReview

from .choices import DocumentStatus

DECIDED = (DocumentStatus.VALIDATED, DocumentStatus.REFUSED)


def kyc_review_from_documents(submitted: Collection[str] | None, *, review_decided: bool) -> int:
    """The customer's kycReview from the statuses of the documents of their latest review request
    (``None``: never requested). ``review_decided`` tells only an empty review apart: still waiting
    for a live verification's documents (PENDING), or refused without any (REFUSED)."""
    if submitted is None:
        return KycReview.NONE
    counted = [status for status in submitted if status != DocumentStatus.CANCELED]
    if any(status not in DECIDED for status in counted) or not (counted or review_decided):
        return KycReview.PENDING
    if counted and all(status == DocumentStatus.VALIDATED for status in counted):
        return KycReview.VALIDATED
    return KycReview.REFUSED
