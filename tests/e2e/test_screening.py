"""Watchlist screening in a browser (issue 20): a compliance officer opens the demo's hits, reads
one beside the listed subject and clears it as a false positive; the hit leaves the list, and its
work item is done."""

import pytest
from playwright.sync_api import expect

from screening.models import HitStatus, ScreeningHit

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def test_a_compliance_officer_clears_a_hit_as_a_false_positive(page, demo, console_errors):
    sign_in_with_password(page, demo.url, "compliance")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.locator("#main-navigation").get_by_role("link", name="Watchlist hits").click()
    expect(page.get_by_role("heading", name="Watchlist hits")).to_be_visible()
    row = page.locator("tr", has_text="Nadia PETRENKO")
    expect(row).to_contain_text("To review")
    row.get_by_role("link", name="Nadia PETRENKO").click()
    expect(page.get_by_role("heading", name="may be Nadia PETRENKO")).to_be_visible()
    expect(page.locator("#hit-tokens")).to_contain_text("nadiya")
    expect(page.get_by_text("Born 1990-04-21, as listed")).to_be_visible()
    screenshot(page, "screening-hit")

    page.get_by_role("link", name="Not the listed subject (false positive)").click()
    page.get_by_role("button", name="Clear as a false positive").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()  # the reason, by its field
    page.get_by_label("Reason").fill("Another Nadiya Petrenko: her passport number differs from the listing's.")
    page.get_by_role("button", name="Clear as a false positive").click()
    expect(page.get_by_role("alert")).to_contain_text("cleared as a false positive")
    expect(page.locator("main")).to_contain_text("False positive")

    page.locator("#main-navigation").get_by_role("link", name="Watchlist hits").click()
    expect(page.locator("tr", has_text="Nadia PETRENKO")).to_have_count(0)
    hit = ScreeningHit.objects.get(entity__caption="Nadia PETRENKO")
    assert hit.status == HitStatus.CLEARED and hit.decided_by.username == "compliance"
    assert console_errors == []
