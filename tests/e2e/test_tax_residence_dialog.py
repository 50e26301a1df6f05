"""T "Add Tax Residence" in a browser (issue 21): the KYC tab's button opens the dialog, a wrong
TIN is said inside it, a right one closes it and the residence shows in the tab."""

import pytest
from playwright.sync_api import expect

from kyc.services import Residence, update_tax_residences
from tests.customers.factories import ROBOT, make_person

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def test_a_support_agent_adds_a_tax_residence_in_the_dialog(page, demo, console_errors):
    person = make_person("Inès", "Taxpayer")
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
    page.get_by_role("link", name="Add tax residence").click()
    dialog = page.get_by_role("dialog", name="Add a tax residence")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Country").select_option("FR")
    dialog.get_by_label("Tax identification number (TIN)").fill("123")
    dialog.get_by_role("button", name="Add the tax residence").click()
    expect(dialog.locator(".invalid-feedback")).to_contain_text("13-digit numéro fiscal")
    screenshot(page, "tax-residence-dialog-error")
    dialog.get_by_label("Tax identification number (TIN)").fill("3023 217 600 053")
    dialog.get_by_role("button", name="Add the tax residence").click()
    expect(page.get_by_text("Tax residences saved.")).to_be_visible()
    expect(page.locator("table.tax-residences")).to_contain_text("France")
    expect(page.locator("table.tax-residences")).to_contain_text("0053")
    assert console_errors == []


OUTSIDE_THE_CARD = """() => {
  const card = document.querySelector('#tax-residences').getBoundingClientRect();
  return [...document.querySelectorAll('#tax-residences a, #tax-residences th, #tax-residences td')]
    .filter(element => element.getBoundingClientRect().right > card.right + 0.5)
    .map(element => element.textContent.trim());
}"""


@pytest.mark.parametrize("username", ["compliance", "support"])
def test_the_tax_residences_card_holds_its_buttons_and_table_at_1280_and_1440(page, demo, username):
    """Review 21c L5: "Edit tax residences" and the Since column stayed outside the card at 1280 px."""
    person = make_person("Inès", "Taxpayer")
    update_tax_residences(
        actor=ROBOT,
        customer=person,
        residences=[Residence("FR", "3023217600053"), Residence("GB", ""), Residence("US", "123-45-6789")],
    )
    sign_in_with_password(page, demo.url, username)
    page.get_by_role("button", name="Skip for now (demo only)").click()
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{demo.url}/customers/{person.pk}/kyc/")
        expect(page.get_by_role("link", name="Edit tax residences")).to_be_visible()
        assert page.evaluate(OUTSIDE_THE_CARD) == [], f"outside the card at {width} px"
        screenshot(page, f"tax-residences-{username}-{width}")
