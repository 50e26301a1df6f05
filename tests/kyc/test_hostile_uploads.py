"""The hostile corpus through the real upload page, as a staff member who may upload: each file is
refused with its reason under the file field, no row and no byte is kept, the server never fails,
and a bomb costs little memory and time. Legitimate files, long names included, still go in."""

import io
import resource
import time
import tracemalloc
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kyc.models import Document
from tests.customers.factories import make_person
from tests.customers.pages import field_error
from tests.kyc.files import JPEG, PNG, TIFF, pdf
from tests.kyc.hostile_files import HOSTILE
from tests.kyc.pdf_writer import A85, FLATE, LZW, PNG_UP, document, stream

pytestmark = pytest.mark.django_db

MEMORY_BOUND = 96 << 20  # bytes: the bomb took 1 GB
TIME_BOUND = 8.0  # seconds, with tracing on, on a shared machine: the bomb took 24 s


def upload(client, customer, name: str, data: bytes):
    return client.post(
        reverse("kyc-document-upload", args=[customer.pk]),
        {"document_type": "12", "files": [SimpleUploadedFile(name, data)]},
    )


def stored_files(settings) -> list[str]:
    folder = settings.KYC_DOCUMENTS_DIR
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_the_corpus_is_large_and_its_ids_unique():
    assert len(HOSTILE) >= 50
    assert len({row.id for row in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize("hostile", HOSTILE, ids=[row.id for row in HOSTILE])
def test_a_hostile_file_is_refused_next_to_the_field_and_nothing_is_kept(hostile, signed_in, support_agent, settings):
    person, client = make_person(), signed_in(support_agent)
    data = hostile.data  # built before measuring: a bomb's maker is not the server's cost
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    started = time.monotonic()
    try:
        response = upload(client, person, hostile.name, data)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before

    assert response.status_code == 200, "refused on the form: neither stored (302) nor a server error (5xx)"
    assert hostile.reason in field_error(response, "files")
    assert not Document.objects.exists(), "no row"
    assert stored_files(settings) == [], "no byte in the documents folder"
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MiB of Python memory"
    assert rss_growth < MEMORY_BOUND, f"the process grew by {rss_growth / 2**20:.0f} MiB"
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"


def legitimate_pdfs() -> list[tuple[str, bytes]]:
    """What real producers write: object streams and xref streams under each filter, an image,
    an internal link (a go-to inside the document), a form without actions, a long name."""
    image = stream(
        b"/Type /XObject /Subtype /Image /Width 600 /Height 400 /ColorSpace /DeviceGray /BitsPerComponent 8",
        bytes(range(200)) * 1200,
    )
    rows = []
    for filters in [(FLATE,), (PNG_UP,), (A85, FLATE), (LZW,)]:
        pdf = document(
            catalog=b"/Outlines << /Count 0 >> /PageMode /UseNone ",
            page=b"/Resources << /XObject << /Im1 5 0 R >> >> /Annots [6 0 R] ",
            extra={
                5: image,
                6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoTo /D [3 0 R /Fit] >> >>",
            },
            xref_stream=True,
        )
        pdf.packed, pdf.packed_filters = {1, 2, 3, 6}, filters
        rows.append((f"statement-{filters[0].strip('/').lower()}.pdf", pdf.build()))
    return rows


def phone_photo() -> bytes:
    """A JPEG as some phones write it: with a second picture (MPO), which Pillow names MPO."""
    out = io.BytesIO()
    main, depth = Image.new("RGB", (64, 48), "teal"), Image.new("L", (64, 48), 90)
    main.save(out, format="MPO", save_all=True, append_images=[depth.convert("RGB")])
    return out.getvalue()


LEGITIMATE = [
    ("passport.jpg", JPEG),
    ("phone-photo.jpg", phone_photo()),
    ("passport.png", PNG),
    ("scan.tiff", TIFF),
    ("statement.pdf", pdf()),
    *legitimate_pdfs(),
    ("Relevé de compte — janvier 2026 (copie certifiée conforme).PDF", pdf()),
    (f"{'r' * 251}.pdf", pdf()),
    (f"{'a' * 210}.png", PNG),
]


@pytest.mark.parametrize(("name", "data"), LEGITIMATE, ids=[name[:40] for name, _ in LEGITIMATE])
def test_a_legitimate_file_still_uploads(name, data, signed_in, support_agent, settings):
    person = make_person()
    response = upload(signed_in(support_agent), person, name, data)
    assert response.status_code == 302, field_error(response, "files")
    document = Document.objects.get()
    extension = name.rsplit(".", 1)[1].lower()
    assert len(document.original_name) <= 200 and document.original_name.lower().endswith(f".{extension}")
    assert document.original_name[:50] == name[:50]
    assert stored_files(settings) == [document.stored_name]


def test_more_than_twenty_files_at_once_are_refused_before_any_is_read(signed_in, support_agent, settings):
    person = make_person()
    response = signed_in(support_agent).post(
        reverse("kyc-document-upload", args=[person.pk]),
        {"document_type": "12", "files": [SimpleUploadedFile(f"page-{n}.png", PNG) for n in range(21)]},
    )
    assert response.status_code == 200
    assert "At most 20 files at once" in field_error(response, "files")
    assert not Document.objects.exists() and stored_files(settings) == []


@cache
def image_of(kind: str, width: int, height: int, mode: str) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "white").save(out, format=kind)
    return out.getvalue()


def upload_many(client, customer, files: list[tuple[str, bytes]]):
    return client.post(
        reverse("kyc-document-upload", args=[customer.pk]),
        {"document_type": "12", "files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


def test_many_large_images_in_one_upload_are_refused_before_any_is_decoded(signed_in, support_agent, settings):
    """Each 40-megapixel image is allowed alone; eight in one upload (the tester sent twenty and
    held the request 24 s) are more pixels than one upload may check."""
    big = image_of("PNG", 6000, 6666, "RGBA")
    person, client = make_person(), signed_in(support_agent)
    started = time.monotonic()
    response = upload_many(client, person, [(f"page-{n}.png", big) for n in range(8)])
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "Nothing was uploaded: these images hold 319 megapixels together" in field_error(response, "files")
    assert not Document.objects.exists() and stored_files(settings) == []
    assert elapsed < 3.0, f"{elapsed:.1f} s: refused by the headers, nothing decoded"


def test_twenty_phone_photos_still_upload_at_once(signed_in, support_agent, settings):
    photo = image_of("JPEG", 4032, 3024, "RGB")  # 12 megapixels, what a phone takes
    person, client = make_person(), signed_in(support_agent)
    response = upload_many(client, person, [(f"page-{n}.jpg", photo) for n in range(20)])
    assert response.status_code == 302, field_error(response, "files")
    assert Document.objects.count() == 20 and len(stored_files(settings)) == 20


def test_an_upload_that_takes_too_long_to_check_is_refused_as_a_whole(signed_in, support_agent, settings, monkeypatch):
    """The upload's own time box: with no time left after the first file, nothing is kept."""
    import kyc.uploads

    monkeypatch.setattr(kyc.uploads, "UPLOAD_SECONDS", -1.0)
    response = upload_many(signed_in(support_agent), make_person(), [("a.pdf", pdf()), ("b.png", PNG)])
    assert response.status_code == 200
    assert "Nothing was uploaded: checking these files took more than" in field_error(response, "files")
    assert not Document.objects.exists() and stored_files(settings) == []
