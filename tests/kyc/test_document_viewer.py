"""The document beside the declared data (issue 16): the pre-review and review pages show an
image in a viewer with zoom and rotate controls, a PDF as its pages rendered to images on the
server (never the PDF itself), each page served by ``kyc-document-page`` to whoever may see the
file, audited once per look rather than once per image. A hostile PDF answers with a message."""

import hashlib
import io
import re
import secrets
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image

from backoffice.models import AuditEntry
from kyc import document_pages, services
from kyc.models import Document
from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text
from tests.kyc.files import TIFF, pages_pdf
from tests.kyc.reviews import PASSPORT, PROOF_OF_ADDRESS, prevalidate, upload

pytestmark = pytest.mark.django_db


def stored(customer, name: str, data: bytes, content_type: str = "application/pdf") -> Document:
    """A document whose file did not go through the upload's checks (an older upload, another
    channel): the viewer must cope with whatever is on disk."""
    folder = settings.KYC_DOCUMENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    (folder / stored_name).write_bytes(data)
    return Document.objects.create(
        customer=customer,
        document_type=PROOF_OF_ADDRESS,
        stored_name=stored_name,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def uploaded_pdf(customer, pages: int = 3) -> Document:
    details = services.DocumentDetails(document_type=PROOF_OF_ADDRESS)
    return services.upload_documents(
        actor=ROBOT, customer=customer, details=details, files=[("bill.pdf", pages_pdf(pages))]
    )[0]


def prereview_page(client, document) -> str:
    response = client.get(reverse("kyc-prereview-document", args=[document.pk]))
    assert response.status_code == 200
    return response.content.decode()


def page_url(document, number, thumb=False) -> str:
    return reverse("kyc-document-page", args=[document.pk, number]) + ("?size=thumb" if thumb else "")


def png_size(response) -> tuple[int, int]:
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content)).size


CONTROLS = ("Zoom out", "Fit to the frame", "Zoom in", "Rotate left", "Rotate right")


def test_an_image_shows_in_the_viewer_with_zoom_and_rotate_controls(signed_in, support_agent):
    document = upload(make_person(), PASSPORT, "passport.png")
    html = prereview_page(signed_in(support_agent), document)
    for control in CONTROLS:
        assert f'aria-label="{control}"' in html
    assert 'class="document-viewer-image document-image"' in html
    assert f'src="{reverse("kyc-document-file", args=[document.pk])}"' in html
    assert "css/document_viewer.css" in html and "js/document_viewer.js" in html
    assert "Page 1 of" not in html  # one image: no pager
    assert 'style="' not in html.split('id="main"')[1]  # the CSP refuses inline styles


def test_a_pdf_shows_its_pages_as_images_never_the_pdf(signed_in, support_agent):
    document = uploaded_pdf(make_person(), pages=3)
    html = prereview_page(signed_in(support_agent), document)
    for control in CONTROLS:
        assert f'aria-label="{control}"' in html
    assert f'src="{page_url(document, 1)}"' in html
    assert all(f'src="{page_url(document, n, thumb=True)}"' in html for n in (1, 2, 3))
    assert "Page 1 of 3" in html and 'aria-label="Next page"' in html
    assert reverse("kyc-document-file", args=[document.pk]) not in html  # the raw PDF is not in the page
    assert not re.search(r"<(iframe|embed|object)\b", html)
    assert reverse("kyc-document-download", args=[document.pk]) in html  # downloading stays possible


def test_the_kyc_tab_views_a_document_in_the_viewer_and_a_pdf_never_opens_raw(signed_in, support_agent):
    client = signed_in(support_agent)
    person = make_person()
    pdf, image = uploaded_pdf(person, pages=2), upload(person, PASSPORT, "passport.png")
    tab = page_text(client.get(reverse("customer-tab", args=[person.pk, "kyc"])))
    for document in (pdf, image):
        assert f'href="{reverse("kyc-document-view", args=[document.pk])}">View</a>' in tab
    html = client.get(reverse("kyc-document-view", args=[pdf.pk])).content.decode()
    assert f'src="{page_url(pdf, 1)}"' in html and "Page 1 of 2" in html
    assert reverse("kyc-document-file", args=[pdf.pk]) not in html
    html = client.get(reverse("kyc-document-view", args=[image.pk])).content.decode()
    assert f'src="{reverse("kyc-document-file", args=[image.pk])}"' in html
    raw = client.get(reverse("kyc-document-file", args=[pdf.pk]))
    assert raw["Content-Disposition"].startswith("attachment"), "a PDF asked inline leaves as a download"
    shown = client.get(reverse("kyc-document-file", args=[image.pk]))
    assert shown["Content-Disposition"].startswith("inline") and shown["Content-Type"] == "image/png"


