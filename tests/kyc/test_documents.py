"""Documents through the panel: staff upload several files at once, nothing is kept when one
file is refused, the KYC tab lists them, and each look at a file goes through an audited view."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.choices import KycLevel
from customers.models import Customer
from kyc.models import Document
from tests.customers.factories import ROBOT, make_person
from tests.customers.pages import field_error
from tests.helpers import count_queries, page_text
from tests.kyc.files import JPEG, PNG, pdf

pytestmark = pytest.mark.django_db


def upload(client, customer, *files, **fields):
    data = {"document_type": "12", **fields}
    data["files"] = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(reverse("kyc-document-upload", args=[customer.pk]), data)


def test_several_files_at_once_become_pending_documents(signed_in, support_agent, settings):
    person = make_person()
    client = signed_in(support_agent)
    response = upload(client, person, ("bill-page1.png", PNG), ("bill-page2.pdf", pdf()))
    assert response.status_code == 302 and response.url == reverse("customer-tab", args=[person.pk, "kyc"])
    documents = list(Document.objects.order_by("original_name"))
    assert [(d.original_name, d.status, d.uploaded_by) for d in documents] == [
        ("bill-page1.png", "pending", support_agent),
        ("bill-page2.pdf", "pending", support_agent),
    ]
    stored = sorted(path.name for path in settings.KYC_DOCUMENTS_DIR.iterdir())
    assert stored == sorted(d.stored_name for d in documents) and all("bill" not in name for name in stored)
    assert AuditEntry.objects.filter(action="kyc.document.uploaded", customer_id=person.pk).count() == 2
    page = page_text(client.get(response.url))
    assert "2 files uploaded, pending pre-review." in page and "bill-page1.png" in page and "Pending" in page


def test_one_bad_file_keeps_nothing_and_says_which(signed_in, support_agent, settings):
    person = make_person()
    response = upload(signed_in(support_agent), person, ("good.png", PNG), ("evil.pdf", JPEG))
    assert response.status_code == 200
    assert "evil.pdf: The file is named .pdf but its content is JPEG." in page_text(response)
    assert not Document.objects.exists()
    assert not settings.KYC_DOCUMENTS_DIR.exists() or not any(settings.KYC_DOCUMENTS_DIR.iterdir())


def test_an_identity_document_needs_its_number_country_and_expiry(signed_in, support_agent):
    person = make_person()
    response = upload(signed_in(support_agent), person, ("passport.jpg", JPEG), document_type="17")
    assert response.status_code == 200
    page = page_text(response)
    # Next to each of the three fields, and in the summary above the form.
    assert page.count("An identity document needs this.") == 6 and "3 fields need attention:" in page
    assert not Document.objects.exists()


def test_a_customer_refused_for_good_takes_no_document(signed_in, compliance_officer):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(kyc_level=KycLevel.REFUSED)
    response = upload(signed_in(compliance_officer), person, ("bill.png", PNG))
    assert "refused for good" in page_text(response) and not Document.objects.exists()


def test_viewing_and_downloading_a_file_is_audited_and_safe(signed_in, support_agent, administrator):
    person = make_person()
    upload(signed_in(support_agent), person, ("bill.png", PNG))
    document = Document.objects.get()
    client = signed_in(administrator)
    inline = client.get(reverse("kyc-document-file", args=[document.pk]))
    assert inline.status_code == 200 and inline["Content-Type"] == "image/png"
    assert inline["X-Content-Type-Options"] == "nosniff" and "sandbox" in inline["Content-Security-Policy"]
    assert inline["Content-Disposition"].startswith("inline")
    download = client.get(reverse("kyc-document-download", args=[document.pk]))
    assert (
        download["Content-Disposition"].startswith("attachment")
        and 'filename="bill.png"' in download["Content-Disposition"]
    )
    actions = list(AuditEntry.objects.filter(target_id=str(document.pk)).values_list("action", flat=True))
    assert "kyc.document.viewed" in actions and "kyc.document.downloaded" in actions


def test_the_kyc_tab_lists_documents_to_review(signed_in, support_agent):
    person = make_person()
    client = signed_in(support_agent)
    upload(client, person, ("bill.png", PNG))
    page = page_text(client.get(reverse("customer-tab", args=[person.pk, "kyc"])))
    assert "To review" in page and "bill.png" in page and "Proof of address" in page
    assert "No document was reviewed yet." in page


# --- pre-review and cancellation --------------------------------------------------------------


def a_document(person, **fields):
    from kyc import services

    details = services.DocumentDetails(document_type=12)
    document = services.upload_documents(actor=ROBOT, customer=person, details=details, files=[("bill.png", PNG)])[0]
    Document.objects.filter(pk=document.pk).update(**fields)
    document.refresh_from_db()
    return document


def test_the_first_line_pre_validates_and_pre_refuses_with_a_comment(signed_in, support_agent):
    person = make_person()
    client = signed_in(support_agent)
    good, blurred = a_document(person), a_document(person)
    response = client.post(reverse("kyc-document-prevalidate", args=[good.customer_id, good.pk]), {"comment": ""})
    assert response.status_code == 302 and response.url == reverse("customer-tab", args=[person.pk, "kyc"])
    good.refresh_from_db()
    assert good.status == "pre_validated" and good.reviewed_by == support_agent

    url = reverse("kyc-document-prerefuse", args=[blurred.customer_id, blurred.pk])
    assert "This field is required." in page_text(client.post(url, {"comment": ""}))
    blurred.refresh_from_db()
    assert blurred.status == "pending"
    client.post(url, {"comment": "Blurred: the address cannot be read"})
    blurred.refresh_from_db()
    assert (blurred.status, blurred.review_comment) == ("pre_refused", "Blurred: the address cannot be read")
    entry = AuditEntry.objects.get(action="kyc.document.prerefused")
    assert entry.changes == {"status": ["pending", "pre_refused"]} and entry.reason.startswith("Blurred")
    page = page_text(client.get(reverse("customer-tab", args=[person.pk, "kyc"])))
    assert "Pre-refused" in page and "Blurred: the address cannot be read" in page


def test_a_reviewed_document_is_never_changed_again(signed_in, compliance_officer):
    person = make_person()
    client = signed_in(compliance_officer)
    for status in ("validated", "refused", "canceled", "pre_validated"):
        document = a_document(person, status=status)
        response = client.post(
            reverse("kyc-document-prevalidate", args=[document.customer_id, document.pk]), {"comment": "x"}
        )
        assert response.status_code == 302
        assert "Only a pending document is pre-reviewed" in page_text(client.get(response.url))
        document.refresh_from_db()
        assert document.status == status
    validated = a_document(person, status="validated")
    response = client.post(
        reverse("kyc-document-cancel", args=[validated.customer_id, validated.pk]), {"comment": "Customer asked"}
    )
    assert "it can no longer be canceled. Upload a new one instead." in page_text(client.get(response.url))


def test_a_document_is_canceled_on_the_customers_request_before_its_review(signed_in, support_agent):
    person = make_person()
    document = a_document(person, status="pre_validated")
    signed_in(support_agent).post(
        reverse("kyc-document-cancel", args=[document.customer_id, document.pk]),
        {"comment": "Customer sent the wrong bill"},
    )
    document.refresh_from_db()
    assert document.status == "canceled"
    assert AuditEntry.objects.filter(action="kyc.document.canceled", customer_id=person.pk).exists()


def test_an_administrator_does_not_pre_review(signed_in, administrator):
    document = a_document(make_person())
    assert (
        signed_in(administrator)
        .get(reverse("kyc-document-prevalidate", args=[document.customer_id, document.pk]))
        .status_code
        == 403
    )


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "full-page"])
def test_the_kyc_tab_makes_the_same_queries_whatever_the_customer_holds(
    signed_in, support_agent, django_assert_num_queries, partial
):
    from django.db import transaction

    from kyc import services

    client = signed_in(support_agent)
    small, big = make_person("Small", "Kyc"), make_person("Big", "Kyc")
    a_document(small)
    # Reviews decided and pending (the history), live verification sessions with their events.
    from kyc.models import LivenessSession
    from kyc.services.reviews import request_review
    from tests.kyc.reviews import decide_review, prevalidate, upload

    prevalidate(upload(big, 17, "passport.png"))
    # One session each: prefetching their events is one query, however many there are.
    LivenessSession.objects.create(customer=small, reference="small-0", url="http://sandbox.test/")
    for index in range(3):
        prevalidate(upload(big, 12, f"bill-{index}.png"))
        review = request_review(actor=ROBOT, customer=big)
        decide_review(actor=ROBOT, review=review, decision="validate", level=2)
        LivenessSession.objects.create(customer=big, reference=f"big-{index}", url="http://sandbox.test/")
    for status in ("pending", "pre_validated", "pre_refused", "validated", "refused", "canceled") * 3:
        a_document(big, status=status)
    with transaction.atomic():
        services.update_tax_residences(
            actor=ROBOT,
            customer=big,
            residences=[services.Residence("FR", "3023217600053"), services.Residence("DE", "", True)],
        )
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "profile-tab"} if partial else {}

    def url(customer):
        return reverse("customer-tab", args=[customer.pk, "kyc"])

    client.get(url(big), **headers)  # both on the board: each page reads the other for the strip
    few = count_queries(client, url(small), **headers)
    client.get(url(big), **headers)
    with django_assert_num_queries(few):
        response = client.get(url(big), **headers)
    page = response.content.decode()
    assert response.status_code == 200 and page.count("data-document=") == 22
    assert page.count("KYC review requested") == 3 and page.count("data-session=") == 3


def test_a_multi_file_upload_says_what_became_of_each_file(signed_in, support_agent, settings):
    person = make_person()
    response = upload(
        signed_in(support_agent), person, ("a.pdf", pdf()), ("bad0.pdf", JPEG), ("b.png", PNG), ("bad1.png", JPEG)
    )
    assert response.status_code == 200
    assert field_error(response, "files") == (
        "Nothing was uploaded. a.pdf is fine. bad0.pdf: The file is named .pdf but its content is JPEG. "
        "b.png is fine. bad1.png: The file is named .png but its content is JPEG."
    )
    assert not Document.objects.exists()
    assert not settings.KYC_DOCUMENTS_DIR.exists() or not any(settings.KYC_DOCUMENTS_DIR.iterdir())


def test_a_long_file_name_is_cut_to_two_lines_in_the_documents_table_and_kept_whole_in_its_title(
    signed_in, support_agent
):
    person, client = make_person(), signed_in(support_agent)
    name = "relevé-de-compte-" + "janvier-" * 20 + "2026.pdf"  # 185 characters: kept whole, 4 or 5 lines
    response = upload(client, person, (name, pdf()))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert f'<span class="document-name" title="{name}">{name}</span>' in page
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "backoffice.css").read_text()
    rule = css[css.index(".document-name {") :].split("}", 1)[0]
    assert "-webkit-line-clamp: 2" in rule and "overflow: hidden" in rule and "text-overflow: ellipsis" in rule
