"""Bulk actions in the browser (issue 21): tick rows on a list, tag them, read the result."""

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def test_an_administrator_ticks_persons_tags_them_and_reads_the_result(page, demo, console_errors):
    sign_in_with_password(page, demo.url, "admin")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/customers/persons/")
    rows = page.locator('#list-results tbody input[name="ids"]')
    count = rows.count()
    assert count >= 3

    page.get_by_label("Select every row on this page").check()  # the page's tick box ticks every row
    for index in range(count):
        expect(rows.nth(index)).to_be_checked()
    page.get_by_label("Select every row on this page").uncheck()
    rows.nth(0).check()
    rows.nth(1).check()
    names = [page.locator("#list-results tbody tr").nth(index).locator("td").nth(2).inner_text() for index in (0, 1)]

    page.get_by_text("Bulk actions").click()
    expect(page.get_by_label("The rows ticked on this page")).to_be_checked()
    screenshot(page, "bulk-actions-menu")
    page.get_by_role("button", name="Add a tag").click()
    expect(page.get_by_role("heading", name="Add a tag")).to_be_visible()
    expect(page.get_by_text("The 2 rows ticked on the list.")).to_be_visible()
    page.get_by_label("Tag").select_option(label="VIP")
    page.get_by_role("button", name="Add a tag").click()

    expect(page.get_by_role("heading", name="Add a tag: result")).to_be_visible()
    done = int(page.locator('[data-count="done"]').inner_text())
    refused = int(page.locator('[data-count="refused"]').inner_text())
    assert done + refused == 2
    if refused:  # a demo customer deactivated, or tagged VIP already: said with its reason
        expect(page.get_by_role("heading", name="Refused rows, and why")).to_be_visible()
    screenshot(page, "bulk-actions-result")
    page.get_by_role("link", name="Back to the list").click()
    expect(page.get_by_role("heading", name="Persons")).to_be_visible()
    assert all(names)
    assert console_errors == []
