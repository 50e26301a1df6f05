"""A deactivated (CANCELED) customer reads "Deactivated" everywhere (the profile's header, the
board's strip, the lists' aggregated badge) and offers no command, only reading, to any role; the
commands themselves refuse."""

import re
from datetime import date

import pytest
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.tabs import profile_tabs
from compliance.services.deactivation import deactivate
from compliance.services.limits import ThresholdLine, save_custom_thresholds
from compliance.services.restrictions import freeze_assets, suspend
from compliance.services.risk import set_risk
from customers import services
from customers.choices import AggregatedStatus, CardStatus, KycLevel, RelationshipKind, VerificationStatus
from customers.models import Customer, aggregated_status_filter
from customers.services.verification import set_manual_verification_level
from kyc.services.reviews import request_review
from kyc.services.tax_residences import update_tax_residences
from tests.customers.factories import ROBOT, link, make_company, make_person
from tests.customers.holdings import make_account, make_beneficiary, make_card, make_device
from tests.customers.test_board_pages import strip_of
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

# Links that change something about the customer (notes, statements and documents' files read or
# annotate; they stay).
COMMAND_LINK = re.compile(
    r"/edit/|/password-reset/|/(relationships|cards|sca-devices|beneficiaries)/(new|\d+)/"
    r"|/compliance/customers/\d+/|/kyc/customers/\d+/|/kyc/documents/\d+/(prevalidate|prerefuse|cancel)/"
)


def deactivated_person():
    """Identified, unrestricted, with a closed account, a spent card, a beneficiary, a device and
    an employer: everything that used to offer a command."""
    person = make_person("Dora", "Departed")
    Customer.objects.filter(pk=person.pk).update(
        status="VALIDATED", verification_status=VerificationStatus.IDENTIFIED, kyc_level=KycLevel.REGULAR
    )
    account = make_account(person, balance="0.00")
    make_card(person, account, status=CardStatus.EXPIRED)
    make_beneficiary(person)
    make_device(person)
    link(make_company("Employer SAS"), person, kind=RelationshipKind.EMPLOYEE)
    deactivate(actor=ROBOT, customer=Customer.objects.get(pk=person.pk), reason="Customer asked to close.")
    return Customer.objects.get(pk=person.pk)


def test_the_aggregated_status_of_a_deactivated_customer_is_deactivated():
    person = deactivated_person()
    assert person.aggregated_status == AggregatedStatus.DEACTIVATED
    assert Customer.objects.filter(aggregated_status_filter(AggregatedStatus.DEACTIVATED)).get() == person
    assert not Customer.objects.filter(aggregated_status_filter(AggregatedStatus.ACTIVE), pk=person.pk).exists()


@pytest.mark.parametrize("persona", ["support_agent", "compliance_officer", "administrator"], indirect=True)
def test_every_role_reads_deactivated_and_finds_no_command(signed_in, persona):
    person = deactivated_person()
    client = signed_in(persona)
    header = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    statuses = header.split('aria-label="Statuses"')[1].split("</div>")[0]
    assert "Deactivated" in statuses and "Active" not in statuses
    listed = client.get(reverse("customer-list"), {"q": "Departed"})
    assert [(name, badge) for name, _, badge in strip_of(listed)] == [("Dora Departed", "Deactivated")]
    assert "Deactivated" in page_text(listed).split("</nav>", 2)[-1], "the list's aggregated badge too"
    for tab in profile_tabs.visible_to(persona):
        html = client.get(reverse("customer-tab", args=[person.pk, tab.key])).content.decode()
        links = re.findall(r'(?:href|action|hx-get|hx-post)="([^"]+)"', html)
        commands = [url for url in links if COMMAND_LINK.search(url)]
        assert commands == [], f"{tab.key} tab offers {commands}"
        if tab.key in ("profile", "compliance"):  # the state no longer applies: no "Active" left
            assert ">Active</span>" not in html and ">Deactivated</span>" in html, tab.key
        assert ">Canceled<" not in html, f"{tab.key} shows Treezor's CANCELED raw"
        for word in ("Suspend", "Block", "Freeze the assets", "Issue a card", "Edit"):
            assert f">{word}<" not in html and f"> {word}<" not in html, f"{tab.key} offers {word}"


