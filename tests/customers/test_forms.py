"""Creating and editing customers through the panel's forms: the happy path, bad input shown next
to its field with nothing saved, concurrent edits, and the history that records it all."""

import html
import re

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.models import Customer, CustomerType, PriceList, Tag
from tests.customers.factories import make_company, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

PERSON = {
    "title": "ms",
    "first_name": "Zoë",
    "last_name": "D'Artagnan-Ørsted",
    "birth_date": "1990-02-03",
    "nationality": "FR",
    "primary_email": "zoe@example.test",
    "primary_phone": "+33 6 12 34 56 78",
    "other_emails": "zoe.work@example.test",
    "other_phones": "+49 151 12345678",
    "legal_line1": "12 rue de Rivoli",
    "legal_postcode": "75004",
    "legal_city": "Paris",
    "legal_country": "FR",
    "default_currency": "EUR",
}


def errors_of(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_creating_a_person(officer, compliance_officer):
    vip = Tag.objects.create(name="VIP")
    retail = CustomerType.objects.create(name="Retail", applies_to="person")
    prices = PriceList.objects.create(name="Retail monthly", customer_type=retail)
    response = officer.post(
        reverse("customer-person-create"),
        {**PERSON, "customer_type": retail.pk, "price_list": prices.pk, "tags": [vip.pk]},
    )
    person = Customer.objects.get()
    assert response.status_code == 302 and response.url == reverse("customer-profile", args=[person.pk])
    assert person.last_name == "D'Artagnan-Ørsted" and person.person_type == retail and person.price_list == prices
    assert person.primary_phone == "+33612345678"
    assert sorted(person.emails.values_list("email", flat=True)) == ["zoe.work@example.test", "zoe@example.test"]
    assert list(person.phones.filter(is_primary=False).values_list("number", flat=True)) == ["+4915112345678"]
    # Tags, like access roles, are set by administrators (on the profile as on this page).
    assert person.created_by == compliance_officer and list(person.tags.all()) == []
    assert AuditEntry.objects.filter(action="customers.person.created", actor=compliance_officer).exists()
    assert "was created with the public id" in page_text(officer.get(response.url))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "Z", "The first name needs at least 2 letters, as on the identity document."),
        ("first_name", "Zo3", "The first name has a number in it (“3”): type the first name in letters only."),
        ("first_name", "", "Enter the first name, as on the identity document."),
        ("last_name", "Dupont!", "The last name cannot contain “!”: use letters, with spaces, hyphens (-)"),
        ("last_name", "Dupont3", "The last name has a number in it (“3”): type the last name in letters only."),
        ("last_name", "Dupont-", "The last name cannot start or end with “-”: remove it."),
        # Outside attack 21c (H2): names that look blank in every list.
        ("first_name", "\u3164\u3164", "The first name cannot contain an invisible or combining character (U+3164)"),
        ("last_name", "\uffa0\uffa0", "The last name cannot contain an invisible or combining character (U+FFA0)"),
        ("last_name", "\u0301\u0301", "The last name cannot contain an invisible or combining character (U+0301)"),
        ("last_name", " ", "Enter the last name, as on the identity document."),
        ("birth_date", "", "Enter the date of birth, as on the identity document."),
        ("birth_date", "31/02/1990", "This is not a date: enter the date of birth as day, month and year"),
        ("nationality", "", "Choose the nationality from the list."),
        ("legal_line1", "", "Enter the street and number"),
        ("legal_city", "", "Enter the city."),
        ("legal_postcode", "", "Enter the postcode"),
        ("primary_phone", "", "Enter the customer's phone number. International format"),
        ("national_id_last4", "123", "Enter exactly four digits: the last four of the number."),
        ("birth_date", "2999-01-01", "The birth date must be in the past."),
        ("birth_date", "1850-01-01", "older than 120"),
        ("primary_email", "zoe@", "This is not an email address: type it as name@example.com."),
        ("primary_email", "", "Enter the customer's email address: they sign in to the app with it."),
        ("primary_phone", "12345", "international format"),
        ("other_phones", "+33 1", "is not a phone number in international format"),
        ("other_emails", "not-an-email", "is not a valid email address"),
        ("legal_country", "XX", "“XX” is not a country of the list: choose the country from it."),
        ("public_id", "a b", "A public id has 3 to 32 characters"),
        ("national_id_last4", "12a4", "Enter digits only: the last four digits of the number, e.g. 1234."),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_saved(officer, field, value, message):
    response = officer.post(reverse("customer-person-create"), {**PERSON, field: value})
    assert response.status_code == 200
    assert any(message in error for error in errors_of(response)[field]), errors_of(response)
    assert not Customer.objects.exists()
    assert 'class="invalid-feedback' in response.content.decode()


