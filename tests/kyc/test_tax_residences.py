"""Tax residences (T "Edit tax residences"): the TIN checked per country with python-stdnum and a
message naming the expected format, the United States rules, waivers, soft deletion, the audit
entry, and the KYC tab as each role sees it."""

import html

import pytest
from django.db import transaction
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from kyc import services
from kyc.models import TaxResidence
from kyc.services import Residence, update_tax_residences
from kyc.tin import INVISIBLE, UNCHECKED, InvalidTin, normalised_tin
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def save(customer, *lines, actor=ROBOT):
    with transaction.atomic():
        return services.update_tax_residences(actor=actor, customer=customer, residences=list(lines))


def active(customer):
    return list(TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True).order_by("country"))


@pytest.mark.parametrize(
    ("country", "tin", "compact"),
    [
        ("FR", "3023 217 600 053", "3023217600053"),
        ("DE", "36 574 261 809", "36574261809"),
        ("ES", "12345678z", "12345678Z"),
        ("IT", "rccmnl83s18d969h", "RCCMNL83S18D969H"),
        ("US", "123-45-6789", "123456789"),
        ("PT", "501 964 843", "501964843"),
        ("LU", " ab 123 ", "AB123"),  # no validator for the country: kept as given, compacted
    ],
)
def test_a_tin_is_checked_and_compacted_for_its_country(country, tin, compact):
    assert normalised_tin(country, tin) == compact


def test_a_wrong_tin_names_the_expected_format():
    with pytest.raises(InvalidTin) as error:
        normalised_tin("FR", "123")
    assert str(error.value) == (
        "This is not a valid tax number for France: expected the 13-digit numéro fiscal starting with 0 to 3, "
        "e.g. 3023 217 600 053."
    )


@pytest.mark.parametrize(
    ("country", "tin", "message"),
    [
        ("AF", "<img src=x>", UNCHECKED),
        ("AI", "'\"><svg/onload=1>", UNCHECKED),
        ("LU", "AB 12é", UNCHECKED),
        ("AG", "\u202eEVIL\u202c", INVISIBLE),  # shown to staff as "LIVE"
        ("AG", "AB\u200b12", INVISIBLE),  # zero-width space
        ("AF", "12\x0034", INVISIBLE),  # NUL
        ("FR", "\u202e3023217600053", INVISIBLE),  # for a country with a validator too
        ("US", "123-45-6789\u200e", INVISIBLE),
    ],
)
def test_a_tin_holds_letters_digits_and_separators_only(country, tin, message):
    """Review 21c M3: no markup, no control or bidi character, said with what is allowed."""
    with pytest.raises(InvalidTin) as error:
        normalised_tin(country, tin)
    assert str(error.value) == message
    assert "letters A to Z, digits, spaces and the separators . / -" in message


def test_a_tin_of_a_country_without_a_validator_keeps_its_separators():
    assert normalised_tin("AF", " 12.34/56-7 ab ") == "12.34/56-7AB"


def test_the_dialog_refuses_a_hostile_tin_next_to_the_field(signed_in, support_agent):
    person = make_person()
    client = signed_in(support_agent)
    url = reverse("kyc-tax-residence-add", args=[person.pk])
    version = client.get(url).context["version"]
    for country, tin, message in [("AF", "<img src=x>", UNCHECKED), ("AG", "\u202eEVIL\u202c", INVISIBLE)]:
        response = client.post(url, {"version": version, "new-country": country, "new-tin": tin})
        assert response.status_code == 200
        assert 'id="id_new-tin_error"' in page_text(response)
        assert html.escape(message) in page_text(response)
    response = client.post(url, {"version": version, "new-country": "AF", "new-tin": "12\x0034"})
    assert response.status_code == 200 and 'id="id_new-tin_error"' in page_text(response)
    assert not TaxResidence.objects.filter(customer=person).exists()


def test_the_service_refuses_a_hostile_tin_too():
    person = make_person()
    with pytest.raises(DomainError, match="Antigua and Barbuda: A tax number holds no control"):
        save(person, Residence("AG", "\u202eEVIL\u202c"))
    assert not active(person)


def test_residences_are_saved_updated_and_removed_softly_with_an_audit_entry():
    person = make_person()
    save(person, Residence("FR", "3023217600053"), Residence("DE", "", tin_waiver=True))
    france, germany = sorted(active(person), key=lambda r: r.country.code == "DE")
    assert (france.tin, germany.tin_waiver) == ("3023217600053", True)
    entry = AuditEntry.objects.get(action="kyc.tax_residences.updated")
    assert entry.customer_id == person.pk and entry.confidential_fields == ["tax_residences"]
    assert entry.changes == {"tax_residences": [[], ["DE: waiver", "FR: 3023217600053"]]}

    save(person, Residence("DE", "36574261809", pk=germany.pk))
    assert [(r.country.code, r.tin, r.tin_waiver) for r in active(person)] == [("DE", "36574261809", False)]
    france.refresh_from_db()
    assert france.deleted_at is not None, "a removed residence is kept, marked deleted"
    assert AuditEntry.objects.filter(action="kyc.tax_residences.updated").count() == 2

    save(person, Residence("DE", "36574261809", pk=germany.pk))
    assert AuditEntry.objects.filter(action="kyc.tax_residences.updated").count() == 2, "nothing changed, no entry"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([Residence("US", "")], "A United States tax residence needs its TIN (SSN, ITIN or EIN)."),
        ([Residence("FR", "3023217600053"), Residence("FR", "", True)], "France is listed twice"),
        ([Residence("FR", "42")], "France: This is not a valid tax number for France: expected the 13-digit"),
    ],
)
def test_the_rules_refuse_and_save_nothing(lines, message):
    person = make_person()
    with pytest.raises(DomainError) as error:
        save(person, *lines)
    assert error.value.message.startswith(message)
    assert not TaxResidence.objects.exists() and not AuditEntry.objects.filter(action__startswith="kyc.").exists()


