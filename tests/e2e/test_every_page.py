"""Every page type of the URL policy, as each role, in Chromium: it fits 1280 and 1440 px wide
(no page wider than the window, no table hiding columns behind a horizontal scroll) and axe-core
finds no critical or serious WCAG 2.1 A/AA violation.

The pages are the ones ``tests/test_url_policy.py`` answers 200 to the role for a GET, with the
objects its ``UrlObjects`` makes, plus every profile tab the role may open on the demo's richest
customer (#2, Isabel Pereira) and a company's Relationships tab. Each test collects every
failure of its role before it asserts, so one run lists them all. Each role's walk is an xdist
group of its own (about a minute each), so they spread over the workers beside the other
browser tests.
"""

import json
from functools import cache
from pathlib import Path

import pytest
from django.urls import reverse

from backoffice.tabs import profile_tabs
from customers.models import Customer
from tests.test_url_policy import POLICY, UrlObjects

from .conftest import screenshot
from .test_sign_in import sign_in_with_password

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 1440)
ROLES = {"support": "support_agent", "compliance": "compliance_officer", "admin": "administrator"}
# Pages that are not HTML pages of the panel: a file, an API, a health probe, the provider's
# sandbox (a stand-in for a third party's page, outside the panel's shell).
NOT_PAGES = {
    "health",
    "kyc-document-file",
    "kyc-document-download",
    "kyc-document-page",  # a page of a document, as a PNG
    "api-customer-operations",
    "export-download",
    "customer-person-lookup",  # the <option>s of a customer field's suggestions, not a page
}
# What the width check measures in the page: the document, and every element that scrolls
# sideways (a table in .table-responsive) but is wider than its box.
MEASURE = """() => {
  const hidden = [];
  for (const element of document.querySelectorAll("body *")) {
    const style = getComputedStyle(element);
    if (!["auto", "scroll"].includes(style.overflowX)) continue;
    if (element.closest(".modal, .dropdown-menu, .offcanvas:not(.offcanvas-lg)")) continue;
    if (element.scrollWidth > element.clientWidth + 1 && element.offsetParent !== null) {
      const label = element.id ? "#" + element.id : element.className.toString().split(" ").slice(0, 3).join(".");
      hidden.push(`${element.tagName.toLowerCase()} ${label}: ${element.scrollWidth} px in ${element.clientWidth} px`);
    }
  }
  return {page: document.documentElement.scrollWidth, hidden};
}"""
AXE_RUN = """async () => {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n")[1]),
    count: v.nodes.length,
  }));
}"""


class WalkObjects(UrlObjects):
    """The policy's objects for one page, made as the matrix makes them for one case (a person
    of its own, so a card page's KYC level does not stop a review page's request), with the
    staff member they are made by shared by all the pages of the walk."""

    def __init__(self, make_staff, target=None):
        super().__init__(make_staff)
        if target is not None:
            self.__dict__["target"] = target

    def get(self, name):
        return UrlObjects.get(WalkObjects(self.make_staff, self.target), name)


@cache
def axe_source() -> str:
    return AXE.read_text()


def pages_for(persona: str, objects: UrlObjects) -> list[tuple[str, str]]:
    """``(page type, path)``: every GET page the persona gets (200), then the profile tabs."""
    pages = []
    for name, methods in sorted(POLICY.items()):
        if name in NOT_PAGES or methods.get("GET", {}).get(persona) != 200:
            continue
        pages.append((name, reverse(name, kwargs=objects.get(name))))
    return pages


def tab_pages(user) -> list[tuple[str, str]]:
    isabel = Customer.objects.get(pk=2)
    company = Customer.objects.filter(relationships__isnull=False).order_by("pk").first()
    tabs = profile_tabs.visible_to(user)
    pages = [(f"tab {tab.key}", reverse("customer-tab", args=[isabel.pk, tab.key])) for tab in tabs]
    if company is not None:
        pages.append(("tab relationships (company)", reverse("customer-tab", args=[company.pk, "relationships"])))
    return pages


def check_page(page, kind: str, path: str, failures: list[str]) -> None:
    response = page.goto(path)
    if response is None or response.status != 200:
        failures.append(f"{kind} {path}: answered {response.status if response else 'nothing'}")
        return
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        measured = page.evaluate(MEASURE)
        if measured["page"] > width:
            failures.append(f"{kind} {path} at {width} px: the page is {measured['page']} px wide")
            screenshot(page, f"too-wide-{kind}-{width}".replace(" ", "-"))
        for hidden in measured["hidden"]:
            failures.append(f"{kind} {path} at {width} px: {hidden} (columns behind a scroll)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    for violation in page.evaluate(AXE_RUN):
        failures.append(
            f"{kind} {path}: axe {violation['impact']} {violation['id']} ({violation['help']}), "
            f"{violation['count']} element(s): {json.dumps(violation['nodes'], ensure_ascii=False)}"
        )


@pytest.mark.parametrize(
    "username", [pytest.param(name, marks=pytest.mark.xdist_group(f"browser-pages-{name}")) for name in ROLES]
)
def test_every_page_fits_and_passes_axe_as_each_role(page, demo, make_staff, username):
    from backoffice.models import StaffUser

    objects = WalkObjects(make_staff)
    persona = ROLES[username]
    paths = pages_for(persona, objects) + tab_pages(StaffUser.objects.get(username=username))
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_with_password(page, demo.url, username)
    page.get_by_role("button", name="Skip for now (demo only)").click()
    page.wait_for_url(f"{demo.url}/")
    failures: list[str] = []
    for kind, path in paths:
        check_page(page, kind, demo.url + path, failures)
    assert len(paths) > 30, "the walk visits the pages"
    assert not failures, f"{len(failures)} problem(s) as {username}:\n" + "\n".join(failures)


@pytest.mark.xdist_group("browser-pages-support")
def test_the_sign_in_pages_fit_and_pass_axe(page, demo):
    """The pages before the panel: the sign-in form, and the second factor's enrolment."""
    failures: list[str] = []
    page.set_viewport_size({"width": 1440, "height": 900})
    check_page(page, "login", f"{demo.url}/login/", failures)
    page.get_by_label("Username").fill("support")
    page.get_by_label("Password").fill("backoffice-demo")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Add an authenticator app").wait_for()
    check_page(page, "login-enrol", page.url, failures)
    assert not failures, "\n".join(failures)
