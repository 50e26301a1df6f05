"""The KYC form administrators keep (T "KYC form"): per kind a default form, a country's own form
that wins over it, saved whole or not at all, audited; and the KYC tab's checklist follows it."""

import html
import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from backoffice.errors import ConcurrentEditError, DomainError
from backoffice.models import AuditEntry
from customers.choices import Kind
from kyc.choices import DocumentType
from kyc.kyc_form_forms import DOCUMENT_TYPE_GROUPS
from kyc.models import KycForm, KycFormRequirement
from kyc.requirements import checklist, form_for, review_blockers
from kyc.services.kyc_form import (
    RequirementLine,
    RequirementLineError,
    create_country_form,
    delete_country_form,
    save_kyc_form,
)
from tests.customers.factories import ROBOT, make_company, make_person
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

PASSPORT, IDENTITY_CARD, PROOF_OF_ADDRESS, TAX_STATEMENT = 17, 9, 12, 24


def default(kind=Kind.PERSON) -> KycForm:
    return KycForm.objects.get(kind=kind, country="")


def lines_of(form) -> list[tuple]:
    return [(r.label, r.document_types, r.applicant, r.order) for r in form.requirements.all()]


def save(form, lines, *, vigilance=False, actor=ROBOT, **kwargs):
    with transaction.atomic():
        return save_kyc_form(actor=actor, form=form, vigilance_payin_required=vigilance, lines=lines, **kwargs)


