"""The document beside the declared data, in a browser (issue 16): a support agent pre-reviews an
image, zooms in and rotates it; then a PDF of three pages, shown as images rendered on the
server, goes to its next page. The transform changes as asked and the page logs no error (a
CSP violation would be one: the viewer sets its transform through the CSSOM, never a style
attribute). Switching profiles with the strip keeps the tab."""

import pytest
from playwright.sync_api import expect

from kyc import services
from tests.customers.factories import ROBOT, make_person
from tests.kyc.files import image_bytes, pages_pdf

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def transform(image) -> str:
    return image.evaluate("element => element.style.transform")


def upload(person, name, content):
    details = services.DocumentDetails(document_type=12)
    return services.upload_documents(actor=ROBOT, customer=person, details=details, files=[(name, content)])[0]


def test_zoom_rotate_and_turn_the_pages_of_a_pre_reviewed_document(page, demo, console_errors):
    person = make_person("Viviane", "Lecomte")
    scan = upload(person, "bill.png", image_bytes(size=(600, 400)))
    pdf = upload(person, "statement.pdf", pages_pdf(3))

    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/kyc/prereview/{scan.pk}/")
    image = page.get_by_role("img", name="Proof of address: bill.png")
    expect(image).to_be_visible()
    expect(page.locator("[data-viewer-zoom]")).to_contain_text("%")
    fitted = transform(image)
    assert "scale(" in fitted and "rotate(0deg)" in fitted

    page.get_by_role("button", name="Zoom in").click()
    zoomed = transform(image)
    assert zoomed != fitted
    page.get_by_role("button", name="Rotate right").click()
    turned = transform(image)
    assert "rotate(90deg)" in turned and turned != zoomed
    page.get_by_role("button", name="Rotate left").click()
    page.get_by_role("button", name="Rotate left").click()
    assert "rotate(270deg)" in transform(image)
    page.get_by_role("button", name="Fit to the frame").click()
    assert transform(image) != turned
    screenshot(page, "document-viewer-image")

    page.goto(f"{demo.url}/kyc/prereview/{pdf.pk}/")
    first = page.get_by_role("img", name="Proof of address: statement.pdf, page 1 of 3")
    expect(first).to_be_visible()
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    page.get_by_role("button", name="Next page").click()
    second = page.get_by_role("img", name="Proof of address: statement.pdf, page 2 of 3")
    expect(second).to_have_attribute("src", f"/kyc/documents/{pdf.pk}/pages/2.png")
    page.wait_for_function("() => document.querySelector('.document-viewer-image').naturalWidth > 0")
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    page.get_by_role("link", name="Page 3").click()
    expect(page.get_by_text("Page 3 of 3")).to_be_visible()
    page.get_by_role("button", name="Rotate right").click()  # before the page has loaded: applied on load
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    page.wait_for_function("() => document.querySelector('.document-viewer-image').style.transform.includes('90deg')")
    assert page.locator("[data-viewer-zoom]").inner_text() != "400 %"  # fitted to the loaded page, not to nothing
    screenshot(page, "document-viewer-pdf")
    assert console_errors == []


def test_switching_profiles_keeps_the_tab(page, demo, console_errors):
    anna, ben = make_person("Anouk", "Maréchal"), make_person("Basile", "Fournier")
    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.goto(f"{demo.url}/customers/{ben.pk}/")
    page.goto(f"{demo.url}/customers/{anna.pk}/")
    page.get_by_role("tab", name="Accounts").click()
    expect(page).to_have_url(f"{demo.url}/customers/{anna.pk}/accounts/")
    strip = page.get_by_role("navigation", name="Open customer profiles")
    strip.get_by_role("link", name="Basile Fournier").click()
    expect(page).to_have_url(f"{demo.url}/customers/{ben.pk}/accounts/")
    expect(page.get_by_role("heading", name="Basile Fournier", exact=True)).to_be_visible()
    assert console_errors == []
