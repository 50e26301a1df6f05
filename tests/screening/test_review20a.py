"""Issue 20 attacked from outside (/work/briefs/review20a.md): each finding fixed, as a test."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.services import approvals
from customers.services import AddressData, Addresses, update_addresses
from screening.matching import Subject, compare
from screening.models import CustomerScreening, ListedEntity, ListVersion, LoadStatus, ScreeningHit
from screening.records import ORGANISATION, PERSON, ListedName, ListedRecord
from screening.services import hits
from screening.services.screen import screen_customer
from tests.customers.factories import ROBOT, make_company, make_person
from tests.screening.test_screening import SIDOROV, a_version, namesake

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def test_no_one_clears_a_hit_whose_true_match_waits_for_its_second_reviewer(compliance_officer, make_staff):
    a_version(SIDOROV)
    (hit,) = screen_customer(namesake())
    approvals.ask_or_run(
        command=commands.get("screening.hit.confirm"),
        actor=compliance_officer,
        target=hit,
        parameters={"reason": "Looks like him."},
        customer_id=hit.customer_id,
    )
    other = make_staff("colin", "Compliance officer")
    assert "waits for a second reviewer" in (commands.get("screening.hit.clear").refused(hit, other) or "")
    with pytest.raises(DomainError, match="waits for a second reviewer"):
        hits.clear_hit(actor=other, hit=hit, reason="Not him.")
    assert ScreeningHit.objects.get(pk=hit.pk).status == "open"


def load(path, *extra):
    call_command("load_watchlist", "--format", "ofac-sdn", str(path), *extra, stdout=StringIO())


def test_a_partial_publication_date_is_no_date_and_the_load_finishes(tmp_path):
    text = (FIXTURES / "ofac_sdn.xml").read_text()
    start, end = text.index("<Publish_Date>"), text.index("</Publish_Date>")
    path = tmp_path / "sdn.xml"
    path.write_text(text[:start] + "<Publish_Date>2026" + text[end:])
    load(path)
    version = ListVersion.objects.get()
    assert version.status == LoadStatus.LOADED and version.published_on is None


def test_an_older_file_or_a_partial_one_never_replaces_the_list_in_force(tmp_path):
    load(FIXTURES / "ofac_sdn.xml")
    text = (FIXTURES / "ofac_sdn.xml").read_text()
    start, end = text.index("<Publish_Date>"), text.index("</Publish_Date>")
    older = tmp_path / "old.xml"
    older.write_text(text[:start] + "<Publish_Date>01/01/2020" + text[end:])
    with pytest.raises(CommandError, match="before the list in force"):
        load(older)


def test_a_file_that_would_delist_most_of_the_list_needs_to_be_accepted(tmp_path):
    records = [ListedRecord(f"ID{n}", PERSON, [ListedName(f"Person Number{n} Listed")]) for n in range(30)]
    a_version(*records, source="ofac-sdn")
    text = (FIXTURES / "ofac_sdn.xml").read_text()  # lists none of those thirty
    path = tmp_path / "partial.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match="would delist 30 of the 30 subjects in force"):
        load(path)
    assert ListedEntity.objects.filter(removed_in__isnull=True).count() == 30
    load(path, "--accept-removals")
    assert ListedEntity.objects.filter(removed_in__isnull=False).count() == 30


def test_two_long_names_that_share_their_cut_key_load(tmp_path):
    stem = "Very Long Company Name " * 8
    record = ListedRecord("LONG", ORGANISATION, [ListedName(stem + "Alpha"), ListedName(stem + "Beta")])
    version = a_version(record)
    assert version.total == 1 and ListedEntity.objects.get().keys.exists()


def test_a_json_line_over_a_mebibyte_is_refused(tmp_path):
    path = tmp_path / "huge.ftm.json"
    path.write_text('{"id": "X", "schema": "Person", "properties": {"name": ["' + "a" * (1 << 20) + '"]}}\n')
    with pytest.raises(CommandError, match="longer than 1 MiB"):
        call_command("load_watchlist", "--format", "ftm", str(path), stdout=StringIO())
    assert not ListedEntity.objects.exists()


def test_a_company_that_moves_country_is_screened_again(django_capture_on_commit_callbacks):
    a_version(ListedRecord("CO", ORGANISATION, [ListedName("Baptista Import")], countries=["IR"]))
    company = make_company("Baptista Import SA")
    CustomerScreening.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        update_addresses(
            actor=ROBOT,
            customer=company,
            addresses=Addresses(
                legal=AddressData(line1="1 Azadi Street", postcode="11369", city="Tehran", country="IR")
            ),
        )
    assert CustomerScreening.objects.filter(customer=company).exists(), "screened once the move committed"
    assert ScreeningHit.objects.filter(customer=company).exists()


@pytest.mark.parametrize(
    ("customer", "listed", "hit"),
    [
        (Subject(PERSON, (("Mohammed Khan", False),)), Subject(PERSON, (("Mohammed", False),)), False),
        (
            Subject(PERSON, (("Ivan Sidorov", False),), ("1965-11-30",)),
            Subject(PERSON, (("Ivan Sidorov", False),), ("1965-03-12",)),
            False,
        ),
        (Subject(ORGANISATION, (("Baptista", False),)), Subject(PERSON, (("Baptista", False),)), False),
        (
            Subject(PERSON, (("Iwan Sidorow", False),), (), ("RU",)),
            Subject(PERSON, (("Ivan Petrovich SIDOROV", False),), (), ("SU",)),
            True,
        ),
        (Subject(PERSON, (("Mohammed Ali", False),)), Subject(PERSON, (("Muhammad ALI", False),)), True),
    ],
)
def test_matching_findings(customer, listed, hit):
    assert (compare(customer, listed) is not None) is hit


def test_a_birth_date_given_as_text_is_read(compliance_officer):
    person = make_person("Ivan", "Sidorov", birth_date=date(1965, 3, 12), country="RU")
    a_version(SIDOROV)
    assert screen_customer(person)
