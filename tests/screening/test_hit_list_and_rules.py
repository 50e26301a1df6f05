"""What the hits list, its export and the four-eyes rules page say of screening (issue 20): a
delisted subject marked, the listed subject's list and id exported, countries named, the true
match's fixed rule shown as a second person."""

from datetime import date

import pytest
from django.urls import reverse

from screening.models import ListVersion, ScreeningHit
from screening.records import PERSON, ListedName, ListedRecord
from screening.services import lists
from screening.services.screen import screen_customer
from tests.customers.factories import make_person
from tests.helpers import page_text

from .test_screening import SIDOROV, a_version

pytestmark = pytest.mark.django_db


def test_a_delisted_subjects_hit_is_marked_in_the_list_and_the_export_names_the_list_id(signed_in, compliance_officer):
    others = [ListedRecord(f"EU.5{n}", PERSON, [ListedName(f"Pavel{n} KUZMIN")]) for n in range(60)]
    a_version(SIDOROV, *others)
    (hit,) = screen_customer(make_person("Iwan", "Sidorow", birth_date=date(1965, 3, 12), country="RU"))
    client = signed_in(compliance_officer)
    assert "Delisted" not in page_text(client.get(reverse("screening-hits")))
    lists._load(ListVersion.objects.create(source="eu-fsf", file_name="b.xml", checksum="b"), iter(others))
    assert "Delisted" in page_text(client.get(reverse("screening-hits")))
    exported = client.post(reverse("screening-hits"), {"export": "csv"}).getvalue().decode()
    assert "EU-FSF EU.1001.11" in exported and "(delisted)" in exported
    assert ScreeningHit.objects.get(pk=hit.pk).status == "open", "a delisting decides nothing by itself"


def test_a_hit_names_the_countries_that_agreed_or_conflicted(signed_in, compliance_officer):
    a_version(SIDOROV)
    (hit,) = screen_customer(make_person("Ivan", "Sidorov", birth_date=date(1965, 3, 12), country="RU"))
    page = page_text(signed_in(compliance_officer).get(reverse("screening-hit", args=[hit.pk])))
    assert "Nationality Russia (RU), as listed" in page


def test_the_rules_page_says_a_true_match_always_waits_and_offers_no_change(signed_in, administrator):
    client = signed_in(administrator)
    page = client.get(reverse("command-rules")).content.decode()
    row = page[page.index("screening.hit.confirm") :]
    row = row[: row.index("</tr>")]
    assert "Second person" in row and "Always waits for a second compliance officer." in row
    assert "One person" not in row and "Change…" not in row
    assert client.get(reverse("command-rule-edit", args=["screening.hit.confirm"])).status_code in (403, 404)
