"""Keyboard first, for a support agent with a customer on the phone: "/" puts the cursor in the
omnibox from anywhere, the arrow keys move through what it suggests as they type, Enter opens the
chosen customer; "?" lists the shortcuts."""

import re

import pytest
from playwright.sync_api import expect

from tests.customers.factories import make_person

from .conftest import screenshot
from .test_every_page import AXE, AXE_RUN
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def test_slash_arrows_and_enter_open_a_customer_without_the_mouse(page, demo, console_errors):
    for first in ("Ottilie", "Otto", "Oskar"):
        make_person(first, "Kwiatkowska-Brandt")
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")
    page.set_viewport_size({"width": 1280, "height": 800})

    omnibox = page.get_by_role("combobox", name="Find a customer")
    page.keyboard.press("/")
    expect(omnibox).to_be_focused()
    expect(omnibox).to_have_value("", timeout=1000)  # the "/" was not typed into it
    page.keyboard.type("kwiatkowska")
    suggestions = page.get_by_role("listbox", name="Customers found")
    expect(suggestions.get_by_role("option")).to_have_count(3)
    expect(omnibox).to_have_attribute("aria-expanded", "true")
    screenshot(page, "omnibox-suggestions")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    chosen = suggestions.locator('[role="option"][aria-selected="true"]')
    expect(chosen).to_have_count(1)
    expect(omnibox).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    name = chosen.locator(".fw-semibold").inner_text()
    assert name.endswith("Kwiatkowska-Brandt")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()

    page.keyboard.press("/")
    expect(omnibox).to_be_focused()
    page.keyboard.type("ottilie")
    expect(suggestions.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    page.keyboard.press("Enter")  # nothing chosen: the search itself, which opens the one match
    expect(page.get_by_role("heading", name="Ottilie Kwiatkowska-Brandt", exact=True)).to_be_visible()

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Find a customer")
    screenshot(page, "keyboard-shortcuts")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert console_errors == []


def open_suggestions(page, demo, query: str):
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.keyboard.press("/")
    page.keyboard.type(query)
    suggestions = page.get_by_role("listbox", name="Customers found")
    expect(suggestions.get_by_role("option").first).to_be_visible()
    return page.get_by_role("combobox", name="Find a customer"), suggestions


def test_a_suggestion_chosen_before_more_typing_is_not_opened_by_enter(page, demo, console_errors):
    """The agent arrows to a suggestion, then types on (the caller spelt the name): Enter searches
    what is typed, it does not open the customer chosen from the earlier, shorter query."""
    make_person("Quirin", "Zabrowski-Hart")
    omnibox, suggestions = open_suggestions(page, demo, "zabrowski")
    page.keyboard.press("ArrowDown")
    expect(omnibox).to_have_attribute("aria-activedescendant", re.compile("omnibox-option-"))
    page.keyboard.type("-nobody-by-that-name")
    # Before the new suggestions arrive, nothing is chosen any more; after, nothing stale is named.
    expect(suggestions.locator('[aria-selected="true"]')).to_have_count(0, timeout=100)
    expect(omnibox).not_to_have_attribute("aria-activedescendant", re.compile("."))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=zab"))
    expect(page.get_by_role("heading", name="Quirin Zabrowski-Hart")).to_have_count(0)
    assert console_errors == []


def test_escape_never_empties_the_omnibox(page, demo):
    """Escape closes the suggestions, then leaves the box: what was typed stays (Chromium's search
    field would empty itself on Escape)."""
    make_person("Quirin", "Zabrowski-Hart")
    omnibox, suggestions = open_suggestions(page, demo, "zabrowski")
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(omnibox).to_have_value("zabrowski")
    omnibox.focus()
    page.keyboard.press("Escape")
    expect(omnibox).to_have_value("zabrowski")
    expect(omnibox).not_to_be_focused()


def test_the_open_suggestions_pass_axe(page, demo):
    """An option is one thing to a screen reader: no link (nothing focusable) inside it; a click
    on it still opens the customer."""
    make_person("Quirin", "Zabrowski-Hart")
    make_person("Quentin", "Zabrowski-Hart")
    _, suggestions = open_suggestions(page, demo, "zabrowski")
    page.keyboard.press("ArrowDown")
    page.evaluate(AXE.read_text())
    violations = page.evaluate(AXE_RUN)
    assert violations == [], violations
    option = suggestions.get_by_role("option").filter(has_text="Quentin")
    option.click()
    expect(page.get_by_role("heading", name="Quentin Zabrowski-Hart", exact=True)).to_be_visible()


def test_enter_in_the_omnibox_stops_its_suggestions_so_the_board_keeps_the_profile(page, demo, console_errors):
    """Every request saves the session (the idle timeout): a suggestions request still waiting when
    Enter leaves the page would write back the board as it was, without the profile being opened."""
    import re
    import time

    make_person("Philippa", "Quernheim")
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")
    suggestions_asked = []
    page.on("request", lambda request: suggestions_asked.append(request.url) if "suggest=1" in request.url else None)

    def slow_search(route):
        time.sleep(0.6)  # longer than the omnibox's 200 ms wait before it asks for suggestions
        route.continue_()

    page.route(re.compile(r"/search/\?q=[^&]*$"), slow_search)
    omnibox = page.get_by_role("combobox", name="Find a customer")
    omnibox.fill("philippa quernheim")
    omnibox.press("Enter")
    expect(page.get_by_role("heading", name="Philippa Quernheim", exact=True)).to_be_visible()
    page.wait_for_timeout(400)
    assert suggestions_asked == [], "no suggestion is asked for once Enter has left the page"
    strip = page.get_by_role("navigation", name="Open customer profiles")
    expect(strip.get_by_role("link", name="Philippa Quernheim")).to_be_visible()
    assert console_errors == []


def test_an_answer_arriving_after_escape_does_not_open_the_list_again(page, demo):
    import re
    import time

    make_person("Wendelin", "Oberhuber")
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")

    def late(route):
        time.sleep(0.8)
        route.continue_()

    page.route(re.compile(r"suggest=1"), late)
    omnibox = page.get_by_role("combobox", name="Find a customer")
    # Waiting for the answer from before it is asked: on a loaded machine it may come back while
    # Escape is pressed, and a wait set up afterwards would miss it.
    with page.expect_response(re.compile(r"suggest=1")):
        omnibox.fill("oberhuber")
        page.wait_for_timeout(300)  # the request has left (held 0.8 s), its answer has not come back
        page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    suggestions = page.get_by_role("listbox", name="Customers found")
    expect(suggestions).to_be_hidden()
    expect(omnibox).to_have_value("oberhuber")
    omnibox.focus()  # Escape with no list open left the box
    page.keyboard.press("ArrowDown")  # brings the list back
    expect(suggestions.get_by_role("option")).to_have_count(1)
    expect(suggestions).to_be_visible()
