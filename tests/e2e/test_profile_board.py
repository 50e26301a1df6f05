"""The profile board as a support agent uses it with customers on the phone: three profiles
opened from the top bar stay side by side in the strip; one is closed; an SCA device is secured
with a reason that then shows on the device; a company's relationship diagram leads to its
shareholder's profile."""

import pytest
from playwright.sync_api import expect

from tests.customers.factories import link, make_company, make_person
from tests.customers.holdings import make_device

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e


def open_from_omnibox(page, query, name):
    omnibox = page.get_by_label("Find a customer")
    omnibox.fill(query)
    omnibox.press("Enter")
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def test_three_profiles_side_by_side_a_device_secured_and_a_shareholder_reached(page, demo, console_errors):
    anna = make_person("Annabelle", "Quintard")
    make_person("Bastien", "Rouvière")
    make_person("Camille", "Sorlin")
    device = make_device(anna)
    shareholder = make_person("Octave", "Vaudrey")
    company = make_company("Quenelles Vaudrey SARL", representative=make_person("Irène", "Vaudrey"))
    link(company, shareholder, percent="60")

    sign_in_with_password(page, demo.url, "support")
    page.get_by_role("button", name="Skip for now (demo only)").click()
    open_from_omnibox(page, "annabelle quintard", "Annabelle Quintard")
    open_from_omnibox(page, "bastien rouviere", "Bastien Rouvière")
    open_from_omnibox(page, "camille sorlin", "Camille Sorlin")

    strip = page.get_by_role("navigation", name="Open customer profiles")
    for name in ("Annabelle Quintard", "Bastien Rouvière", "Camille Sorlin"):
        expect(strip.get_by_role("link", name=name)).to_be_visible()
    expect(strip.get_by_role("link", name="Camille Sorlin")).to_have_attribute("aria-current", "page")
    expect(strip.get_by_role("link", name="Annabelle Quintard")).to_contain_text("Pending")
    screenshot(page, "profile-board-strip")

    # Switch with the strip, then close the middle one.
    strip.get_by_role("link", name="Annabelle Quintard").click()
    expect(page.get_by_role("heading", name="Annabelle Quintard", exact=True)).to_be_visible()
    strip.get_by_role("button", name="Close the profile of Bastien Rouvière").click()
    expect(strip.get_by_role("link", name="Bastien Rouvière")).to_have_count(0)
    expect(page.get_by_role("heading", name="Annabelle Quintard", exact=True)).to_be_visible()
    page.reload()  # the board lives in the session
    expect(strip.get_by_role("link", name="Camille Sorlin")).to_be_visible()
    expect(strip.get_by_role("link", name="Bastien Rouvière")).to_have_count(0)

    # Secure the SCA device with a reason and a message.
    page.get_by_role("tab", name="SCA devices").click()
    card = page.locator(f"[data-device='{device.pk}']")
    expect(card).to_contain_text("Active")
    card.get_by_role("button", name="More commands for this device").click()
    expect(card.get_by_role("link", name="Delete SCA")).to_have_count(0)  # not for a support agent
    card.get_by_role("link", name="Secure SCA on this device").click()
    expect(page.get_by_text("What happens:")).to_be_visible()
    page.get_by_label("Reason").select_option(label="Device stolen")
    page.get_by_label("Message").fill("Phone snatched at Gare de Lyon, customer called at 10:40")
    page.get_by_role("button", name="Secure SCA on this device").click()
    expect(page.get_by_text("The device is locked (Device stolen)")).to_be_visible()
    card = page.locator(f"[data-device='{device.pk}']")
    expect(card).to_contain_text("Locked")
    expect(card.locator(".lock-reason")).to_have_text("Device stolen")
    expect(card.locator(".lock-message")).to_have_text("Phone snatched at Gare de Lyon, customer called at 10:40")
    assert page.url.endswith(f"/customers/{anna.pk}/sca-devices/")
    screenshot(page, "profile-sca-devices")

    # The company's diagram, then through to its shareholder.
    open_from_omnibox(page, "quenelles vaudrey", "Quenelles Vaudrey SARL")
    page.get_by_role("tab", name="Relationships").click()
    diagram = page.get_by_role("group", name="Customers linked to Quenelles Vaudrey SARL")
    expect(diagram).to_be_visible()
    expect(diagram).to_contain_text("60 %")
    expect(page.locator("table.ownership")).to_contain_text("Beneficial owner")
    screenshot(page, "profile-relationships")
    page.locator(f"svg a[data-customer='{shareholder.pk}']").click()
    expect(page.get_by_role("heading", name="Octave Vaudrey", exact=True)).to_be_visible()
    expect(strip.get_by_role("link")).to_have_count(4)
    assert console_errors == []