def test_the_commands_refuse_a_deactivated_customer(compliance_officer):
    person = deactivated_person()
    commands = [
        lambda: suspend(actor=ROBOT, customer=person, reason="x"),
        lambda: freeze_assets(actor=ROBOT, customer=person, comment="x"),
        lambda: set_risk(
            actor=compliance_officer,
            customer=person,
            level="high",
            score=80,
            last_review_on=date.today(),
            next_review_on=date.today(),
            reason="x",
        ),
        lambda: save_custom_thresholds(
            actor=ROBOT, customer=person, lines=[ThresholdLine("sct_emitted", "day", None, 1)], reason="x"
        ),
        lambda: services.update_tags(actor=ROBOT, customer=person, version=None, tags=[]),
        lambda: services.update_identity(actor=ROBOT, customer=person, version=None, first_name="Dorothée"),
        lambda: services.update_contacts(actor=ROBOT, customer=person, version=None, contacts=None),
        lambda: services.add_relationship(
            actor=ROBOT, customer=person, related=make_person("New", "Partner"), kind="partner"
        ),
        lambda: services.secure_sca_device(actor=ROBOT, device=person.sca_devices.get(), reason="lost_device"),
        lambda: services.deactivate_beneficiary(actor=ROBOT, beneficiary=person.beneficiaries.get(), reason="x"),
        lambda: request_review(actor=ROBOT, customer=person),
        lambda: update_tax_residences(actor=ROBOT, customer=person, residences=[], version=None),
        lambda: set_manual_verification_level(actor=ROBOT, customer=person, level=3, reason="x"),
    ]
    for command in commands:
        with pytest.raises(DomainError, match="deactivated"):
            command()


@pytest.mark.parametrize(
    "url_name",
    [
        "compliance-suspend",
        "compliance-block",
        "compliance-freeze",
        "compliance-risk",
        "compliance-custom-thresholds",
        "customer-card-issue",
        "customer-edit-identity",
        "customer-edit-contacts",
        "customer-relationship-add",
        "kyc-review-request",
        "kyc-verification-level",
        "kyc-document-upload",
        "kyc-tax-residences",
    ],
)
def test_a_command_page_of_a_deactivated_customer_sends_back_with_the_reason(signed_in, make_staff, url_name):
    person = deactivated_person()
    client = signed_in(make_staff("every_permission", is_superuser=True))
    url = reverse(url_name, args=[person.pk])
    for response in (client.get(url, follow=True), client.post(url, {"reason": "x"}, follow=True)):
        assert "This customer is deactivated" in page_text(response)
    person.refresh_from_db()
    assert (person.state, person.is_frozen) == ("active", False)


