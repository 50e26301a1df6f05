"""Screenshots of the main pages, for the README and for looking at what we built.

Run against a demo server (``./scripts/demo`` in another terminal):

    uv run python scripts/screenshots.py [http://127.0.0.1:8000] [output folder]

Uses Debian's Chromium (/usr/bin/chromium), headless.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def sign_in(page, username):
    page.goto(f"{BASE}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("backoffice-demo")
    page.get_by_role("button", name="Continue").click()
    skip = page.get_by_role("button", name="Skip for now (demo only)")
    if skip.count():
        skip.click()


def shoot(page, name, path=None):
    if path:
        page.goto(BASE + path)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print(f"{OUT / name}.png")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        shoot(page, "login", "/login/")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill("backoffice-demo")
        page.get_by_role("button", name="Continue").click()
        shoot(page, "enrol")
        page.get_by_role("button", name="Skip for now (demo only)").click()
        shoot(page, "dashboard")
        shoot(page, "staff-list", "/staff/")
        page.get_by_role("link", name="support", exact=True).click()
        shoot(page, "staff-detail")
        shoot(page, "staff-create", "/staff/new/")
        page.get_by_role("button", name="Create and send the invitation").click()
        shoot(page, "staff-create-errors")
        page.goto(BASE + "/staff/")
        page.get_by_role("link", name="support", exact=True).click()
        page.get_by_role("link", name="Deactivate").click()
        shoot(page, "reauthenticate")
        page.get_by_label("Your password").fill("backoffice-demo")
        page.get_by_role("button", name="Confirm").click()
        shoot(page, "confirm-deactivate")
        shoot(page, "audit-log", "/audit/")
        page.locator("#list-results tbody a").first.click()
        shoot(page, "audit-entry")
        shoot(page, "account", "/account/")
        shoot(page, "customer-persons", "/customers/persons/")
        shoot(page, "customer-companies", "/customers/companies/")
        page.goto(BASE + "/customers/persons/")
        page.locator("#list-results tbody a").first.click()
        shoot(page, "customer-profile")
        page.get_by_role("tab", name="History").click()
        page.wait_for_selector("table.history")
        shoot(page, "customer-history")
        shoot(page, "customer-search", "/search/?q=mar")
        shoot(page, "customer-create", "/customers/persons/new/")
        page.get_by_role("button", name="Create the person").click()
        shoot(page, "customer-create-errors")
        shoot(page, "dictionaries", "/customers/dictionaries/")
        browser.close()
        board(playwright)
        kyc(playwright)


def kyc(playwright):
    """Compliance's KYC work: the queues, a review's decision page and a document's pre-review,
    each document shown inline; and the omnibox suggesting as one types."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in(page, "compliance")
    shoot(page, "kyc-review-queue", "/kyc/reviews/")
    page.locator('#main table tbody a[href^="/kyc/reviews/"]').first.click()
    page.wait_for_load_state("networkidle")
    shoot(page, "kyc-review-decision")
    shoot(page, "kyc-prereview-queue", "/kyc/prereview/")
    page.get_by_role("link", name="Start with the oldest").click()
    page.wait_for_load_state("networkidle")
    shoot(page, "kyc-prereview-document")
    page.goto(BASE + "/")
    page.keyboard.press("/")
    page.keyboard.type("mar")
    page.locator("#omnibox-suggestions [role=option]").first.wait_for()
    page.screenshot(path=str(OUT / "omnibox-suggestions.png"))
    print(f"{OUT / 'omnibox-suggestions'}.png")
    browser.close()


def board(playwright):
    """The profile board as a support agent sees it (IBANs masked): customer #2 of the demo holds
    the 100,000-transaction account; the first company with owners shows the diagram."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in(page, "support")
    page.goto(BASE + "/customers/companies/?sort=-created_at")
    page.locator("#list-results tbody a").nth(3).click()
    page.goto(BASE + "/customers/2/")
    shoot(page, "profile-board")
    shoot(page, "profile-accounts", "/customers/2/accounts/")
    page.get_by_role("link", name="All transactions, filters and export").click()
    shoot(page, "account-transactions")
    for tab, name in (("cards", "profile-cards"), ("sca-devices", "profile-sca"), ("notes", "profile-notes")):
        shoot(page, name, f"/customers/2/{tab}/")
    page.goto(BASE + "/customers/2/relationships/")
    page.locator("svg a[data-customer]").filter(has_not=page.locator(".focus")).first.click()
    page.get_by_role("tab", name="Relationships").click()
    page.wait_for_selector(".relationship-diagram, #profile-tab p")
    shoot(page, "profile-relationships")
    browser.close()


if __name__ == "__main__":
    main()
