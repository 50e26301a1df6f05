"""Issue 20 attacked from outside a second time (/work/briefs/review20b.md): each finding fixed,
as a test."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from backoffice.roles import COMPLIANCE_OFFICER
from backoffice.services import approvals
from backoffice.services.approvals.requests import request_rule_change
from compliance.services.restrictions import freeze_assets
from customers.services.profile import update_identity
from screening.loaders._common import clean, syntax_message
from screening.matching import Subject, compare
from screening.models import ClearedPair, HitStatus, ListVersion, ScreeningHit
from screening.records import PERSON, ListedName, ListedRecord
from screening.services import hits, lists
from screening.services.screen import screen_customer
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

from .test_screening import SIDOROV, a_version, namesake

pytestmark = pytest.mark.django_db


def test_a_lapsed_clearance_is_audited_and_the_pair_a_hit_again_outside_any_transaction(committed_db, make_staff):
    """The worker screens in autocommit once the change commits (here the hook's task, run in
    process): the lapse, its audit entry and the new hit are written together (the audit log
    refused to be written outside a transaction, and the hit was lost)."""
    officer = make_staff("chloe", COMPLIANCE_OFFICER)
    a_version(SIDOROV)
    person = namesake()  # screened once its creation commits
    hit = ScreeningHit.objects.get(customer=person)
    hits.clear_hit(actor=officer, hit=hit, reason="Born in Lyon in 1990: another person.")
    update_identity(actor=ROBOT, customer=person, middle_names="Petrovich")  # screened again after commit
    again = ScreeningHit.objects.get(customer=person, status=HitStatus.OPEN)
    assert again.pk != hit.pk and not ClearedPair.objects.exists()
    assert AuditEntry.objects.filter(action="screening.clearance.lapsed", customer_id=person.pk).exists()
    assert screen_customer(person) == [], "one waiting hit per pair"


@pytest.mark.parametrize(
    ("born", "agrees"),
    [
        (["1995-03-12"], False),  # the decade: another person
        (["1925-03-12"], False),
        (["1965-03-13"], True),  # the day mistyped
        (["1965-12-03"], True),  # day and month swapped
        (["1966-03-12"], True),  # the year one off, the same day
        (["1969-03-12"], False),
    ],
)
def test_a_birth_date_slip_is_a_typo_not_another_decade(born, agrees):
    listed = Subject(PERSON, [("Ivan SIDOROV", False)], birth_dates=["1965-03-12"])
    match = compare(Subject(PERSON, [("Ivan Sidorov", False)], birth_dates=born), listed)
    slipped = match is not None and any("slip" in text for text in match.agreed)
    assert slipped == agrees, match and (match.agreed, match.conflicted)
    if not agrees:
        assert match is None or match.conflicted


def test_the_false_positive_rule_is_fixed_and_said_so(signed_in, administrator):
    page = signed_in(administrator).get(reverse("command-rules")).content.decode()
    row = page[page.index("screening.hit.clear") :]
    row = row[: row.index("</tr>")]
    assert "One compliance officer&#x27;s decision" in row and "Change…" not in row
    with pytest.raises(DomainError, match="This rule is fixed"):
        request_rule_change(
            actor=administrator,
            command=commands.get("screening.hit.clear"),
            four_eyes=True,
            approver_role="",
            reason="Four eyes on clearances.",
        )


def test_invisible_characters_leave_a_listed_name():
    assert clean("Zach \u202eRichards\u202c") == "Zach Richards"
    assert clean("Rich\u200bards\tSmith\x85") == "Richards Smith"


def test_libxml_limits_are_said_for_people():
    message = syntax_message(ValueError("Resource limit exceeded: Text node too long, try XML_PARSE_HUGE"))
    assert "XML_PARSE_HUGE" not in message and "not a list file" in message
    message = syntax_message(ValueError("Maximum entity amplification factor exceeded, see xmlCtxtSetMax"))
    assert "an XML bomb" in message


def test_a_confirmed_hit_names_both_officers_and_says_once_the_assets_are_frozen(signed_in, make_staff):
    maker, checker = make_staff("chloe", COMPLIANCE_OFFICER), make_staff("colin", COMPLIANCE_OFFICER)
    a_version(SIDOROV)
    person = make_person("Ivan", "Sidorov", birth_date=date(1965, 3, 12), country="RU")
    (hit,) = screen_customer(person)
    approval, _ = approvals.ask_or_run(
        command=commands.get("screening.hit.confirm"),
        actor=maker,
        target=hit,
        parameters={"reason": "Same passport."},
        customer_id=hit.customer_id,
    )
    approvals.approve(approval=approval, checker=checker, comment="Agreed.")
    client = signed_in(checker)
    page = page_text(client.get(reverse("screening-hit", args=[hit.pk])))
    assert f"proposed by {maker.get_full_name() or maker.username}" in page
    assert f"approved by {checker.get_full_name() or checker.username}" in page and f"request #{approval.pk}" in page
    assert "freeze the customer's assets now" in page
    freeze_assets(actor=checker, customer=person, comment="A true match.")
    page = page_text(client.get(reverse("screening-hit", args=[hit.pk])))
    assert "freeze the customer's assets now" not in page and "the customer's assets are frozen" in page


def test_the_true_match_button_says_it_asks_a_second_officer(signed_in, compliance_officer):
    a_version(SIDOROV)
    (hit,) = screen_customer(namesake())
    page = page_text(signed_in(compliance_officer).get(reverse("screening-hit-confirm", args=[hit.pk])))
    assert "Ask a second officer to confirm" in page


def test_a_subject_with_many_long_aliases_keeps_the_hit_page_short(signed_in, compliance_officer):
    names = [ListedName("Ivan SIDOROV"), ListedName("Z" * 5000)] + [ListedName(f"Alias{n} Name") for n in range(20)]
    a_version(ListedRecord("EU.77", PERSON, names))
    (hit,) = screen_customer(namesake())
    html = signed_in(compliance_officer).get(reverse("screening-hit", args=[hit.pk])).content.decode()
    assert "Z" * 200 not in html.replace('title="' + "Z" * 5000, "") and "12 more names" in html


def test_the_hits_of_one_customer_say_whose_they_are(signed_in, compliance_officer):
    a_version(SIDOROV)
    person = namesake()
    screen_customer(person)
    page = page_text(signed_in(compliance_officer).get(reverse("screening-hits"), {"customer": person.pk}))
    assert f'Hits of <a href="/customers/{person.pk}/">Ivan Sidorov</a>' in page and "Every customer's hits" in page


def test_the_lists_page_says_which_version_is_in_force(signed_in, compliance_officer):
    a_version(SIDOROV)
    newer = ListVersion.objects.create(source="eu-fsf", file_name="newer.xml", checksum="newer")
    lists._load(newer, iter([SIDOROV]))
    ListVersion.objects.filter(pk=newer.pk).update(status="loaded")
    page = page_text(signed_in(compliance_officer).get(reverse("screening-lists")))
    assert page.count("In force") == 1
    row = page[page.index("newer.xml") - 600 : page.index("newer.xml")]
    assert "In force" in row, "the newer version of the list is the one in force"


def test_a_pdf_upload_is_not_told_to_unpack(signed_in, administrator):
    response = signed_in(administrator).post(
        reverse("screening-list-load"), {"source": "un", "upload": SimpleUploadedFile("l.xml", b"%PDF-1.7")}
    )
    page = page_text(response)
    assert "This file is a PDF, not a list" in page and "unpack" not in page
    assert not ListVersion.objects.exists(), "nothing kept of a refused upload"