def words(response) -> str:
    """The words a reader (or a screen reader) gets from the page."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


# The service


def test_a_form_is_saved_whole_and_audited_with_the_lines_before_and_after(administrator):
    form = default()
    identity, address = form.requirements.all()
    save(
        form,
        [
            RequirementLine("Tax statement", (TAX_STATEMENT,), order=1),
            RequirementLine("Passport only", (PASSPORT, PASSPORT), pk=identity.pk, order=2),
        ],
        vigilance=True,
        actor=administrator,
    )
    form.refresh_from_db()
    assert form.vigilance_payin_required and form.updated_by == administrator
    assert lines_of(form) == [
        ("Tax statement", [TAX_STATEMENT], "customer", 0),
        ("Passport only", [PASSPORT], "customer", 1),
    ], "the proof of address left out is deleted, duplicates are dropped, positions renumbered"
    assert KycFormRequirement.objects.filter(pk=identity.pk).exists()
    assert not KycFormRequirement.objects.filter(pk=address.pk).exists()
    entry = AuditEntry.objects.get(action="kyc.form.updated")
    assert entry.actor == administrator and entry.target_id == str(form.pk)
    before, after = entry.changes["requirements"]
    assert (
        before[1]
        == "Proof of address (less than three months old): Proof of address, Mobile phone invoice, Other invoice"
    )
    assert after == ["Tax statement: Tax statement", "Passport only: Passport"]
    assert entry.changes["vigilance_payin_required"] == [False, True]


def test_saving_the_same_form_again_changes_nothing_and_writes_no_entry():
    form = default()
    lines = [RequirementLine(r.label, tuple(r.document_types), r.applicant, pk=r.pk) for r in form.requirements.all()]
    updated_at = form.updated_at
    save(form, lines)
    form.refresh_from_db()
    assert form.updated_at == updated_at and not AuditEntry.objects.filter(action="kyc.form.updated").exists()


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (RequirementLine("   ", (PASSPORT,)), "label", "Give the line a label"),
        (RequirementLine("Passport", ()), "document_types", "Tick at least one document type"),
        (RequirementLine("Passport", (999,)), "document_types", "Unknown document type 999"),
        (
            RequirementLine("Passport", (PASSPORT,), "group_member"),
            "applicant",
            "A person has no legal representatives",
        ),
        (RequirementLine("proof  of address (less than three months old)", (PASSPORT,)), "label", "already labelled"),
    ],
    ids=["no-label", "no-type", "unknown-type", "group-member-on-a-person", "same-label-twice"],
)
def test_a_line_that_breaks_a_rule_is_refused_and_nothing_is_saved(line, field, message):
    form = default()
    before = lines_of(form)
    kept = [RequirementLine(r.label, tuple(r.document_types), pk=r.pk) for r in form.requirements.all()]
    with pytest.raises(RequirementLineError) as refused:
        save(form, [*kept, line], vigilance=True)
    assert refused.value.line == 2 and refused.value.field == field and message in refused.value.message
    form.refresh_from_db()
    assert lines_of(form) == before and not form.vigilance_payin_required
    assert not AuditEntry.objects.exists()


def test_a_company_form_may_ask_for_each_group_members_documents():
    form = default(Kind.NGO)
    save(form, [RequirementLine("Identity of the group", (PASSPORT,), "group_member")])
    assert lines_of(form) == [("Identity of the group", [PASSPORT], "group_member", 0)]


def test_a_form_keeps_at_least_one_line():
    with pytest.raises(DomainError, match="Keep at least one line"):
        save(default(), [])
    assert default().requirements.count() == 2


def test_a_form_saved_by_someone_else_meanwhile_is_not_overwritten():
    form = default()
    opened_at = form.updated_at - timedelta(seconds=5)
    with pytest.raises(ConcurrentEditError):
        save(form, [RequirementLine("Passport", (PASSPORT,))], opened_at=opened_at)
    save(form, [RequirementLine("Passport", (PASSPORT,))], opened_at=form.updated_at)
    assert lines_of(form) == [("Passport", [PASSPORT], "customer", 0)]


def test_a_line_of_another_form_is_not_taken_over():
    company_line = default(Kind.BUSINESS).requirements.first()
    with pytest.raises(ConcurrentEditError):
        save(default(), [RequirementLine("Stolen", (PASSPORT,), pk=company_line.pk)])


def test_a_country_form_starts_as_a_copy_of_the_default_and_only_once(administrator):
    business = default(Kind.BUSINESS)
    save(
        business,
        [RequirementLine(r.label, tuple(r.document_types), r.applicant, pk=r.pk) for r in business.requirements.all()],
        vigilance=True,
    )
    with transaction.atomic():
        german = create_country_form(actor=administrator, kind=Kind.BUSINESS, country="de")
    assert german.country == "DE" and german.vigilance_payin_required and german.updated_by == administrator
    assert [line[:3] for line in lines_of(german)] == [line[:3] for line in lines_of(business)]
    assert {r.pk for r in german.requirements.all()}.isdisjoint({r.pk for r in business.requirements.all()})
    entry = AuditEntry.objects.get(action="kyc.form.created")
    assert entry.target_id == str(german.pk) and entry.changes["requirements"][0] is None
    assert len(entry.changes["requirements"][1]) == 3
    with pytest.raises(DomainError) as refused, transaction.atomic():
        create_country_form(actor=administrator, kind=Kind.BUSINESS, country="DE")
    assert refused.value.field == "country" and "Germany already has its own form" in refused.value.message
    with pytest.raises(DomainError) as refused, transaction.atomic():
        create_country_form(actor=administrator, kind=Kind.BUSINESS, country="")
    assert refused.value.field == "country"


def test_a_country_form_is_deleted_but_a_default_never(administrator):
    with transaction.atomic():
        italian = create_country_form(actor=administrator, kind=Kind.PERSON, country="IT")
        delete_country_form(actor=administrator, form=italian)
    assert not KycForm.objects.filter(country="IT").exists()
    assert not KycFormRequirement.objects.filter(form_id=italian.pk).exists()
    entry = AuditEntry.objects.get(action="kyc.form.deleted")
    assert entry.target_id == str(italian.pk) and len(entry.changes["requirements"][0]) == 2
    with pytest.raises(DomainError, match="never deleted"), transaction.atomic():
        delete_country_form(actor=administrator, form=default())
    assert default().requirements.count() == 2


def test_the_form_groups_every_document_type_exactly_once():
    grouped = [t for _, types in DOCUMENT_TYPE_GROUPS for t in types]
    assert sorted(grouped) == sorted(DocumentType) and len(grouped) == len(set(grouped))


# The pages


def post_data(form, lines, *, vigilance=False, opened_at=None, extra=()) -> dict:
    """What the edit page posts: ``lines`` for the form's current lines (by position; a dict with
    ``DELETE`` to remove one), then ``extra`` new lines."""
    current = list(form.requirements.all())
    data = {
        "opened_at": (opened_at or form.updated_at).isoformat(),
        "lines-TOTAL_FORMS": str(len(current) + len(extra)),
        "lines-INITIAL_FORMS": str(len(current)),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "30",
    }
    if vigilance:
        data["vigilance_payin_required"] = "on"
    for index, line in enumerate([*lines, *extra]):
        prefix = f"lines-{index}-"
        if index < len(current):
            data[prefix + "pk"] = str(current[index].pk)
        data[prefix + "label"] = line.get("label", "")
        data[prefix + "document_types"] = [str(t) for t in line.get("document_types", ())]
        data[prefix + "applicant"] = line.get("applicant", "customer")
        data[prefix + "order"] = str(line.get("order", index + 1))
        if line.get("DELETE"):
            data[prefix + "DELETE"] = "on"
    return data


def unchanged(form) -> list[dict]:
    return [
        {"label": r.label, "document_types": r.document_types, "applicant": r.applicant}
        for r in form.requirements.all()
    ]


def row_text(page, form) -> str:
    row = page.split(f'id="kyc-form-{form.pk}"')[1].split('id="kyc-form-')[0].split("</section>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))


def test_the_list_shows_every_kind_with_its_lines_and_vigilance(signed_in, administrator):
    with transaction.atomic():
        create_country_form(actor=administrator, kind=Kind.PERSON, country="BE")
    KycForm.objects.filter(kind=Kind.BUSINESS, country="").update(vigilance_payin_required=True)
    response = signed_in(administrator).get(reverse("kyc-forms"))
    assert response.status_code == 200
    text = words(response)
    for label in ("Physical person", "Business", "Non-governmental organisation", "Governmental organisation"):
        assert label in text
    assert "Belgium" in text and "Every other country" in text and "Every country" in text
    assert "Any of: Identity card, Passport, Residence permit, Driving licence" in text
    assert "each legal representative and owner of 25 % or more" in text
    page = response.content.decode()
    assert "Required" in row_text(page, default(Kind.BUSINESS)) and "Not required" in row_text(page, default())
    belgian = KycForm.objects.get(country="BE")
    assert reverse("kyc-form-delete", args=[belgian.pk]) in page
    assert reverse("kyc-form-delete", args=[default().pk]) not in page, "a default has no delete button"


def test_the_list_makes_the_same_queries_whatever_the_number_of_forms(
    signed_in, administrator, django_assert_num_queries
):
    client = signed_in(administrator)
    url = reverse("kyc-forms")
    few = count_queries(client, url)
    with transaction.atomic():
        for kind, country in [(1, "BE"), (1, "DE"), (2, "DE"), (3, "ES"), (4, "IT"), (4, "PT")]:
            create_country_form(actor=administrator, kind=kind, country=country)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.content.decode().count("data-kyc-form=") == 10


def test_an_administrator_edits_a_form_on_its_page(signed_in, administrator):
    client = signed_in(administrator)
    form = default()
    url = reverse("kyc-form-edit", args=[form.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Vigilance transfer required" in words(page) and "Bank and income" in words(page)
    assert 'value="group_member"' not in page.content.decode(), "a person's form offers no group member line"
    company_page = client.get(reverse("kyc-form-edit", args=[default(Kind.BUSINESS).pk])).content.decode()
    assert 'value="group_member" selected' in company_page
    lines = unchanged(form)
    lines[0].update(document_types=[PASSPORT], order=2)
    lines[1]["DELETE"] = True
    data = post_data(
        form,
        lines,
        vigilance=True,
        extra=[{"label": "Tax statement", "document_types": [TAX_STATEMENT, 25], "order": 1}],
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("kyc-forms") + f"#kyc-form-{form.pk}"
    form.refresh_from_db()
    assert form.vigilance_payin_required
    assert [line[:2] for line in lines_of(form)] == [
        ("Tax statement", [TAX_STATEMENT, 25]),
        ("Identity document (identity card, passport, residence permit or driving licence)", [PASSPORT]),
    ]
    assert AuditEntry.objects.filter(action="kyc.form.updated", actor=administrator).count() == 1
    after = client.get(response.url)
    assert "was saved" in words(after) and "Any of: Tax statement, Exemption statement" in words(after)


def test_an_empty_new_line_is_ignored(signed_in, administrator):
    form = default()
    data = post_data(form, unchanged(form), extra=[{"order": ""}])
    response = signed_in(administrator).post(reverse("kyc-form-edit", args=[form.pk]), data)
    assert response.status_code == 302 and form.requirements.count() == 2
    assert not AuditEntry.objects.filter(action="kyc.form.updated").exists()


def field_error(response, field_id) -> str:
    """The message shown right after the field (``invalid-feedback`` or the group's error)."""
    page = response.content.decode()
    match = re.search(rf'id="{re.escape(field_id)}_error"[^>]*>(.*?)</div>', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip() if match else ""


def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(signed_in, administrator):
    form = default()
    before = lines_of(form)
    lines = unchanged(form)
    lines[0]["label"] = ""
    lines[1]["document_types"] = []
    response = signed_in(administrator).post(
        reverse("kyc-form-edit", args=[form.pk]), post_data(form, lines, vigilance=True)
    )
    assert response.status_code == 200
    assert field_error(response, "id_lines-0-label") == "Give the line a label: the KYC tab shows it to staff."
    assert "Tick at least one document type" in field_error(response, "id_lines-1-document_types")
    assert "Nothing was saved" in words(response)
    form.refresh_from_db()
    assert lines_of(form) == before and not form.vigilance_payin_required and not AuditEntry.objects.exists()


def test_a_rule_of_the_service_is_shown_next_to_its_field(signed_in, administrator):
    form = default()
    lines = unchanged(form)
    lines[1]["label"] = lines[0]["label"].upper()
    response = signed_in(administrator).post(reverse("kyc-form-edit", args=[form.pk]), post_data(form, lines))
    assert response.status_code == 200
    assert "Another line is already labelled" in field_error(response, "id_lines-1-label")
    assert [line[0] for line in lines_of(form)][1].startswith("Proof of address")


def test_a_group_member_line_is_refused_on_a_persons_form(signed_in, administrator):
    form = default()
    lines = unchanged(form)
    lines[0]["applicant"] = "group_member"
    response = signed_in(administrator).post(reverse("kyc-form-edit", args=[form.pk]), post_data(form, lines))
    assert "A person has no legal representatives or owners" in field_error(response, "id_lines-0-applicant")
    assert {r.applicant for r in form.requirements.all()} == {"customer"}


def test_removing_every_line_is_refused(signed_in, administrator):
    form = default()
    lines = [{**line, "DELETE": True} for line in unchanged(form)]
    response = signed_in(administrator).post(reverse("kyc-form-edit", args=[form.pk]), post_data(form, lines))
    assert response.status_code == 200 and "Keep at least one line" in words(response)
    assert form.requirements.count() == 2


def test_a_colleagues_save_meanwhile_is_not_overwritten(signed_in, administrator):
    form = default()
    stale = form.updated_at - timedelta(minutes=1)
    data = post_data(form, unchanged(form), vigilance=True, opened_at=stale)
    response = signed_in(administrator).post(reverse("kyc-form-edit", args=[form.pk]), data)
    assert response.status_code == 200 and "Someone else saved this KYC form" in words(response)
    form.refresh_from_db()
    assert not form.vigilance_payin_required


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer"])
def test_only_administrators_open_the_kyc_form_pages(signed_in, role, request):
    client = signed_in(request.getfixturevalue(role))
    country = KycForm.objects.create(kind=Kind.PERSON, country="DE")
    form = default()
    urls = [
        reverse("kyc-forms"),
        reverse("kyc-form-create"),
        reverse("kyc-form-edit", args=[form.pk]),
        reverse("kyc-form-delete", args=[country.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(urls[2], post_data(form, [{"label": "X", "document_types": [PASSPORT]}] * 2)).status_code == 403
    assert client.post(urls[3]).status_code == 403
    assert client.post(urls[1], {"kind": "1", "country": "IT"}).status_code == 403
    assert KycForm.objects.filter(country="DE").exists() and not KycForm.objects.filter(country="IT").exists()
    assert default().requirements.count() == 2
    assert not any(item.url_name == "kyc-forms" for item in _navigation(client))


def _navigation(client):
    from backoffice.navigation import navigation_for

    user = client.get(reverse("dashboard")).wsgi_request.user
    return navigation_for(user)


def test_administrators_find_the_page_in_the_navigation(signed_in, administrator):
    client = signed_in(administrator)
    assert any(item.url_name == "kyc-forms" for item in _navigation(client))
    assert reverse("kyc-forms") in client.get(reverse("dashboard")).content.decode()


def test_the_kyc_tab_checklist_follows_an_edited_form(signed_in, administrator, support_agent):
    person = make_person()
    tab = reverse("customer-tab", args=[person.pk, "kyc"])
    assert "Missing: Proof of address" in words(signed_in(support_agent).get(tab))
    form = default()
    lines = unchanged(form)
    lines[1]["DELETE"] = True
    data = post_data(form, lines, vigilance=True, extra=[{"label": "Tax statement", "document_types": [TAX_STATEMENT]}])
    assert signed_in(administrator).post(reverse("kyc-form-edit", args=[form.pk]), data).status_code == 302
    text = words(signed_in(support_agent).get(tab))
    assert "Missing: Tax statement" in text and "Proof of address" not in text
    assert any("vigilance transfer" in reason for reason in review_blockers(person))


def test_a_country_form_wins_over_the_default_for_customers_of_that_country(signed_in, administrator, support_agent):
    client = signed_in(administrator)
    response = client.post(reverse("kyc-form-create"), {"kind": "1", "country": "DE"})
    german = KycForm.objects.get(kind=Kind.PERSON, country="DE")
    assert response.status_code == 302 and response.url == reverse("kyc-form-edit", args=[german.pk])
    assert "copy of the kind's default" in words(client.get(response.url))
    data = post_data(german, [{"label": "Reisepass", "document_types": [PASSPORT]}, {"DELETE": True}])
    assert client.post(reverse("kyc-form-edit", args=[german.pk]), data).status_code == 302
    berliner, parisienne = make_person("Hans", "Berliner", country="DE"), make_person("Zoë", "Paris")
    assert form_for(berliner) == german and form_for(parisienne) == default()
    assert [line.requirement.label for line in checklist(berliner)] == ["Reisepass"]
    assert len(checklist(parisienne).lines) == 2
    text = words(signed_in(support_agent).get(reverse("customer-tab", args=[berliner.pk, "kyc"])))
    assert "Missing: Reisepass" in text and "Proof of address" not in text
    company = make_company()
    assert form_for(company) == default(Kind.BUSINESS), "a German person's form is not a company's"


def test_a_country_form_is_added_only_once(signed_in, administrator):
    client = signed_in(administrator)
    assert 'value="2" selected' in client.get(reverse("kyc-form-create") + "?kind=2").content.decode()
    client.post(reverse("kyc-form-create"), {"kind": "2", "country": "FR"})
    response = client.post(reverse("kyc-form-create"), {"kind": "2", "country": "FR"})
    assert response.status_code == 200
    assert "France already has its own form for business customers" in field_error(response, "id_country")
    response = client.post(reverse("kyc-form-create"), {"kind": "2", "country": ""})
    assert "Choose the country" in field_error(response, "id_country")
    assert KycForm.objects.filter(kind=Kind.BUSINESS).count() == 2


def test_deleting_a_country_form_puts_its_customers_back_on_the_default(signed_in, administrator):
    client = signed_in(administrator)
    with transaction.atomic():
        german = create_country_form(actor=administrator, kind=Kind.PERSON, country="DE")
    berliner = make_person("Hans", "Berliner", country="DE")
    assert form_for(berliner) == german
    url = reverse("kyc-form-delete", args=[german.pk])
    page = words(client.get(url))
    assert "What happens:" in page and "legal address is in Germany will follow the default form" in page
    assert "Proof of address (less than three months old)" in page
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("kyc-forms")
    assert form_for(berliner) == default() and AuditEntry.objects.filter(action="kyc.form.deleted").count() == 1
    assert client.get(reverse("kyc-form-delete", args=[default().pk])).status_code == 404
    assert client.post(reverse("kyc-form-delete", args=[default().pk])).status_code == 404
    assert client.get(reverse("kyc-form-edit", args=[999_999])).status_code == 404
