"""Work queues in a browser (issue 19): a compliance officer takes the next KYC review from
``/work/``, decides it on the page Take next opened, and the item is done."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.kyc.reviews import upload_all
from work.choices import WorkKind, WorkStatus
from work.models import WorkItem

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def test_a_compliance_officer_takes_the_next_kyc_review_decides_it_and_the_item_closes(page, demo, console_errors):
    person = make_person("Wanda", "Queue")
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    item = WorkItem.objects.get(kind=WorkKind.KYC_REVIEW, subject_id=str(review.pk))
    # The oldest due of every unassigned review: the one Take next gives.
    WorkItem.objects.filter(pk=item.pk).update(due_at=datetime(2001, 1, 1, 9, tzinfo=UTC))

    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.locator("#main-navigation").get_by_role("link", name="Work", exact=True).click()
    expect(page.get_by_role("heading", name="Work", exact=True)).to_be_visible()
    row = page.locator("tr", has_text="Wanda Queue")
    expect(row).to_contain_text("Overdue")
    screenshot(page, "work-list")
    page.locator("#take-kind").select_option(label="KYC review decision")
    page.get_by_role("button", name="Take next").click()
    expect(page.get_by_role("alert")).to_contain_text(f"KYC review #{review.pk} of Wanda Queue is yours.")
    assert page.url.endswith(f"/kyc/reviews/{review.pk}/")

    page.get_by_label("Validate: the customer is KYC-validated").check()
    page.get_by_label("KYC level").select_option(label="Regular")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text(": validated.")

    page.goto(f"{demo.url}/work/{item.pk}/")
    expect(page.locator("dl")).to_contain_text("Done")
    expect(page.locator("dl")).to_contain_text("Assigned to")
    screenshot(page, "work-item-done")
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE and item.closed_by.username == "compliance"
    assert console_errors == []
