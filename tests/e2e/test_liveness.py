"""Seed 002's "Straightforward, using KYC Liveness" table in a browser: a support agent starts a
live verification on the KYC tab, the customer passes the check on the sandbox provider's page
(its webhooks go by HTTP to the live server), the agent requests the review at once (the passed
check stands for the documents), the provider's documents then arrive and join it pre-validated,
and a compliance officer validates it: KYC level Regular, review Validated."""

import pytest
from playwright.sync_api import expect

from tests.customers.factories import make_person

from .conftest import screenshot, sign_out
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def test_pass_the_check_request_the_review_then_the_documents_arrive(page, demo, settings, console_errors):
    settings.LIVENESS_SANDBOX_BASE_URL = demo.url
    person = make_person("Lina", "Morel")
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    expect(page.locator("#kyc-review")).to_contain_text("Missing: identity document")

    page.get_by_role("link", name="Start a live verification").click()  # step 1
    page.get_by_role("button", name="Start a live verification").click()
    expect(page.get_by_role("alert").filter(has_text="Live verification started")).to_be_visible()
    link = page.locator("#liveness input[readonly]").input_value()  # step 2: the link to send

    page.goto(link)  # step 3: the customer, on the provider's page
    page.get_by_role("button", name="Pass the check").click()  # steps 4 to 6
    expect(page.get_by_text("This verification is finished.")).to_be_visible()
    expect(page.locator("#sandbox-score")).to_contain_text("1 (passed)")

    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    expect(page.locator("#liveness")).to_contain_text("The check passed")
    expect(page.locator("#documents")).to_contain_text("No document waits for a review.")
    page.get_by_role("link", name="Request a KYC review").click()  # step 7
    page.get_by_role("button", name="Request the review").click()
    expect(page.get_by_text("The KYC review is requested: compliance will decide.")).to_be_visible()
    expect(page.locator("[data-kyc-review]")).to_have_text("Pending")
    page.reload()  # step 8: the provider's document.create webhooks came while the request committed
    expect(page.locator("#documents")).to_contain_text("passport.png")
    expect(page.locator("#documents")).to_contain_text("proof-of-address.png")
    expect(page.locator("#liveness")).to_contain_text("Documents asked from the provider")
    screenshot(page, "liveness-documents-joined-the-review")
    sign_out(page)

    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    page.get_by_role("link", name="Open the decision").click()
    expect(page.locator(".submitted-document")).to_have_count(2)
    page.get_by_label("Validate: the customer is KYC-validated").check()
    page.get_by_label("KYC level").select_option(label="Regular")
    page.get_by_role("button", name="Record the decision").click()  # step 9
    expect(page.get_by_role("alert")).to_contain_text(": validated.")
    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    expect(page.locator("[data-kyc-level]")).to_have_text("Regular")
    expect(page.locator("[data-kyc-review]")).to_have_text("Validated")
    assert console_errors == []