def test_documents_are_neither_added_nor_pre_reviewed_once_deactivated(signed_in, support_agent, settings):
    """Upload and pre-review refuse in their services (the buttons are hidden, the pages too)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kyc.models import Document
    from kyc.services.documents import cancel_document, prerefuse_document, prevalidate_document
    from tests.kyc.files import PNG
    from tests.kyc.reviews import upload

    person = make_person("Dora", "Departed")
    Customer.objects.filter(pk=person.pk).update(status="VALIDATED", kyc_level=KycLevel.REGULAR)
    make_account(person, balance="0.00")
    pending = upload(person)
    deactivate(actor=ROBOT, customer=Customer.objects.get(pk=person.pk), reason="Customer asked to close.")
    for verb in (prevalidate_document, prerefuse_document, cancel_document):
        with pytest.raises(DomainError, match="deactivated"):
            verb(actor=ROBOT, document=pending, comment="x")
    client = signed_in(support_agent)
    files = [SimpleUploadedFile("passport.png", PNG)]
    url = reverse("kyc-document-upload", args=[person.pk])
    response = client.post(url, {"document_type": "12", "files": files}, follow=True)
    assert "This customer is deactivated" in page_text(response)
    with pytest.raises(DomainError, match="This customer is deactivated: adding a document is no longer possible"):
        upload(Customer.objects.get(pk=person.pk))
    assert list(Document.objects.values_list("pk", "status")) == [(pending.pk, "pending")]
    assert [path.name for path in settings.KYC_DOCUMENTS_DIR.iterdir()] == [pending.stored_name]


def test_a_deactivated_customer_cannot_be_linked_to_an_open_company(signed_in, compliance_officer):
    company = make_company("Open Company SAS")
    person = deactivated_person()
    client = signed_in(compliance_officer)
    url = reverse("customer-relationship-add", args=[company.pk])
    response = client.post(url, {"related": person.pk, "kind": "legal_representative"})
    assert response.status_code == 200
    errors = {name: list(errors) for name, errors in response.context["form"].errors.items()}
    assert errors == {"related": ["Dora Departed is deactivated: a deactivated customer cannot be linked."]}
    assert not company.relationships.filter(related=person).exists()


def test_a_company_asks_no_document_of_its_deactivated_owner_but_to_update_its_relationships(
    signed_in, compliance_officer
):
    """Deactivated after being linked: the KYB checklist asks nothing of someone who can upload
    nothing any more; the review button says what to do instead."""
    from kyc.requirements import review_blockers

    company = make_company("Owned SAS")
    owner = make_person("Dora", "Departed")
    Customer.objects.filter(pk=owner.pk).update(status="VALIDATED")
    make_account(owner, balance="0.00")
    link(company, owner, percent="60")
    deactivate(actor=ROBOT, customer=Customer.objects.get(pk=owner.pk), reason="Customer asked to close.")
    reasons = review_blockers(company)
    assert not [reason for reason in reasons if "of Dora Departed" in reason], reasons
    assert "Dora Departed is deactivated: update the company's relationships (remove or replace them)." in reasons
    tab = page_text(signed_in(compliance_officer).get(reverse("customer-tab", args=[company.pk, "kyc"])))
    assert "Dora Departed is deactivated" in tab


def test_the_kyc_tab_grid_gives_the_operations_tab_answer_for_a_deactivated_customer(signed_in, compliance_officer):
    """One answer everywhere: the grid no longer says "Allowed" once the customer is deactivated."""
    person = deactivated_person()
    client = signed_in(compliance_officer)
    html = page_text(client.get(reverse("customer-tab", args=[person.pk, "kyc"])))
    grid = html.split('class="list-unstyled mb-0 small kyc-services">')[1].split("</ul>")[0]
    assert "Allowed:" not in grid
    for service in ("Create cards", "Pay by card", "Send funds", "Receive funds", "Request another KYC review"):
        assert f'{service} <span class="text-body-secondary">— The customer is deactivated.</span>' in grid
    operations = page_text(client.get(reverse("customer-tab", args=[person.pk, "operations"])))
    assert "The customer is deactivated." in operations


def test_notes_stay_writable_on_a_deactivated_customer(signed_in, support_agent):
    """A decision, not a refusal: a note annotates and changes nothing about the customer."""
    person = deactivated_person()
    client = signed_in(support_agent)
    response = client.post(
        reverse("customer-note-add", args=[person.pk]), {"body": "Closed at her request.", "visibility": "everyone"}
    )
    assert response.status_code == 302
    note = person.notes.get()
    assert client.post(reverse("customer-note-pin", args=[person.pk, note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.is_pinned
    assert client.post(reverse("customer-note-unpin", args=[person.pk, note.pk])).status_code == 302
    note.refresh_from_db()
    assert not note.is_pinned
