"""Each demo role signs in, sees its navigation, signs out; a lockout is seen in the browser."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.e2e
PASSWORD = "backoffice-demo"
# The sidebar's sections and their links, as each role sees them.
NAVIGATION = {
    "support": {
        "": ["Dashboard", "Work", "Saved views", "Help"],
        "Customers": ["Customers", "Accounts", "Cards", "Transactions", "Exports"],
        "KYC": ["Pre-review", "Identification requests"],
    },
    "compliance": {
        "": ["Dashboard", "Work", "Saved views", "Help"],
        "Customers": ["Customers", "Accounts", "Cards", "Transactions", "Exports"],
        "KYC": ["Pre-review", "KYC reviews", "Identification requests"],
        "Compliance": ["Restricted customers", "Watchlist hits", "Watchlists"],
        "Administration": ["Approvals", "Audit log"],
    },
    "admin": {
        "": ["Dashboard", "Work", "Saved views", "Help"],
        "Customers": ["Customers", "Accounts", "Cards", "Transactions", "Exports"],
        "KYC": ["Identification requests", "KYC form"],
        "Compliance": ["Restricted customers", "Limit packs", "Price lists", "Watchlist hits", "Watchlists"],
        "Administration": ["Dictionaries", "Approvals", "Four-eyes rules", "Panel settings", "Audit log", "Staff"],
    },
}


def sidebar_sections(page) -> dict[str, list[str]]:
    """The sidebar as ``{heading: [link, ...]}``, read off the page (a list without a heading is
    the dashboard's)."""
    return page.locator("#main-navigation").evaluate(
        """(nav) => {
          const sections = {};
          for (const list of nav.querySelectorAll("ul")) {
            const heading = list.getAttribute("aria-labelledby");
            const label = heading ? document.getElementById(heading).textContent.trim() : "";
            sections[label] = Array.from(list.querySelectorAll("a.nav-link"), (link) => link.textContent.trim());
          }
          return sections;
        }"""
    )


def sign_in_with_password(page, base_url, username, password=PASSWORD):
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("username", ["support", "compliance", "admin"])
def test_each_role_signs_in_sees_its_navigation_and_signs_out(page, demo, console_errors, username):
    page.goto(f"{demo.url}/")
    expect(page.locator("#demo-accounts")).to_contain_text(username)
    expect(page.get_by_text("you may skip adding an authenticator app")).to_be_visible()

    sign_in_with_password(page, demo.url, username)
    expect(page.get_by_role("heading", name="Add an authenticator app")).to_be_visible()
    page.get_by_role("button", name="Skip for now (demo only)").click()

    expect(page.get_by_role("heading", name="Hello")).to_be_visible()
    assert sidebar_sections(page) == NAVIGATION[username]
    expect(page.locator("#main-navigation a.nav-link.active")).to_have_text("Dashboard")
    screenshot(page, f"dashboard-{username}")

    page.locator("#user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto(f"{demo.url}/")
    expect(page).to_have_url(f"{demo.url}/login/?next=/")
    assert console_errors == []


def test_enrolling_an_authenticator_app_in_the_browser(page, demo, console_errors):
    sign_in_with_password(page, demo.url, "compliance")
    key = page.locator("code.user-select-all").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Authentication code").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Confirm the app and sign in").click()
    expect(page.get_by_role("heading", name="Hello")).to_be_visible()
    expect(page.get_by_text("Your account has no authenticator app yet")).to_have_count(0)
    assert console_errors == []


def test_five_wrong_passwords_lock_the_account(page, demo):
    for _ in range(4):
        sign_in_with_password(page, demo.url, "support", "not-the-password")
        expect(page.get_by_text("The username or password is not right.")).to_be_visible()
    expect(page.get_by_text("1 more failed attempt will lock the account for 30 minutes.")).to_be_visible()
    sign_in_with_password(page, demo.url, "support", "not-the-password")
    expect(page.get_by_role("heading", name="Account locked")).to_be_visible()
    expect(page.locator("#locked-out")).to_contain_text("You can try again at")
    screenshot(page, "locked-out")

    # The right password does not get through while locked.
    sign_in_with_password(page, demo.url, "support")
    expect(page.get_by_role("heading", name="Account locked")).to_be_visible()
