"""A freeze as the three roles live it in a browser: a compliance officer freezes a customer with a
comment (the password asked again: an emergency stop, at once); a support agent opens the same
profile and finds no trace of it; the officer asks to lift it, which waits for a second person
(four-eyes); an administrator approves and the customer's payouts come back; the support agent,
at every step, sees nothing of the freeze or of the request."""

import pytest
from playwright.sync_api import expect

from tests.customers.factories import make_person

from .conftest import screenshot, sign_out
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e
COMMENT = "Court order 2026-118, canary-E2E"
PASSWORD = "backoffice-demo"


def test_a_freeze_set_hidden_from_support_and_lifted(page, demo, console_errors):
    person = make_person("Gaston", "Gelé")
    profile = f"{demo.url}/customers/{person.pk}/"

    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{profile}compliance/")
    page.get_by_role("link", name="Freeze the assets").click()
    expect(page.get_by_text("Every payout stops except received SEPA direct debits")).to_be_visible()
    page.get_by_label("Comment").fill(COMMENT)
    page.get_by_label("Your password").fill(PASSWORD)
    page.locator("form.card").get_by_role("button", name="Freeze the assets").click()
    expect(page.get_by_text("The assets are frozen.")).to_be_visible()
    expect(page.locator("#restriction-freeze")).to_contain_text(COMMENT)
    expect(page.locator("tr[data-operation='sct_emitted']")).to_contain_text("The assets are frozen")
    screenshot(page, "compliance-frozen")
    sign_out(page)

    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    for path in ("", "operations/", "history/", "kyc/"):
        page.goto(f"{profile}{path}")
        expect(page.get_by_role("heading", name="Gaston Gelé", exact=True)).to_be_visible()
        content = page.content().lower()
        assert "canary-e2e" not in content and "frozen" not in content and "freeze" not in content, path
    expect(page.get_by_role("tab", name="Compliance")).to_have_count(0)
    screenshot(page, "support-sees-no-freeze")
    sign_out(page)

    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{profile}compliance/")
    page.get_by_role("link", name="Lift the freeze").click()
    expect(page.locator(".four-eyes-note")).to_contain_text("needs a second person")
    page.get_by_label("Comment").fill("Order lifted by the court.")
    page.get_by_label("Your password").fill("not my password")
    page.locator("form.card").get_by_role("button", name="Ask for approval").click()
    expect(page.locator("form.card")).to_contain_text("password")
    page.get_by_label("Comment").fill("Order lifted by the court.")
    page.get_by_label("Your password").fill(PASSWORD)
    page.locator("form.card").get_by_role("button", name="Ask for approval").click()
    expect(page.get_by_text("waits for a second person")).to_be_visible()
    expect(page.locator("#restriction-freeze")).to_contain_text("Frozen")
    screenshot(page, "compliance-asked-to-lift")
    sign_out(page)

    support_sees_nothing(page, demo.url, profile)

    sign_in_with_password(page, demo.url, "admin")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/approvals/")
    page.locator("#approval-requests tr", has_text="Gaston Gelé").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Lift the freeze")).to_be_visible()
    expect(page.locator(".detail-list")).to_contain_text("Order lifted by the court.")
    page.get_by_label("Comment").fill("Court order checked.")
    page.get_by_label("Your password").fill(PASSWORD)
    screenshot(page, "admin-approves")
    page.get_by_role("button", name="Approve and apply").click()
    expect(page.get_by_text("Approved: the change is made.")).to_be_visible()
    page.goto(f"{profile}compliance/")
    expect(page.locator("#restriction-freeze")).to_contain_text("Not frozen")
    expect(page.locator("tr[data-operation='sct_emitted']")).not_to_contain_text("The assets are frozen")
    expect(page.locator("#restriction-history")).to_contain_text("Asset freeze lifted")
    sign_out(page)

    support_sees_nothing(page, demo.url, profile)
    assert console_errors == []


def support_sees_nothing(page, url, profile):
    sign_in_with_password(page, url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    for path in ("", "operations/", "history/"):
        page.goto(f"{profile}{path}")
        content = page.content().lower()
        assert "canary-e2e" not in content and "freeze" not in content and "second person" not in content, path
    page.goto(f"{url}/approvals/")
    expect(page.locator("#no-approvals")).to_be_visible()
    expect(page.locator("#awaiting-approvals")).to_have_count(0)
    assert "freeze" not in page.content().lower()
    sign_out(page)
