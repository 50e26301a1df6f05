"""Screening customers (issue 20): a list version's subjects are looked up by key, a hit is
stored once with its explanation and is work; a false positive clears the pair until either side
changes; a true match waits for a second compliance officer; a new version screens every customer
against what it added or changed, resuming where a killed job stopped."""

from datetime import date

import pytest
from django.urls import reverse

from backoffice.commands import commands
from backoffice.models import ApprovalRequest, AuditEntry
from backoffice.roles import COMPLIANCE_OFFICER
from backoffice.services import approvals
from customers.services.profile import update_identity
from screening.models import ClearedPair, CustomerScreening, HitStatus, ListVersion, LoadStatus, ScreeningHit
from screening.records import ORGANISATION, PERSON, ListedName, ListedRecord
from screening.services import hits
from screening.services.lists import _load
from screening.services.screen import rescreen_version, screen_customer
from tests.customers.factories import ROBOT, make_company, make_person
from tests.helpers import page_text
from work.choices import WorkKind, WorkStatus
from work.models import WorkItem

pytestmark = pytest.mark.django_db

SIDOROV = ListedRecord(
    "EU.1001.11",
    PERSON,
    [ListedName("Ivan Petrovich SIDOROV"), ListedName("Иван Петрович Сидоров"), ListedName("Vanya", weak=True)],
    birth_dates=["1965-03-12"],
    nationalities=["RU"],
    programmes=["UKR"],
    reason="2022/332 (OJ L53)",
)
KOWALSKI = ListedRecord("EU.2002.22", ORGANISATION, [ListedName("Kowalski Budownictwo Sp. z o.o.")], countries=["PL"])


def a_version(*records, source="eu-fsf") -> ListVersion:
    """A loaded version of ``records`` (the loaders' output), as ``load_watchlist`` stores it."""
    version = ListVersion.objects.create(source=source, file_name="test.xml", checksum=str(len(records)))
    _load(version, iter(records))
    version.status = LoadStatus.LOADED
    version.save()
    return version


def namesake(first="Ivan", last="Sidorov"):
    """A person of that name, Russian, whose birth date the panel does not know."""
    return make_person(first, last, birth_date=None, country="RU")


def test_a_customer_who_is_listed_is_a_hit_with_its_explanation_and_work():
    a_version(SIDOROV, KOWALSKI)
    ivan = make_person("Iwan", "Sidorow", birth_date=date(1965, 3, 12), country="RU")
    make_person("Anna", "Kowalska")
    (hit,) = screen_customer(ivan)
    assert hit.entity.source_id == "EU.1001.11" and hit.status == HitStatus.OPEN and hit.score >= 0.9
    assert hit.explanation["listed_name"] == "Ivan Petrovich SIDOROV"
    assert "Born 1965-03-12, as listed" in hit.explanation["agreed"]
    assert [pair[:2] for pair in hit.explanation["tokens"]] == [["iwan", "ivan"], ["sidorow", "sidorov"]]
    item = WorkItem.objects.get(kind=WorkKind.SCREENING_HIT)
    assert item.confidential and item.url == reverse("screening-hit", args=[hit.pk])
    assert screen_customer(ivan) == [], "one hit per pair while it waits"
    company = make_company("Kowalski Budownictwo sp. z o. o.", country="PL")
    (company_hit,) = screen_customer(company)
    assert company_hit.entity.source_id == "EU.2002.22"


def test_a_false_positive_clears_the_pair_until_either_side_changes(compliance_officer):
    a_version(SIDOROV)
    person = namesake()
    (hit,) = screen_customer(person)
    hits.clear_hit(actor=compliance_officer, hit=hit, reason="Born in Lyon in 1990: another person.")
    assert ScreeningHit.objects.get(pk=hit.pk).status == HitStatus.CLEARED
    assert WorkItem.objects.get(kind=WorkKind.SCREENING_HIT).status == WorkStatus.DONE
    entry = AuditEntry.objects.get(action="screening.hit.cleared")
    assert entry.confidential and entry.reason.startswith("Born in Lyon")
    assert screen_customer(person) == [], "cleared: whitelisted"
    update_identity(actor=ROBOT, customer=person, middle_names="Petrovich")
    person.refresh_from_db()
    (again,) = screen_customer(person)
    assert again.pk != hit.pk and not ClearedPair.objects.exists(), "the customer changed: screened afresh"
    assert AuditEntry.objects.filter(action="screening.clearance.lapsed", customer_id=person.pk).exists()


def test_a_true_match_waits_for_a_second_compliance_officer(compliance_officer, make_staff):
    a_version(SIDOROV)
    (hit,) = screen_customer(make_person("Ivan", "Sidorov", birth_date=date(1965, 3, 12), country="RU"))
    command = commands.get("screening.hit.confirm")
    approval, _ = approvals.ask_or_run(
        command=command,
        actor=compliance_officer,
        target=hit,
        parameters={"reason": "Same birth date and passport."},
        customer_id=hit.customer_id,
    )
    assert approval is not None and approval.approver_role == COMPLIANCE_OFFICER and approval.confidential
    assert ScreeningHit.objects.get(pk=hit.pk).status == HitStatus.OPEN
    second = make_staff("colin", COMPLIANCE_OFFICER)
    approvals.approve(approval=approval, checker=second, comment="Agreed.")
    assert ScreeningHit.objects.get(pk=hit.pk).status == HitStatus.CONFIRMED
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "approved"


def test_a_new_version_screens_every_customer_against_its_changes_once():
    ivan = namesake()
    make_person("Peter", "Brown")
    version = a_version(SIDOROV)
    assert rescreen_version(version.pk) == 2
    assert ScreeningHit.objects.filter(customer=ivan).count() == 1
    version.refresh_from_db()
    assert version.rescreen_finished_at is not None and version.rescreened == 2
    assert CustomerScreening.objects.count() == 2, "each customer's last screening is known"
    ListVersion.objects.filter(pk=version.pk).update(rescreen_finished_at=None, rescreen_after=0)
    assert rescreen_version(version.pk) == 2 and ScreeningHit.objects.count() == 1, "run again: no duplicate"


def test_a_killed_rescreen_resumes_after_its_last_chunk(monkeypatch):
    from screening.services import screen

    monkeypatch.setattr(screen, "CHUNK", 1)
    people = [namesake(), namesake("Ivan", "Sidorow")]
    version = a_version(SIDOROV)
    ListVersion.objects.filter(pk=version.pk).update(rescreen_after=people[0].pk)  # the first chunk was done
    assert rescreen_version(version.pk) == 1
    assert list(ScreeningHit.objects.values_list("customer_id", flat=True)) == [people[1].pk]


def test_hits_are_for_compliance_and_administrators_only(signed_in, support_agent, compliance_officer, administrator):
    a_version(SIDOROV)
    (hit,) = screen_customer(namesake())
    assert signed_in(support_agent).get(reverse("screening-hit", args=[hit.pk])).status_code == 403
    page = page_text(signed_in(compliance_officer).get(reverse("screening-hit", args=[hit.pk])))
    assert "Ivan Petrovich SIDOROV" in page and "Not the listed subject (false positive)" in page
    admin_page = page_text(signed_in(administrator).get(reverse("screening-hit", args=[hit.pk])))
    assert "Ivan Petrovich SIDOROV" in admin_page and "false positive)" not in admin_page, "only compliance decides"
    listing = page_text(signed_in(compliance_officer).get(reverse("screening-hits")))
    assert "Ivan Petrovich SIDOROV" in listing