def test_a_primary_email_already_used_as_a_login_is_refused(officer):
    make_person(email="zoe@example.test")
    response = officer.post(reverse("customer-person-create"), PERSON)
    assert "Another customer signs in with this email" in errors_of(response)["primary_email"][0]
    assert Customer.objects.count() == 1


def test_a_price_list_of_another_type_is_refused(officer):
    retail = CustomerType.objects.create(name="Retail", applies_to="person")
    other = PriceList.objects.create(name="Untyped")
    response = officer.post(
        reverse("customer-person-create"), {**PERSON, "customer_type": retail.pk, "price_list": other.pk}
    )
    assert "This price list is not offered to this customer's type" in errors_of(response)["price_list"][0]
    assert not Customer.objects.exists()


def test_each_price_list_says_its_type_so_the_page_offers_only_the_chosen_types(officer):
    """C: "If Person type is set, only price lists corresponding to the subtype will be shown":
    each option carries its type for backoffice.js (tests/e2e/test_price_lists_follow_the_type.py)."""
    retail = CustomerType.objects.create(name="Retail", applies_to="person")
    typed = PriceList.objects.create(name="Retail 2026", customer_type=retail)
    untyped = PriceList.objects.create(name="Standard")
    page = officer.get(reverse("customer-person-create")).content.decode()
    assert 'data-follows="id_customer_type"' in page
    assert f'value="{typed.pk}" data-type="{retail.pk}"' in page and f'value="{untyped.pk}" data-type=""' in page


COMPANY = {
    "kind": "2",
    "legal_name": "Zéphyr Conseil",
    "registration_number": "732 829 320",
    "vat_number": "FR40303265045",
    "legal_form": "SAS",
    "representative_kind": "legal_representative",
    "legal_line1": "1 place Vendôme",
    "legal_postcode": "75001",
    "legal_city": "Paris",
    "legal_country": "FR",
    "default_currency": "EUR",
}


def test_creating_a_company_with_its_legal_representative(officer):
    marc = make_person("Marc", "Lefèvre")
    response = officer.post(reverse("customer-company-create"), {**COMPANY, "representative": marc.public_id})
    company = Customer.objects.companies().get()
    assert response.status_code == 302
    assert company.registration_number == "732829320" and company.vat_number == "FR40303265045"
    assert company.relationships.get().related == marc


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"registration_number": "732 829 321"}, "registration_number", "expected a SIREN of 9 digits"),
        ({"vat_number": "FR123"}, "vat_number", "not a valid VAT number"),
        ({"representative": "999999"}, "representative", "No person has this customer id"),
        ({"representative_kind": "shareholder"}, "ownership_percent", "Give the share"),
        ({"legal_name": "x" * 101}, "legal_name", "at most 100 characters"),
    ],
)
def test_bad_company_input_is_explained(officer, changes, field, message):
    marc = make_person("Marc", "Lefèvre")
    response = officer.post(reverse("customer-company-create"), {**COMPANY, "representative": marc.pk, **changes})
    assert response.status_code == 200
    assert any(message in error for error in errors_of(response)[field]), errors_of(response)
    assert not Customer.objects.companies().exists()


def test_a_company_representative_must_be_a_person(officer):
    other = make_company("Holding SA")
    response = officer.post(reverse("customer-company-create"), {**COMPANY, "representative": other.pk})
    assert "No person has this customer id" in errors_of(response)["representative"][0]


def test_the_lookup_suggests_persons_by_name(agent):
    marc = make_person("Marc", "Lefèvre")
    make_company("Lefevre Holding")
    html = page_text(agent.get(reverse("customer-person-lookup"), {"representative": "lefevre"}))
    assert f'value="{marc.pk}"' in html and "Lefevre Holding" not in html


# --- editing ---------------------------------------------------------------------------------


