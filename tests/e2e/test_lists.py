"""A list in the browser: filters apply through htmx without a reload and stay in the URL."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def query(page) -> dict:
    return parse_qs(urlparse(page.url).query)


def test_staff_list_filters_in_place_and_keeps_them_in_the_url(page, demo, console_errors):
    sign_in_with_password(page, demo.url, "admin")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.get_by_role("link", name="Staff").first.click()
    expect(page.get_by_role("heading", name="Staff")).to_be_visible()
    table = page.locator("#list-results")
    expect(table).to_contain_text("compliance")

    page.evaluate("window.__sameDocument = true")
    page.locator("#list-filters").get_by_label("Role").select_option("Support agent")
    expect(table).not_to_contain_text("Compliance officer")
    expect(table).to_contain_text("support")
    page.wait_for_url(re.compile(r"role="))  # htmx pushes the URL after the swap
    assert query(page) == {"role": ["Support agent"]}, "the filter is in the URL, and only it"
    assert page.evaluate("window.__sameDocument") is True, "filtered without reloading the page"

    page.get_by_role("link", name="Username").click()
    expect(page.locator("th[aria-sort]")).to_have_count(1)
    page.wait_for_url(re.compile(r"sort="))
    screenshot(page, "staff-list")
    assert query(page)["sort"] == ["-username"], "the list was sorted by username already: the click reverses it"
    page.locator("#list-filters").get_by_label("Status").select_option("active")
    page.wait_for_url(re.compile(r"status=active"))
    assert query(page) == {"role": ["Support agent"], "sort": ["-username"], "status": ["active"]}, "the sort stays"
    page.go_back()
    page.wait_for_url(lambda url: "status" not in url)
    page.go_back()
    page.wait_for_url(lambda url: "sort" not in url)
    assert query(page) == {"role": ["Support agent"]}, "the back button walks back through the filters"

    # After two steps back htmx restores the list from its history: click once that has settled
    # (under load the click landed on the list being swapped, and nothing opened: .ci/run at 545e5e5).
    page.wait_for_load_state("networkidle")
    page.locator("#list-results tbody").get_by_role("link", name="support").click()
    expect(page.get_by_role("heading", name="Sam Support")).to_be_visible()
    expect(page.locator("#main-navigation")).to_have_count(1)  # a whole page, not swapped into the list
    assert console_errors == []


def test_audit_log_page(page, demo, console_errors):
    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.get_by_role("link", name="Audit log").first.click()
    expect(page.locator("#list-results")).to_contain_text("Signed in")
    page.locator("#list-filters").get_by_label("Action").fill("staff.")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#list-results")).not_to_contain_text("Signed in")
    screenshot(page, "audit-log")

    page.locator("#list-filters").get_by_label("From", exact=True).fill("2026-02-01")
    page.locator("#list-filters").get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#list-filters")).to_contain_text("The end date is before the start date.")
    page.locator("#list-filters").get_by_label("To", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#list-filters")).not_to_contain_text("The end date is before the start date.")
    assert console_errors == []


def test_companies_with_long_addresses_fit_1280_px_beside_the_sidebar(page, demo):
    """A company's contact address with a long domain (the demo has "contact.9@blondiauduryandcolli
    .test") breaks before its "@" and its dots: the row actions stay in view, no inner scroll."""
    from customers.models import ContactEmail, Customer
    from tests.customers.factories import make_company

    for name in ("Blondiau, Dury and Collin", "Vandenbergh & Bos", "Schwarzwald-Maschinenbau"):
        company = make_company(name)
        domain = "".join(ch for ch in name.lower() if ch.isalpha())[:20]  # as the demo makes them
        address = f"contact.{company.pk}@{domain}.test"
        ContactEmail.objects.filter(customer=company, is_primary=True).update(email=address)
        Customer.objects.filter(pk=company.pk).update(primary_email=address)
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo.url}/customers/companies/")
    expect(page.locator("#list-results")).to_contain_text("schwarzwaldmaschinen")
    wrap = page.locator(".list-table-wrap")
    widths = wrap.evaluate("(element) => [element.scrollWidth, element.clientWidth]")
    screenshot(page, "companies-1280")
    assert widths[0] <= widths[1], f"the table is {widths[0]} px wide in {widths[1]} px: columns behind a scroll"


