"""The "Go to letters" jump after the outside review of issue 17 (backoffice/pagination.py ``Jump``).

The review found that the jump folded what is typed its own way and compared it with any text
column as stored. It now folds as the column was written (the model's ``FOLDED_KEYS``: the
customers' name key, through ``search.fold``, so Ł, Ø, Æ and spaces are typed as written) and is
offered only on such columns: on a column stored as typed (staff last names, emails) folded
letters would skip every capital.
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


def test_no_letters_are_offered_on_the_staff_list_sorted_by_name(signed_in, administrator, make_staff):
    """Last names are stored as typed: folded letters would skip every capital. The jump is
    offered only on columns stored folded (the customers' name key), and a hand-typed one shows
    the first page with a sentence, never a page with rows missing."""
    for last_name in ("Adams", "Miller", "Taylor"):
        make_staff(f"user{last_name.lower()}", "Support agent", last_name=last_name)
    client = signed_in(administrator)
    page = client.get(STAFF, {"sort": "name", "from": "M"})
    names = [row.last_name for row in page.context["page"].object_list]
    assert names[:3] == ["Adams", "Miller", "Taylor"]
    assert "“Go to” needs the list sorted by a date or by a name" in page_text(page)
    assert 'name="from"' not in page_text(client.get(STAFF, {"sort": "name"}))


def test_no_letters_are_offered_on_the_persons_list_sorted_by_email(agent):
    start = datetime.datetime(2025, 1, 6, 12, tzinfo=datetime.UTC)
    for index, email in enumerate(("alice@example.test", "Mallory@Example.test", "zed@example.test")):
        person = make_person("Anna", f"Email{index}", email=email)
        Customer.objects.filter(pk=person.pk).update(created_at=start + datetime.timedelta(days=index))
    response = agent.get(PERSONS, {"sort": "emails", "from": "m"})
    emails = [row.primary_email for row in response.context["page"].object_list]
    assert "Mallory@Example.test" in emails and "alice@example.test" in emails  # the first page, whole


def test_paging_back_from_a_jump_then_forward_numbers_the_rows_as_they_are(agent, settings):
    """Previous from a jumped page reaches the start as a whole page 1 (not the one row before the
    jump's pages), so Next numbers the following pages as they are."""
    from tests.customers.test_list_jumps import link, people, shown

    settings.LIST_PAGE_SIZE = 3
    people("Adam", "Bernard", "Claire", "David", "Emma", "Fanny", "Gina")
    jumped = agent.get(PERSONS, {"sort": "name", "from": "e"})
    assert shown(jumped) == ["Emma", "Fanny", "Gina"]
    back = agent.get(link(jumped, "Previous"))
    assert shown(back) == ["Bernard", "Claire", "David"]
    start = agent.get(link(back, "Previous"))
    assert shown(start) == ["Adam", "Bernard", "Claire"] and "Rows 1–3 of 7" in page_text(start)
    second = agent.get(link(start, "Next"))
    assert shown(second) == ["David", "Emma", "Fanny"]
    assert "Rows 4–6 of 7" in page_text(second), re.search(r"Rows [^<]*", page_text(second)).group(0)
    third = agent.get(link(second, "Next"))
    assert shown(third) == ["Gina"] and "Rows 7–7 of 7" in page_text(third)