def test_a_support_agent_edits_a_phone_bad_then_good_and_sees_it_in_the_history(agent):
    person = make_person(phone="+33612345678")
    url = reverse("customer-edit-contacts", args=[person.pk])
    form = agent.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in ("primary_email", "other_emails", "other_phones", "version")}
    response = agent.post(url, {**data, "primary_phone": "06 12"})
    assert "international format" in errors_of(response)["primary_phone"][0]
    response = agent.post(url, {**data, "primary_phone": "+33 7 81 23 45 67"})
    assert response.status_code == 302
    history = page_text(agent.get(reverse("customer-tab", args=[person.pk, "history"])))
    assert "Contacts edited" in history and "+33612345678" in history and "+33781234567" in history


def test_changing_the_primary_email_asks_to_confirm_the_login_change(agent):
    person = make_person(email="old@example.test")
    url = reverse("customer-edit-contacts", args=[person.pk])
    data = {"primary_email": "new@example.test", "primary_phone": person.primary_phone, "version": person.version}
    response = agent.post(url, data)
    assert "The primary email is the customer's login" in errors_of(response)["primary_email"][0]
    response = agent.post(url, {**data, "confirm_login_change": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.primary_email == "new@example.test"


def test_an_edit_saved_by_someone_else_meanwhile_is_explained_not_overwritten(officer):
    person = make_person("Anna", "Martin")
    url = reverse("customer-edit-identity", args=[person.pk])
    initial = officer.get(url).context["form"].initial
    data = {name: "" if value is None else value for name, value in initial.items()}
    data["is_specified_us_person"] = ""
    first = officer.post(url, {**data, "first_name": "Annie"})
    assert first.status_code == 302
    second = officer.post(url, {**data, "last_name": "Martinez"})  # the form opened before the first save
    assert second.status_code == 200
    assert "Someone else saved this customer after you opened the form" in page_text(second)
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Annie", "Martin")


def test_the_history_masks_personal_data_for_support_agents(agent, officer):
    person = make_person("Anna", "Martin", birth_date="1980-01-01")
    url = reverse("customer-edit-identity", args=[person.pk])
    data = {name: "" if value is None else value for name, value in officer.get(url).context["form"].initial.items()}
    assert officer.post(url, {**data, "birth_date": "1980-01-02"}).status_code == 302
    history = page_text(agent.get(reverse("customer-tab", args=[person.pk, "history"])))
    assert "Identity edited" in history and "2 Jan 1980" not in history and "1980-01-02" not in history
    assert "2 Jan 1980" in page_text(officer.get(reverse("customer-tab", args=[person.pk, "history"])))


def test_addresses_shipping_same_as_legal_and_a_half_filled_address(agent):
    person = make_person()
    url = reverse("customer-edit-addresses", args=[person.pk])
    data = {name: value for name, value in agent.get(url).context["form"].initial.items() if value is not None}
    response = agent.post(url, {**data, "secondary_line1": "3 quai de Seine"})
    assert "Fill this in too, or empty the whole address." in errors_of(response)["secondary_city"][0]
    response = agent.post(url, {**data, "shipping_same_as_legal": "on"})
    assert response.status_code == 302
    assert "Same as the legal address" in page_text(agent.get(reverse("customer-profile", args=[person.pk])))


def test_settings_and_tags_are_saved_and_audited(signed_in, administrator):
    client = signed_in(administrator)
    person = make_person()
    vip = Tag.objects.create(name="VIP")
    response = client.post(
        reverse("customer-edit-tags", args=[person.pk]), {"tags": [vip.pk], "version": person.version}
    )
    assert response.status_code == 302 and list(person.tags.all()) == [vip]
    assert AuditEntry.objects.get(action="customers.tags.updated").changes == {"tags": [[], ["VIP"]]}
    person.refresh_from_db()
    response = client.post(
        reverse("customer-edit-settings", args=[person.pk]),
        {"default_currency": "CHF", "language": "de", "referral_code": "SPRING", "version": person.version},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.default_currency, person.language, person.referral_code) == ("CHF", "de", "SPRING")


def test_linking_and_unlinking_customers(officer):
    company = make_company()
    owner = make_person("Olga", "Owner")
    url = reverse("customer-relationship-add", args=[company.pk])
    response = officer.post(url, {"related": owner.pk, "kind": "shareholder", "ownership_percent": "120"})
    assert "Ensure this value is less than or equal to 100" in errors_of(response)["ownership_percent"][0]
    response = officer.post(url, {"related": owner.pk, "kind": "shareholder", "ownership_percent": "40"})
    assert response.status_code == 302
    link = company.relationships.get(related=owner)
    remove = reverse("customer-relationship-remove", args=[company.pk, link.pk])
    assert "will no longer be listed as shareholder" in page_text(officer.get(remove))
    assert officer.post(remove, {"reason": "Sold her shares"}).status_code == 302
    assert not company.relationships.filter(related=owner).exists()
    assert AuditEntry.objects.get(action="customers.relationship.removed").reason == "Sold her shares"


def test_administrators_keep_the_dictionaries(signed_in, administrator):
    client = signed_in(administrator)
    response = client.post(reverse("customer-dictionary-create", args=["tags"]), {"name": "VIP", "is_active": "on"})
    assert response.status_code == 302 and Tag.objects.filter(name="VIP").exists()
    response = client.post(reverse("customer-dictionary-create", args=["tags"]), {"name": "vip", "is_active": "on"})
    assert response.status_code == 200 and Tag.objects.count() == 1
    assert AuditEntry.objects.filter(action="customers.tag.created").count() == 1
    assert "VIP" in page_text(client.get(reverse("customer-dictionaries")))


@pytest.mark.parametrize(("name", "sign"), [("Jean²", "²"), ("Anne½", "½"), ("Zoe①", "①")])
def test_digits_of_any_script_are_not_letters(officer, name, sign):
    response = officer.post(reverse("customer-person-create"), {**PERSON, "first_name": name})
    assert f"The first name has a number in it (“{sign}”)" in errors_of(response)["first_name"][0]


def test_a_name_starting_with_a_hyphen_is_refused_saying_so(officer):
    response = officer.post(reverse("customer-person-create"), {**PERSON, "first_name": "-Zoe"})
    assert errors_of(response)["first_name"] == ["The first name cannot start or end with “-”: remove it."]


def test_a_decomposed_accent_is_a_letter_and_is_stored_composed(officer):
    import unicodedata

    officer.post(reverse("customer-person-create"), {**PERSON, "first_name": unicodedata.normalize("NFD", "José")})
    assert Customer.objects.get().first_name == "José"


def test_the_primary_email_listed_again_among_the_others_is_refused(officer):
    response = officer.post(reverse("customer-person-create"), {**PERSON, "other_emails": "ZOE@example.test"})
    assert "The primary email is listed again here" in errors_of(response)["other_emails"][0]


def test_a_uk_vat_number_is_checked_with_the_uk_rule(officer):
    marc = make_person("Marc", "Lefèvre")
    data = {**COMPANY, "representative": marc.pk, "legal_country": "GB", "registration_number": "01234567"}
    response = officer.post(reverse("customer-company-create"), {**data, "vat_number": "GB980780684"})
    assert response.status_code == 302
    assert Customer.objects.companies().get().vat_number == "GB980780684"


def test_a_new_tag_is_offered_by_the_lists_filter_at_once(signed_in, administrator, django_capture_on_commit_callbacks):
    client = signed_in(administrator)
    assert "Newsletter" not in page_text(client.get(reverse("customer-persons")))  # choices now cached
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("customer-dictionary-create", args=["tags"]), {"name": "Newsletter", "is_active": "on"})
    assert "Newsletter" in page_text(client.get(reverse("customer-persons")))


def test_a_form_with_several_errors_has_a_summary_linking_to_each_field(officer):
    response = officer.post(
        reverse("customer-person-create"), {**PERSON, "last_name": "Dupont3", "primary_email": "zoe@", "gender": "x"}
    )
    body = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger error-summary" role="alert"[^>]*>(.*?)</div>', body, re.S)
    assert summary, "no summary above the form"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", summary.group(1)))
    assert "3 fields need attention:" in text
    assert "Last name: The last name has a number in it" in html.unescape(text)
    assert "Primary email: This is not an email address" in text
    for field in ("last_name", "primary_email", "gender"):
        assert f'href="#id_{field}" data-focus="id_{field}"' in summary.group(1)
        assert f'id="id_{field}"' in body  # the link's target: the field itself
    assert "js/error_summary.js" in body
    # The messages stay next to their fields too.
    assert any("The last name has a number" in error for error in errors_of(response)["last_name"])


def test_a_form_with_one_error_shows_it_next_to_the_field_only(officer):
    response = officer.post(reverse("customer-person-create"), {**PERSON, "last_name": "Dupont3"})
    assert "The last name has a number" in errors_of(response)["last_name"][0]
    assert "error-summary" not in response.content.decode()
