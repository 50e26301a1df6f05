"""A KYC review from the first document to the decision, as the roles do it in a browser, with
the segregation of duties (issue 18): a support agent uploads a passport and a proof of address;
a compliance officer pre-reviews them from the queue (not the one who uploaded them) and requests
the review; a second compliance officer (not the one who requested it) takes it from the review
queue and validates it; the profile then shows KYC level Regular and review Validated."""

import pytest
from playwright.sync_api import expect

from tests.customers.factories import make_person
from tests.kyc.files import image_bytes

from .conftest import screenshot, sign_out
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e

NAME = "Bruno Verdier"


def upload(page, document_type, file_name, **details):
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("Type").select_option(label=document_type)
    page.get_by_label("Files", exact=False).and_(page.locator("input[type=file]")).set_input_files(
        {"name": file_name, "mimeType": "image/png", "buffer": image_bytes(size=(320, 200))}
    )
    if details:
        page.get_by_label("Issuing country").select_option(label=details["country"])
        page.get_by_label("Document number").fill(details["number"])
        page.get_by_label("Expires on").fill(details["expires"])
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("1 file uploaded, pending pre-review.")).to_be_visible()


def pre_validate_from_the_queue(page, file_name):
    page.locator("#main-navigation").get_by_role("link", name="Pre-review", exact=True).click()
    page.locator("tr", has_text=NAME).filter(has_text=file_name).get_by_role("link", name="Pre-review").click()
    expect(page.get_by_role("heading", name=f"of {NAME}")).to_be_visible()
    page.get_by_label("Pre-validate: readable, complete, the right type").check()
    page.get_by_role("button", name="Save and open the next").click()
    expect(page.get_by_text(f"({file_name}): pre-validated.")).to_be_visible()


def test_upload_pre_review_request_and_validate(page, demo, console_errors):
    person = make_person("Bruno", "Verdier")
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    expect(page.locator("#kyc-review")).to_contain_text("Missing: identity document")

    upload(page, "Passport", "passport.png", country="France", number="19FV54321", expires="2031-05-30")
    upload(page, "Proof of address", "edf-bill.png")
    expect(page.locator("#kyc-review")).to_contain_text("2 documents still wait for the pre-review.")
    expect(page.get_by_role("button", name="Request a KYC review")).to_be_disabled()
    sign_out(page)

    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    pre_validate_from_the_queue(page, "passport.png")
    pre_validate_from_the_queue(page, "edf-bill.png")

    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    page.get_by_role("link", name="Request a KYC review").click()
    expect(page.get_by_text("The KYC level becomes None until the decision.")).to_be_visible()
    page.get_by_role("button", name="Request the review").click()
    expect(page.get_by_text("The KYC review is requested: compliance will decide.")).to_be_visible()
    expect(page.locator("[data-kyc-review]")).to_have_text("Pending")
    screenshot(page, "kyc-review-requested")
    page.goto(f"{demo.url}/kyc/reviews/")
    page.locator("tr", has_text=NAME).get_by_role("link", name="Open").click()
    expect(page.locator("#own-request")).to_contain_text("You asked for this review: another person decides it")
    sign_out(page)

    sign_in_with_password(page, demo.url, "compliance2")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.locator("#main-navigation").get_by_role("link", name="KYC reviews").click()
    row = page.locator("tr", has_text=NAME)
    row.get_by_role("button", name="Assign to me").click()
    expect(page.get_by_text("The review is yours.")).to_be_visible()
    page.locator("tr", has_text=NAME).get_by_role("link", name="Open").click()
    expect(page.locator(".submitted-document")).to_have_count(2)
    expect(page.locator(".submitted-document").first).to_contain_text("19FV54321")
    expect(page.locator(".submitted-document img").first).to_be_visible()
    screenshot(page, "kyc-review-decision")
    page.get_by_label("Validate: the customer is KYC-validated").check()
    page.get_by_label("KYC level").select_option(label="Regular")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text(": validated.")

    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    expect(page.locator("[data-kyc-level]")).to_have_text("Regular")
    expect(page.locator("[data-kyc-review]")).to_have_text("Validated")
    expect(page.locator("#kyc-history")).to_contain_text("KYC review validated")
    screenshot(page, "kyc-review-validated")
    assert console_errors == []