def test_the_tin_is_optional_outside_the_united_states_with_or_without_a_waiver():
    """T: "optional for all the countries except for US taxpayers"; the waiver is T's liabilityWaiver,
    and stands only for a missing TIN (refused beside one, not dropped)."""
    person = make_person()
    save(person, Residence("FR", ""), Residence("DE", "", tin_waiver=True))
    assert [(r.country.code, r.tin, r.tin_waiver) for r in active(person)] == [("DE", "", True), ("FR", "", False)]
    with pytest.raises(DomainError, match="Italy: a waiver stands only for a missing TIN"):
        save(person, Residence("IT", "RCCMNL83S18D969H", True))


def test_a_specified_us_person_needs_a_us_residence_with_its_tin():
    person = make_person(is_specified_us_person=True)
    with pytest.raises(DomainError) as error:
        save(person, Residence("FR", "3023217600053"))
    assert error.value.message == (
        "This customer is a specified US person: add a United States tax residence with its TIN."
    )
    save(person, Residence("FR", "3023217600053"), Residence("US", "123-45-6789"))
    assert {r.country.code for r in active(person)} == {"FR", "US"}


# --- pages -------------------------------------------------------------------------------------


def test_the_kyc_tab_masks_the_tin_for_support_agents(signed_in, support_agent, compliance_officer):
    person = make_person()
    save(person, Residence("FR", "3023217600053"))
    url = reverse("customer-tab", args=[person.pk, "kyc"])
    agent_page = page_text(signed_in(support_agent).get(url))
    assert "•••• 0053" in agent_page and "3023217600053" not in agent_page
    assert "Edit tax residences" in agent_page
    officer_page = page_text(signed_in(compliance_officer).get(url))
    assert "3023217600053" in officer_page


def test_an_administrator_sees_the_tab_but_cannot_edit(signed_in, administrator):
    person = make_person()
    page = page_text(signed_in(administrator).get(reverse("customer-tab", args=[person.pk, "kyc"])))
    assert "Tax residences" in page and "Edit tax residences" not in page


def formset_data(*lines, initial=0):
    data = {"form-TOTAL_FORMS": str(len(lines)), "form-INITIAL_FORMS": str(initial), "form-MAX_NUM_FORMS": "20"}
    for index, line in enumerate(lines):
        for key, value in line.items():
            data[f"form-{index}-{key}"] = value
    return data


def test_editing_tax_residences_through_the_dialog(signed_in, support_agent):
    person = make_person()
    client = signed_in(support_agent)
    url = reverse("kyc-tax-residences", args=[person.pk])
    page = page_text(client.get(url))
    assert "Tax residences of Zoë Dupont" in page and "liability waiver" in page

    response = client.post(url, formset_data({"country": "FR", "tin": "12"}))
    assert response.status_code == 200
    assert "expected the 13-digit numéro fiscal" in page_text(response), "the format is named next to the field"
    assert not TaxResidence.objects.exists()

    response = client.post(url, formset_data({"country": "US", "tin": ""}))
    assert "A United States tax residence needs its TIN" in page_text(response)
    assert not TaxResidence.objects.exists()

    response = client.post(url, formset_data({"country": "FR", "tin": "3023 217 600 053"}, {"country": ""}))
    assert response.status_code == 302 and response.url == reverse("customer-tab", args=[person.pk, "kyc"])
    residence = TaxResidence.objects.get()
    assert residence.tin == "3023217600053" and residence.created_by == support_agent

    removed = formset_data(
        {"pk": str(residence.pk), "country": "FR", "tin": "3023217600053", "DELETE": "on"}, initial=1
    )
    assert client.post(url, removed).status_code == 302
    residence.refresh_from_db()
    assert residence.deleted_at is not None and residence.deleted_by == support_agent


def test_a_save_over_residences_changed_meanwhile_is_refused(signed_in, compliance_officer):
    from kyc.services import residences_version

    person = make_person()
    update_tax_residences(actor=ROBOT, customer=person, residences=[Residence("FR", "3023217600053")])
    opened_at = residences_version(person)
    residence = person.tax_residences.get()
    update_tax_residences(  # a colleague corrects the TIN meanwhile
        actor=ROBOT, customer=person, residences=[Residence("FR", "3023217601054", pk=residence.pk)]
    )
    client = signed_in(compliance_officer)
    response = client.post(
        reverse("kyc-tax-residences", args=[person.pk]),
        {
            "version": opened_at,
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-pk": str(residence.pk),
            "form-0-country": "FR",
            "form-0-tin": "3023217600053",
        },
    )
    assert response.status_code == 200
    assert "Someone else changed these tax residences meanwhile" in response.content.decode()
    assert person.tax_residences.get(deleted_at__isnull=True).tin == "3023217601054"