def test_columns_can_be_moved_and_closed_from_the_keyboard(page, demo):
    """Moving a column keeps the menu open with the focus on the same arrow, so a keyboard user
    moves a column several places with Enter, Enter; Escape closes the menu back to its button."""
    sign_in_with_password(page, demo.url, "admin")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")
    page.goto(f"{demo.url}/customers/")
    headers = page.locator("#list-results thead th")
    expect(headers.last).to_have_text("Actions")
    summary = page.locator("summary", has_text="Columns")
    summary.focus()
    page.keyboard.press("Enter")
    left = page.get_by_role("button", name="Move Created at left")
    left.focus()
    page.keyboard.press("Enter")
    expect(headers.nth(4)).to_have_text(re.compile("Created at"))
    expect(page.get_by_role("button", name="Move Created at left")).to_be_focused()
    page.keyboard.press("Enter")
    expect(headers.nth(3)).to_have_text(re.compile("Created at"))
    expect(page.get_by_role("button", name="Move Created at left")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Move Created at left")).to_be_hidden()
    expect(page.locator("summary", has_text="Columns")).to_be_focused()


def test_the_persons_list_goes_to_its_last_page_a_day_and_letters_in_place(page, demo, console_errors, settings):
    """From the keyboard, without reloading the page: "Last page" shows the oldest persons, "Go to
    created on or before" a day opens the list there, and sorted by name, "Go to name from" M
    opens it at the first name from M; each keeps the filter, and the URL says where it is."""
    import datetime

    from customers.models import Customer
    from tests.customers.factories import make_person

    settings.LIST_PAGE_SIZE = 5
    start = datetime.datetime(2020, 3, 1, 12, tzinfo=datetime.UTC)  # older than the demo's customers
    for index, last_name in enumerate(["Aalto", "Berg", "Castro", "Dahl", "Moreau", "Mercier", "Nagy", "Olsen"]):
        person = make_person("Ada", last_name)
        Customer.objects.filter(pk=person.pk).update(created_at=start + datetime.timedelta(days=index))
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo.url}/customers/persons/?state=active")
    page.evaluate("window.__sameDocument = true")
    results = page.locator("#list-results")

    page.get_by_role("link", name="Last page").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"last=1"))
    expect(results.locator("tbody tr").last).to_contain_text("Ada Aalto")  # the oldest, at the end
    expect(results.get_by_role("link", name="Last page")).to_have_attribute("aria-disabled", "true")

    day = page.get_by_label("Go to created on or before")
    day.fill("2020-03-05")  # Moreau's day
    day.press("Enter")
    page.wait_for_url(re.compile(r"from=2020-03-05"))
    expect(results.locator("tbody tr").first).to_contain_text("Ada Moreau")
    expect(results).to_contain_text("Created on or before 5 March 2020")
    assert query(page) == {"state": ["active"], "from": ["2020-03-05"]}, "the filter stays"

    results.get_by_role("link", name="Name").click()  # sort by name
    page.wait_for_url(re.compile(r"sort=name"))
    letters = page.get_by_label("Go to name from")
    letters.fill("m")
    letters.press("Enter")
    page.wait_for_url(re.compile(r"from=m"))
    first = results.locator("tbody tr").first.locator("td a").first.inner_text()  # the name's link
    assert first.split()[-1][0] >= "M", f"{first} comes before M"
    screenshot(page, "persons-go-to-letters")
    assert page.evaluate("window.__sameDocument") is True, "every jump swapped the results in place"
    assert console_errors == []
