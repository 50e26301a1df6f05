"""Synctera's Prospect (issue 21): a person created with no details at all; first name, last name,
date of birth (and what every person created by hand has: nationality, email, phone) become
mandatory when they become an active customer. The create form and the lists know prospects."""

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.models import Customer
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

PROSPECT_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "nationality",
    "public_id",
    "primary_email",
    "primary_phone",
)


def empty_prospect_form() -> dict:
    return dict.fromkeys(PROSPECT_FIELDS, "")


def test_a_prospect_is_created_with_no_details_at_all(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    assert "New prospect" in page_text(client.get(reverse("customer-persons")))
    page = page_text(client.get(reverse("customer-prospect-create")))
    assert "Every field is optional" in page
    response = client.post(reverse("customer-prospect-create"), empty_prospect_form())
    prospect = Customer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("customer-profile", args=[prospect.pk])
    assert prospect.is_prospect and prospect.status == "PENDING" and prospect.is_person
    assert str(prospect) == f"Person {prospect.public_id}"
    entry = AuditEntry.objects.get(action="customers.prospect.created")
    assert entry.customer_id == prospect.pk and entry.actor_id == compliance_officer.pk
    profile = page_text(client.get(response["Location"]))
    assert "Prospect" in profile and "A prospect: onboarding not completed" in profile
    assert (
        "needs the first name, the last name, the date of birth, the nationality, an email (their login) and a "
        "phone number" in profile
    )
    assert "Complete the identity" in profile and "Make an active customer" not in profile


def test_what_a_prospect_is_given_is_checked_as_on_any_profile(signed_in, administrator):
    client = signed_in(administrator)
    form = empty_prospect_form() | {"first_name": "J4ne", "birth_date": "2999-01-01", "primary_email": "not-an-email"}
    response = client.post(reverse("customer-prospect-create"), form)
    page = page_text(response)
    assert response.status_code == 200 and not Customer.objects.exists()
    assert "First name" in page and "not an email address" in page
    taken = make_person(email="taken@example.com")
    form = empty_prospect_form() | {"first_name": "Jane", "primary_email": "TAKEN@example.com"}
    response = client.post(reverse("customer-prospect-create"), form)
    assert response.status_code == 200 and Customer.objects.filter(onboarding_completed=False).count() == 0
    assert taken.pk


def test_a_prospect_becomes_an_active_customer_once_complete(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    client.post(reverse("customer-prospect-create"), empty_prospect_form() | {"first_name": "Jane"})
    prospect = Customer.objects.get()
    activate = reverse("customer-prospect-activate", args=[prospect.pk])
    # Refused while details are missing: the refusal names them, and nothing changes.
    response = client.post(activate, follow=True)
    assert "needs the last name, the date of birth, the nationality" in page_text(response)
    assert Customer.objects.get().is_prospect
    # A prospect's identity is edited with the names optional ...
    identity = reverse("customer-edit-identity", args=[prospect.pk])
    form = client.get(identity).context["form"]
    assert not form.fields["last_name"].required and not form.fields["birth_date"].required
    Customer.objects.filter(pk=prospect.pk).update(
        last_name="Doe",
        birth_date="1990-02-03",
        nationality="FR",
        primary_email="jane@example.com",
        primary_phone="+33612345678",
    )
    page = page_text(client.get(reverse("customer-profile", args=[prospect.pk])))
    assert "Everything an active customer needs is here." in page and "Make an active customer" in page
    assert "Make an active customer" in page_text(client.get(activate))
    response = client.post(activate)
    assert response.status_code == 302
    customer = Customer.objects.get(pk=prospect.pk)
    assert not customer.is_prospect and customer.status == "PENDING"
    entry = AuditEntry.objects.get(action="customers.prospect.activated")
    assert entry.changes == {"onboarding_completed": [False, True]}
    # Twice: refused, said.
    assert "already an active customer" in page_text(client.post(activate, follow=True))


def test_an_active_persons_names_and_birth_date_stay_mandatory(signed_in, compliance_officer):
    person = make_person("Ada", "Lovelace")
    client = signed_in(compliance_officer)
    form = client.get(reverse("customer-edit-identity", args=[person.pk])).context["form"]
    assert all(form.fields[name].required for name in ("first_name", "last_name", "birth_date", "nationality"))


def test_a_prospect_has_no_kyc_review_requested(signed_in, support_agent):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(onboarding_completed=False)
    from kyc.requirements import review_blockers

    assert review_blockers(Customer.objects.get(pk=person.pk)) == [
        f"{person} is a prospect: make them an active customer before requesting a KYC review."
    ]


def test_the_lists_know_prospects(signed_in, support_agent):
    prospect, active = make_person("Pros", "Pect"), make_person("Act", "Ive")
    Customer.objects.filter(pk=prospect.pk).update(onboarding_completed=False)
    client = signed_in(support_agent)
    onboarding = page_text(client.get(reverse("customer-onboarding")))
    assert "Pros Pect" in onboarding and "Act Ive" not in onboarding and "Prospect" in onboarding
    assert "New prospect" not in onboarding  # support agents create no one
    # Every list says it beside the name, and its export too (outside attack 21c: Persons said "Active").
    persons = page_text(client.get(reverse("customer-persons")))
    row = persons[persons.index("Pros Pect") :][:200]
    assert "Prospect" in row
    export = client.post(reverse("customer-persons"), {"export": "csv"})
    csv = b"".join(export.streaming_content).decode()
    assert "Pros Pect (prospect)" in csv and "Act Ive (prospect)" not in csv
    completed = page_text(client.get(reverse("customer-onboarding"), {"onboarding": "completed"}))
    assert "Act Ive" in completed and "Pros Pect" not in completed
    assert active.pk


@pytest.mark.parametrize("persona", ["support_agent"])
def test_support_agents_neither_create_nor_activate_prospects(signed_in, persona, request):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(onboarding_completed=False)
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(reverse("customer-prospect-create")).status_code == 403
    assert client.post(reverse("customer-prospect-activate", args=[person.pk])).status_code == 403
    profile = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    assert "Prospect" in profile and "Make an active customer" not in profile and "Complete the identity" not in profile


def test_a_prospect_represents_no_company_and_holds_up_its_groups_review(signed_in, administrator):
    """Outside attack 21c (H1): a company passed KYC with a nameless prospect as its legal
    representative."""
    from customers.models import Relationship
    from kyc.requirements import checklist, group_blockers
    from tests.customers.factories import make_company
    from tests.customers.test_forms import COMPANY

    prospect = make_person("Pro", "Spect")
    Customer.objects.filter(pk=prospect.pk).update(onboarding_completed=False)
    client = signed_in(administrator)
    response = client.post(reverse("customer-company-create"), {**COMPANY, "representative": str(prospect.pk)})
    assert response.status_code == 200
    assert "is a prospect: make them an active customer before linking them to a company" in str(
        response.context["form"].errors["representative"]
    )
    assert not Customer.objects.filter(legal_name=COMPANY["legal_name"]).exists()
    # A link stored before this rule (or another way in): the group's review waits.
    company = make_company("Holding Prospecta", representative=make_person("Rep", "Resentative"))
    Relationship.objects.create(customer=company, related=prospect, kind="legal_representative")
    company = Customer.objects.get(pk=company.pk)
    assert f"{prospect} is a prospect: make them an active customer before submitting the company's group." in (
        group_blockers(company, checklist(company))
    )


def test_a_prospect_tops_up_with_no_card_until_active(signed_in, support_agent):
    """Outside attack 21c (M7): an external card was linked to a prospect with no phone or birth
    date. Documents and a live verification may be collected meanwhile (onboarding)."""
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(onboarding_completed=False)
    client = signed_in(support_agent)
    tab = page_text(client.get(reverse("customer-tab", args=[person.pk, "cards"])))
    assert "Link an external card" not in tab
    response = client.get(reverse("customer-topup-card-link", args=[person.pk]), follow=True)
    assert "is a prospect: make them an active customer before linking a card they top up with" in page_text(response)
