"""The candidate search's budget and per-process counts, a screening's queries that do not grow
with its hits, the keys of delisted subjects dropped, failed and lost loads audited, and the
upload form's checks (issue 20)."""

import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEntry
from screening import forms
from screening.models import EntityKey, ListedEntity, ListVersion, LoadStatus, ScreeningHit
from screening.records import PERSON, ListedName, ListedRecord
from screening.services import candidates, lists
from screening.services.screen import screen_customer
from tests.customers.factories import make_person
from tests.helpers import page_text
from work.choices import WorkKind
from work.models import WorkItem

from .test_screening import SIDOROV, a_version

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def sidorov(number: int, first="Ivan") -> ListedRecord:
    return ListedRecord(f"EU.9{number}", PERSON, [ListedName(f"{first} SIDOROV")], nationalities=["RU"])


def test_a_screenings_queries_do_not_grow_with_its_hits():
    a_version(*[sidorov(n) for n in range(6)], ListedRecord("EU.1", PERSON, [ListedName("Olga PETROVA")]))
    one = make_person("Olga", "Petrova", birth_date=None, country="RU")
    many = make_person("Ivan", "Sidorov", birth_date=None, country="RU")
    screen_customer(make_person("Warm", "Up"))
    with CaptureQueriesContext(connection) as for_one:
        assert len(screen_customer(one)) == 1
    with CaptureQueriesContext(connection) as for_six:
        assert len(screen_customer(many)) == 6
    assert len(for_six) == len(for_one), [query["sql"][:90] for query in for_six.captured_queries]
    assert WorkItem.objects.filter(kind=WorkKind.SCREENING_HIT).count() == 7, "each hit is work"
    assert screen_customer(many) == [], "stored once per pair"


def test_the_commonest_keys_are_left_out_once_the_rarer_fill_the_budget(monkeypatch):
    """Six listed Ivans share "ivan" with the customer; only one shares the rare surname. With a
    budget of three rows, "ivan" (six rows) is not looked up: the namesake is still found."""
    a_version(*[ListedRecord(f"EU.7{n}", PERSON, [ListedName(f"Ivan KUZNETSOV{n * 'A'}")]) for n in range(6)], SIDOROV)
    person = make_person("Ivan", "Sidorov", birth_date=date(1965, 3, 12), country="RU")
    found = {entity.source_id for entity in candidates.candidates_of(person)}
    assert "EU.1001.11" in found and len(found) == 7, "within the budget every key is looked up"
    monkeypatch.setattr(candidates, "ROW_BUDGET", 3)
    assert {entity.source_id for entity in candidates.candidates_of(person)} == {"EU.1001.11"}


def test_the_counts_a_process_keeps_are_read_again_after_a_load():
    a_version(SIDOROV)
    person = make_person("Olga", "Petrova", birth_date=None, country="RU")
    assert candidates.candidates_of(person) == []
    a_version(ListedRecord("EU.1", PERSON, [ListedName("Olga PETROVA")]), source="un")
    assert [entity.source_id for entity in candidates.candidates_of(person)] == ["EU.1"]


def test_a_delisted_subjects_keys_leave_the_index_and_come_back_when_listed_again():
    others = [sidorov(n, first=f"Pavel{n}") for n in range(10, 60)]
    a_version(SIDOROV, *others)
    listed = ListedEntity.objects.get(source_id="EU.1001.11")
    assert EntityKey.objects.filter(entity=listed).exists()
    version = ListVersion.objects.create(source="eu-fsf", file_name="b.xml", checksum="b")
    lists._load(version, iter(others))
    assert not EntityKey.objects.filter(entity=listed).exists(), "delisted: no longer a candidate"
    version = ListVersion.objects.create(source="eu-fsf", file_name="c.xml", checksum="c")
    lists._load(version, iter([SIDOROV, *others]))
    assert EntityKey.objects.filter(entity=listed).exists()


def test_a_refused_file_is_in_the_audit_log(compliance_officer):
    version = lists.load_watchlist(
        actor=compliance_officer, source="eu-fsf", path=FIXTURES / "eu_fsf_malformed.xml", file_name="bad.xml"
    )
    assert version.status == LoadStatus.FAILED
    entry = AuditEntry.objects.get(action="screening.list.failed")
    assert entry.confidential and entry.changes["file"] == [None, "bad.xml"]
    assert entry.changes["error"] == [None, version.error]


