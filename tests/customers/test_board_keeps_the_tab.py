"""Switching profiles with the strip keeps the tab the staff member is on (issue 16): on Zoë's
Accounts tab, the other open profiles link to their own Accounts tab; on a page about no open
profile, each links to the tab it showed last."""

import pytest
from django.urls import reverse

from backoffice.board import OpenProfile
from tests.customers.factories import make_person
from tests.customers.holdings import make_account
from tests.customers.pages import HTMX, tab_url

from .test_board_pages import strip_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    return make_person("Other", "Person")


def links(response) -> dict[str, str]:
    return {name: url for name, url, _ in strip_of(response)}


def open_both(agent, person, other):
    agent.get(reverse("customer-profile", args=[person.pk]))
    agent.get(tab_url(other, "notes"))  # Other showed its Notes tab last


def test_a_tab_url_is_the_profiles_followed_by_the_tabs_key(person):
    base_url = reverse("customer-profile", args=[person.pk])
    profile = OpenProfile(pk=person.pk, name="", url="", base_url=base_url, close_url="")
    assert profile.tab_url("accounts") == tab_url(person, "accounts")
    assert profile.tab_url("") == reverse("customer-profile", args=[person.pk])


def test_on_a_tab_the_other_profiles_open_on_the_same_tab(agent, person, other):
    open_both(agent, person, other)
    assert links(agent.get(tab_url(person, "accounts"))) == {
        "Zoë Dupont": tab_url(person, "accounts"),
        "Other Person": tab_url(other, "accounts"),
    }
    # Loaded in place by htmx, the strip comes out of band with the new tab's links.
    assert links(agent.get(tab_url(person, "cards"), **HTMX))["Other Person"] == tab_url(other, "cards")


def test_on_the_profile_tab_the_other_profiles_open_on_theirs(agent, person, other):
    open_both(agent, person, other)
    assert links(agent.get(reverse("customer-profile", args=[person.pk])))["Other Person"] == reverse(
        "customer-profile", args=[other.pk]
    )


def test_an_account_page_counts_as_the_accounts_tab(agent, person, other):
    open_both(agent, person, other)
    page = agent.get(reverse("customer-account", args=[person.pk, make_account(person).pk]))
    assert links(page)["Other Person"] == tab_url(other, "accounts")


def test_a_page_of_the_profile_that_is_no_tab_counts_as_the_tab_shown_last(agent, person, other):
    open_both(agent, person, other)
    agent.get(tab_url(person, "beneficiaries"))
    page = agent.get(reverse("customer-edit-contacts", args=[person.pk]))
    assert links(page)["Other Person"] == tab_url(other, "beneficiaries")


def test_elsewhere_each_profile_opens_on_the_tab_it_showed_last(agent, person, other):
    open_both(agent, person, other)
    agent.get(tab_url(person, "cards"))
    assert links(agent.get(reverse("customer-list"))) == {
        "Zoë Dupont": tab_url(person, "cards"),
        "Other Person": tab_url(other, "notes"),
    }
