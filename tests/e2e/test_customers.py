"""A support agent with a customer on the phone: find them by name from the top bar, fix their
phone number after a typo, and see the change in the profile's history."""

import pytest
from playwright.sync_api import expect

from tests.customers.factories import make_company, make_person

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def test_support_agent_finds_a_company_by_legal_name_and_fixes_its_phone(page, demo, console_errors):
    company = make_company("Boulangerie Ékoline", representative=make_person("Élodie", "Marchand"))
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()

    omnibox = page.get_by_label("Find a customer")
    omnibox.fill("boulangerie ekoline")  # no accent, lower case: still found
    omnibox.press("Enter")
    expect(page.get_by_role("heading", name="Boulangerie Ékoline")).to_be_visible()
    assert page.url.endswith(f"/customers/{company.pk}/"), "exactly one match opens the profile directly"
    screenshot(page, "customer-profile")

    page.get_by_role("link", name="Edit contacts").click()
    phone = page.get_by_label("Primary phone")
    phone.fill("06 12")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_label("Primary phone")).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_primary_phone_error, #id_primary_phone ~ .invalid-feedback")
    expect(error.first).to_contain_text("international format")
    screenshot(page, "customer-contacts-error")

    page.get_by_label("Primary phone").fill("+33 7 81 23 45 67")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Contacts saved.")).to_be_visible()
    expect(page.locator(".contact-phone")).to_contain_text("+33 7 81 23 45 67")

    page.evaluate("window.__sameDocument = true")
    page.get_by_role("tab", name="History").click()
    history = page.locator("table.history")
    expect(history).to_contain_text("Contacts edited")
    expect(history).to_contain_text("+33781234567")
    expect(history).to_contain_text("support")
    assert page.url.endswith(f"/customers/{company.pk}/history/"), "the tab has a URL of its own"
    assert page.evaluate("window.__sameDocument") is True, "the tab loaded in place (htmx)"
    screenshot(page, "customer-history")
    assert console_errors == []


def test_the_persons_list_and_search_results(page, demo, console_errors):
    make_person("Zoë", "Dupont", email="zoe.dupont@example.test")
    make_person("Zoé", "Dupond", email="zoe.dupond@example.test")
    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.get_by_role("link", name="Customers").first.click()
    expect(page.get_by_role("heading", name="All customers")).to_be_visible()
    page.goto(demo.url + "/customers/persons/")
    page.get_by_label("Last name").fill("dupon")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#list-results")).to_contain_text("Zoë Dupont")
    expect(page.locator("#list-results")).to_contain_text("Zoé Dupond")
    screenshot(page, "customer-persons")

    page.get_by_label("Find a customer").fill("zoe dupon")
    page.get_by_label("Find a customer").press("Enter")
    expect(page.get_by_text("2 customers match")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    screenshot(page, "customer-search")
    assert console_errors == []


def test_a_form_with_several_errors_sums_them_up_and_each_link_focuses_its_field(page, demo, console_errors):
    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(demo.url + "/customers/persons/new/")
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("Dupont3")
    page.get_by_label("Primary email").fill("zoe@")
    page.get_by_role("button", name="Create the person").click()

    summary = page.get_by_role("alert").filter(has_text="fields need attention")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # read first by a screen reader
    expect(summary).to_contain_text("Last name: The last name has a number in it (“3”)")
    summary.get_by_role("link", name="Primary email").click()
    expect(page.get_by_label("Primary email")).to_be_focused()
    summary.get_by_role("link", name="Last name").click()
    expect(page.get_by_label("Last name")).to_be_focused()
    screenshot(page, "form-error-summary")
    assert console_errors == []
