"""Crassula's create form in a browser (issue 21): the price-list drop-down offers only the chosen
person type's price lists (those without a type when none is chosen), and a prospect is created
from the Persons list with nothing filled in."""

import pytest
from playwright.sync_api import expect

from customers.models import CustomerType, PriceList

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def offered(page) -> list[str]:
    return page.locator("#id_price_list option:not([hidden])").all_inner_texts()


def test_the_price_lists_follow_the_type_and_a_prospect_needs_nothing(page, demo, console_errors):
    retail = CustomerType.objects.create(name="Retail e2e", applies_to="person")
    PriceList.objects.create(name="Retail e2e 2026", customer_type=retail)
    PriceList.objects.create(name="Untyped e2e")
    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(demo.url + "/customers/persons/")
    page.get_by_role("link", name="New person").click()
    names = offered(page)
    assert any("Untyped e2e" in name for name in names) and not any("Retail e2e 2026" in name for name in names)
    page.get_by_label("Person type").select_option(label="Retail e2e")
    names = offered(page)
    assert any("Retail e2e 2026" in name for name in names) and not any("Untyped e2e" in name for name in names)
    page.get_by_label("Price list").select_option(label="Retail e2e 2026 (Retail e2e)")
    page.get_by_label("Person type").select_option(value="")
    expect(page.get_by_label("Price list")).to_have_value("")  # a price list of another type is let go

    page.goto(demo.url + "/customers/persons/")
    page.get_by_role("link", name="New prospect").click()
    expect(page.get_by_text("Every field is optional")).to_be_visible()
    page.get_by_role("button", name="Create the prospect").click()
    expect(page.get_by_text("A prospect: onboarding not completed")).to_be_visible()
    expect(page.get_by_role("link", name="Complete the identity")).to_be_visible()
    screenshot(page, "prospect-profile")
    assert console_errors == []