def test_the_document_viewer_page_is_out_of_scope_for_outsiders(signed_in, outsider):
    document = uploaded_pdf(make_person(), pages=1)
    assert signed_in(outsider).get(reverse("kyc-document-view", args=[document.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["support_agent", "compliance_officer", "administrator"])
def test_every_role_that_opens_profiles_gets_the_page_images(signed_in, request, persona):
    document = uploaded_pdf(make_person(), pages=2)
    client = signed_in(request.getfixturevalue(persona))
    width, height = png_size(client.get(page_url(document, 2)))
    assert max(width, height) == document_pages.SIZES["page"] and height > width  # portrait, 1600 px high
    assert max(png_size(client.get(page_url(document, 1, thumb=True)))) == document_pages.SIZES["thumb"]
    response = client.get(page_url(document, 2))
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]


def test_others_get_no_page_image(signed_in, outsider, support_agent):
    document = uploaded_pdf(make_person(), pages=1)
    assert signed_in(outsider).get(page_url(document, 1)).status_code == 403
    assert Client().get(page_url(document, 1)).status_code == 302  # to the sign-in page
    agent = signed_in(support_agent)
    assert agent.get(reverse("kyc-document-page", args=[document.pk + 1000, 1])).status_code == 404
    missing = agent.get(page_url(document, 2))
    assert missing.status_code == 404 and missing.content.decode() == "This document has no page 2."


def test_a_look_at_the_pages_is_audited_once_not_once_per_image(signed_in, support_agent, compliance_officer):
    document = uploaded_pdf(make_person(), pages=3)
    agent = signed_in(support_agent)
    for number in (1, 2, 3):
        agent.get(page_url(document, number, thumb=True))
        agent.get(page_url(document, number))
    viewed = AuditEntry.objects.filter(action="kyc.document.viewed", target_id=str(document.pk))
    assert list(viewed.values_list("actor__username", flat=True)) == [support_agent.username]
    signed_in(compliance_officer).get(page_url(document, 1))
    assert viewed.count() == 2  # each staff member's look is in the log


def test_pages_are_rendered_once_then_served_from_the_cache(signed_in, support_agent, monkeypatch):
    document = uploaded_pdf(make_person(), pages=2)
    renders = []
    real = document_pages._render
    monkeypatch.setattr(document_pages, "_render", lambda *args: renders.append(args[1:]) or real(*args))
    agent = signed_in(support_agent)
    prereview_page(agent, document)
    assert renders == [("thumb", "all")]  # the outline renders every thumbnail at once
    for _ in range(2):
        png_size(agent.get(page_url(document, 1, thumb=True)))
        png_size(agent.get(page_url(document, 2)))
        prereview_page(agent, document)
    assert renders == [("thumb", "all"), ("page", "2")]


def test_a_tiff_which_browsers_do_not_show_is_shown_as_a_rendered_page(signed_in, support_agent):
    document = stored(make_person(), "scan.tiff", TIFF, "image/tiff")
    agent = signed_in(support_agent)
    html = prereview_page(agent, document)
    assert f'src="{page_url(document, 1)}"' in html and "Page 1 of" not in html
    assert png_size(agent.get(page_url(document, 1))) == (64, 48)  # never blown up


# --- hostile files: a message, quickly, instead of an image --------------------------------------


def shows_instead(agent, document, message: str) -> None:
    started = time.monotonic()
    html = prereview_page(agent, document)
    assert message in page_text_of(html)
    assert 'class="document-viewer-image' not in html
    answer = agent.get(page_url(document, 1))
    assert answer.status_code == 404 and message in answer.content.decode()
    assert time.monotonic() - started < 8  # well within one render's budget (10 s)


def page_text_of(html: str) -> str:
    class Response:
        content = html.encode()
        charset = "utf-8"

    return page_text(Response())


def test_a_page_larger_than_a_pdf_page_may_be_is_not_rendered(signed_in, support_agent):
    document = stored(make_person(), "huge.pdf", pages_pdf(1, box=(100_000, 100_000)))
    shows_instead(signed_in(support_agent), document, "Page 1 measures 100,000 × 100,000 pt, more than a PDF page may")


def test_a_damaged_pdf_says_so(signed_in, support_agent):
    document = stored(make_person(), "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    shows_instead(signed_in(support_agent), document, "This file is damaged: its pages cannot be shown here.")


def test_a_pdf_too_slow_to_render_says_so(signed_in, support_agent, settings):
    settings.KYC_PAGE_RENDER_SECONDS = 0.01  # the budget is spent before the child has started
    document = stored(make_person(), "slow.pdf", pages_pdf(1))
    shows_instead(signed_in(support_agent), document, "This file takes too long to show (more than 0.01 s)")


def test_a_missing_file_says_so(signed_in, support_agent, settings):
    document = stored(make_person(), "gone.pdf", pages_pdf(1))
    (settings.KYC_DOCUMENTS_DIR / document.stored_name).unlink()
    shows_instead(signed_in(support_agent), document, "The file of this document is missing.")


def test_ten_thousand_pages_show_the_first_twenty_and_say_so(signed_in, support_agent):
    document = stored(make_person(), "many.pdf", pages_pdf(10_000, numbered=False))
    agent = signed_in(support_agent)
    started = time.monotonic()
    html = prereview_page(agent, document)
    assert "This PDF has 10,000 pages: the first 20 are shown here." in page_text_of(html)
    assert "Page 1 of 20" in html and html.count('class="document-thumb') == 20
    png_size(agent.get(page_url(document, 20)))
    beyond = agent.get(page_url(document, 21))
    assert beyond.status_code == 404 and beyond.content.decode() == "This document has no page 21."
    assert time.monotonic() - started < 8


# --- the review decision page -------------------------------------------------------------------------


def test_the_review_page_shows_each_submitted_document_in_a_viewer(signed_in, compliance_officer):
    person = make_person("Paula", "Pending")
    passport = prevalidate(upload(person, PASSPORT, "passport.png"))
    bill = prevalidate(uploaded_pdf(person, pages=2))
    review = request_review(actor=ROBOT, customer=person)
    html = signed_in(compliance_officer).get(reverse("kyc-review-decide", args=[review.pk])).content.decode()
    assert html.count("data-document-viewer") == 2 and html.count('aria-label="Rotate right"') == 2
    assert f'src="{reverse("kyc-document-file", args=[passport.pk])}"' in html
    assert f'src="{page_url(bill, 1)}"' in html and "Page 1 of 2" in html
    assert reverse("kyc-document-file", args=[bill.pk]) not in html
