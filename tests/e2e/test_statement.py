"""A statement as a support agent lives it in a browser: asked for from the Accounts tab, built by
a real Celery worker through Redis while the page shows the progress bar moving, then the file
arrives by itself as a download. Needs Chromium and ``REDIS_URL``."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.customers.factories import make_person
from tests.customers.holdings import add_transactions, make_account

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = [pytest.mark.e2e, pytest.mark.real_worker]
ROWS = 60_000  # about 6 s of PDF: several polls of the bar while it moves


def test_a_support_agent_watches_the_statement_being_built_and_receives_it(
    page, demo, redis_worker, console_errors, tmp_path
):
    person = make_person("Stella", "Statement")
    start = timezone.now() - timedelta(hours=ROWS + 1)
    add_transactions(make_account(person), ROWS, start=start)

    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/customers/{person.pk}/accounts/")
    page.get_by_role("link", name="Export a statement").click()
    page.get_by_label("From").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("PDF").check()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Export the statement").click()
        expect(page.get_by_text("Export in progress")).to_be_visible()
        bar = page.locator(".progress-bar")
        expect(bar).to_have_attribute("data-progress", re.compile(r"^[1-9][0-9]?$"), timeout=60_000)
        screenshot(page, "statement-in-progress")
    expect(page.get_by_text(f"Ready: {ROWS:,} transactions")).to_be_visible()
    screenshot(page, "statement-ready")

    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith(f"statement-{person.pk}-") and saved.suffix == ".pdf"
    reader = PdfReader(saved)
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert "Stella Statement" in first and f"Page {len(reader.pages)}" in last and "Closing balance" in last
    assert console_errors == []
