"""Outside review of issue 17's "Go to letters" jump (backoffice/pagination.py ``Jump``).

The jump folds what is typed (lower case, no accents) and compares it with the list's first sort
column as it is stored. That is right for ``customers.name_key`` (folded by ``search.fold``), but:

- the jump's own ``_fold`` is not ``search.fold``: letters that ``search.fold`` writes as plain
  letters in the name key (ł → l, ø → o, æ → ae, đ → d, þ → th) are refused as "not a letter";
- it is offered on every text column, including columns stored as typed (staff last names and
  usernames, customers' primary emails), where a folded bound skips every capitalised value.
"""

import datetime
import re

import pytest
from django.urls import reverse

from customers.models import Customer
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

PERSONS = reverse("customer-persons")
STAFF = reverse("staff-list")


def shown_last_names(response) -> list[str]:
    return [row.last_name for row in response.context["page"].object_list]


def test_a_jump_to_a_name_written_with_a_polish_or_nordic_letter_is_refused(agent):
    # "Łukasiewicz" is keyed "lukasiewicz" by search.fold, and a jump to "lu" opens there…
    make_person("Jan", "Łukasiewicz")
    make_person("Ole", "Østergaard")
    assert shown_last_names(agent.get(PERSONS, {"sort": "name", "from": "lu"})) == ["Łukasiewicz", "Østergaard"]
    # …but typing the name as it is written is refused as "not a letter".
    for typed in ("Łu", "Øster"):
        response = agent.get(PERSONS, {"sort": "name", "from": typed})
        assert "is not a letter" not in page_text(response), typed


def test_a_jump_on_the_staff_list_sorted_by_name_finds_capitalised_last_names(signed_in, administrator, make_staff):
    for last_name in ("Adams", "Miller", "Taylor"):
        make_staff(f"user{last_name.lower()}", "Support agent", last_name=last_name)
    client = signed_in(administrator)
    page = client.get(STAFF, {"sort": "name", "from": "M"})
    names = [row.last_name for row in page.context["page"].object_list]
    # Sorted A to Z from "M": Miller, Taylor, Tester (the administrator fixture's last name).
    assert names[:2] == ["Miller", "Taylor"], (names, page_text(page)[:0])


def test_a_jump_on_the_persons_list_sorted_by_email_finds_capitalised_addresses(agent):
    start = datetime.datetime(2025, 1, 6, 12, tzinfo=datetime.UTC)
    for index, email in enumerate(("alice@example.test", "Mallory@Example.test", "zed@example.test")):
        person = make_person("Anna", f"Email{index}", email=email)
        Customer.objects.filter(pk=person.pk).update(created_at=start + datetime.timedelta(days=index))
    response = agent.get(PERSONS, {"sort": "emails", "from": "m"})
    emails = [row.primary_email for row in response.context["page"].object_list]
    assert emails[:1] == ["Mallory@Example.test"], emails


def test_paging_back_from_a_jump_then_forward_numbers_the_rows_as_they_are(agent, settings):
    """Previous from a jumped page reaches the start with a short "page 1" (the rows before the
    jump's first pages), then Next numbers the following pages as if page 1 had been full."""
    from tests.customers.test_list_jumps import link, people, shown

    settings.LIST_PAGE_SIZE = 3
    people("Adam", "Bernard", "Claire", "David", "Emma", "Fanny", "Gina")
    jumped = agent.get(PERSONS, {"sort": "name", "from": "e"})
    assert shown(jumped) == ["Emma", "Fanny", "Gina"]
    back = agent.get(link(jumped, "Previous"))
    assert shown(back) == ["Bernard", "Claire", "David"]
    start = agent.get(link(back, "Previous"))
    assert shown(start) == ["Adam"]
    assert "Rows 1–1 of 7" in page_text(start)  # a short page 1
    second = agent.get(link(start, "Next"))
    assert shown(second) == ["Bernard", "Claire", "David"]
    third = agent.get(link(second, "Next"))
    assert shown(third) == ["Emma", "Fanny", "Gina"]
    # The rows are 2–4 and 5–7 of 7; the pager says "Rows 4–6" and "Rows 7–9 of 7" (page 3 of 3).
    assert "Rows 2–4 of 7" in page_text(second), re.search(r"Rows [^<]*", page_text(second)).group(0)
    assert "Rows 5–7 of 7" in page_text(third), re.search(r"Rows [^<]*", page_text(third)).group(0)
