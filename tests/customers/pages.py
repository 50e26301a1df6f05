"""What the profile-board page tests share: the tabs, htmx headers, and reading a page as a user would."""

import html
import re

from django.urls import reverse

from tests.helpers import page_text

TAB_KEYS = (
    "accounts",
    "cards",
    "beneficiaries",
    "relationships",
    "addresses",
    "sca-devices",
    "notes",
    "access",
    "agreements",
    "history",
)
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "profile-tab"}


def tab_url(customer, tab: str) -> str:
    return reverse("customer-tab", args=[customer.pk, tab])


def text(response) -> str:
    """The page as the reader sees its words: whitespace collapsed, entities decoded."""
    assert response.status_code == 200, response.status_code
    return html.unescape(page_text(response))


def field_error(response, field: str) -> str:
    """The error shown under ``field`` (crispy's ``error_<n>_id_<field>``)."""
    found = re.findall(rf'id="error_\d+_id_{field}"[^>]*><strong>(.*?)</strong>', page_text(response))
    assert found, f"no error is shown next to {field!r}"
    return html.unescape(" ".join(found))


def row_of(instance) -> dict:
    return type(instance).objects.filter(pk=instance.pk).values().get()


def assert_redirects_to_tab(response, customer, tab: str) -> None:
    assert response.status_code == 302, response.status_code
    assert response.url == tab_url(customer, tab)


def assert_sent_back_with(client, response, customer, tab: str, message: str) -> None:
    """A command the object's status no longer offers (a page opened before a colleague acted):
    back to the tab, with the reason on top."""
    assert_redirects_to_tab(response, customer, tab)
    assert message in text(client.get(response.url))