def test_a_load_whose_task_was_lost_fails_after_hours_and_says_to_load_again(settings, tmp_path):
    settings.WATCHLISTS_DIR = str(tmp_path)
    stale, fresh = tmp_path / "old.upload", tmp_path / "new.upload"
    stale.write_bytes(b"<x/>")
    fresh.write_bytes(b"<x/>")
    hours_ago = time.time() - 7 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    lost = ListVersion.objects.create(
        source="un", file_name="lost.xml", checksum="1", loaded_at=timezone.now() - timedelta(hours=7)
    )
    running = ListVersion.objects.create(source="un", file_name="running.xml", checksum="2")
    assert lists.give_up_lost_loads() == 1
    lost.refresh_from_db()
    running.refresh_from_db()
    assert lost.status == LoadStatus.FAILED and "Load the file again" in lost.error
    assert running.status == LoadStatus.LOADING, "a load of the last hours may still be running"
    assert AuditEntry.objects.get(action="screening.list.failed").actor_label == "system:celery:watchlist-sweep"
    assert not stale.exists() and fresh.exists(), "an upload no load will read is deleted"


def test_a_load_given_up_meanwhile_stores_nothing(compliance_officer, monkeypatch):
    version = lists.start_load(actor=compliance_officer, source="eu-fsf", path=FIXTURES / "eu_fsf_1_1.xml")
    original = lists._load

    def sweep_meanwhile(version, records, **kwargs):  # the sweep runs while the file is read
        original(version, records, **kwargs)
        ListVersion.objects.filter(pk=version.pk).update(status=LoadStatus.FAILED, error=lists.LOST_LOAD)

    monkeypatch.setattr(lists, "_load", sweep_meanwhile)
    version = lists.run_load(version.pk, FIXTURES / "eu_fsf_1_1.xml")
    assert version.status == LoadStatus.FAILED and version.error == lists.LOST_LOAD
    assert not ListedEntity.objects.exists() and not ScreeningHit.objects.exists()


@pytest.mark.parametrize(
    ("source", "content", "message"),
    [
        ("eu-fsf", b"PK\x03\x04zipped", "This file is a zip archive, not a list: unpack it"),
        ("ftm", b"\x1f\x8b\x08gz", "This file is a gzip file"),
        ("un", b"%PDF-1.7", "This file is a PDF, not a list"),
        ("ofac-sdn", b'{"id": "x"}\n', "This is not an XML file"),
        ("ftm", b"\xef\xbb\xbf  <export/>", "This is not FollowTheMoney JSON lines"),
        ("un", b"   \n\t ", "This file is empty."),
    ],
)
def test_the_upload_says_what_is_wrong_with_the_file_next_to_it(signed_in, administrator, source, content, message):
    client = signed_in(administrator)
    response = client.post(
        reverse("screening-list-load"), {"source": source, "upload": SimpleUploadedFile("list.xml", content)}
    )
    assert response.status_code == 200 and message in page_text(response)
    assert not ListVersion.objects.exists()


def test_a_file_too_big_for_the_browser_is_sent_to_the_command(signed_in, administrator, monkeypatch):
    monkeypatch.setattr(forms, "MAX_LIST_BYTES", 10)
    client = signed_in(administrator)
    response = client.post(
        reverse("screening-list-load"), {"source": "un", "upload": SimpleUploadedFile("l.xml", b"<list>" * 5)}
    )
    assert "load it with manage.py load_watchlist" in page_text(response) and not ListVersion.objects.exists()


def test_a_customer_and_a_listed_subject_of_the_same_name_share_every_key():
    """One function makes both sides' keys: the whole-name key with its particles met (the
    customer's dropped them, the index kept them: "f:baghdadi bakr" never found "f:abu al …")."""
    from screening.names import name_keys

    listed = name_keys(["Abu Bakr al-Baghdadi"], organisation=False)
    assert "f:abu al baghdadi bakr" in listed and not {"n:al", "n:abu"} & listed
    a_version(ListedRecord("EU.8", PERSON, [ListedName("Abu Bakr al-Baghdadi")]))
    person = make_person("Abu Bakr", "al-Baghdadi", birth_date=None)
    assert candidates.customer_keys(person) == listed
