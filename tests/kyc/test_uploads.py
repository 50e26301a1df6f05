"""Upload safety: a corpus of malicious or malformed files is refused with a clear message and
leaves no bytes stored; a clean corpus is accepted, re-encoded where it is an image."""

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kyc.uploads import MAX_BYTES, UploadRefused, inspect_upload, read_bounded, store
from tests.kyc.files import JPEG, PNG, TIFF, exif, image_bytes, pdf
from tests.kyc.hostile_files import active_pdf, encrypted
from tests.kyc.pdf_writer import AHX, FLATE


def flood_png() -> bytes:
    """A small PNG that claims 20,000 × 20,000 pixels (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")
    return out.getvalue()


CLEAN = [
    ("passport.png", PNG),
    ("passport.jpg", JPEG),
    ("PROOF.JPEG", JPEG),
    ("scan.tif", TIFF),
    ("scan.tiff", TIFF),
    ("statement.pdf", pdf()),
    ("grey.png", image_bytes("PNG", mode="L")),
    ("with exif.jpg", image_bytes("JPEG", exif=exif("Canon EOS"))),
    ("Relevé d'identité (2).pdf", pdf(b"BT (Relev\\351) Tj ET")),
    ("alpha.png", image_bytes("PNG", mode="RGBA")),
]

MALICIOUS = [
    ("empty.pdf", b"", "The file is empty."),
    ("oversize.pdf", b"%PDF-1.7\n" + b"0" * MAX_BYTES + b"\n%%EOF", "at most 4.5 MB"),
    ("script.js", b"alert(1)", "Only PDF, JPEG, PNG and TIFF"),
    ("page.html", b"<html><script>alert(1)</script></html>", "Only PDF, JPEG, PNG and TIFF"),
    ("vector.svg", b"<svg onload=alert(1)>", "Only PDF, JPEG, PNG and TIFF"),
    ("noextension", PNG, "Only PDF, JPEG, PNG and TIFF"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 40, "Only PDF, JPEG, PNG and TIFF"),
    ("passport.png.exe", PNG, "Only PDF, JPEG, PNG and TIFF"),
    ("../../etc/passwd.png", PNG, "folder or '..'"),
    ("..\\..\\boot.png", PNG, "folder or '..'"),
    ("nul\x00.png", PNG, "NUL character"),
    ("scan..png", PNG, "folder or '..'"),
    ("invoice\u202egnp.exe.png", PNG, "right-to-left character"),
    ("line\nbreak.png", PNG, "control or right-to-left character"),
    # Not through a browser's form (Django drops what is not printable), but from the liveness
    # provider or another client: invisible format characters make two names look alike.
    ("pass\u200bport.png", PNG, "invisible character"),
    ("zero\u200bwidth\u2060joiner.pdf", pdf(), "invisible character"),
    ("soft\u00adhyphen.png", PNG, "invisible character"),
    ("z\u0301\u0302\u0303\u0304\u0308algo.png", PNG, "more than 3 accents stacked on one letter"),
    ("text.pdf", b"just some text, not a PDF", "not a PDF, JPEG, PNG or TIFF"),
    ("html.png", b"<html><body>hello</body></html>", "not a PDF, JPEG, PNG or TIFF"),
    ("elf.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "not a PDF, JPEG, PNG or TIFF"),
    ("gif.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a PDF, JPEG, PNG or TIFF"),
    ("photo.pdf", JPEG, "named .pdf but its content is JPEG"),
    ("scan.png", JPEG, "named .png but its content is JPEG"),
    ("doc.jpg", pdf(), "named .jpg but its content is PDF"),
    ("script-in.png", PNG + b"<script>alert(document.cookie)</script>", "hides a web page or a script"),
    ("php-in.jpg", JPEG[:-2] + b"<?php system($_GET['c']); ?>" + JPEG[-2:], "hides a web page or a script"),
    ("zip-glued.png", PNG + b"PK\x03\x04\x14\x00\x00\x00payload", "Another file is glued"),
    ("pdf-glued.jpg", JPEG + pdf(), "Another file is glued"),
    ("truncated.png", PNG[:40], "damaged or not really an image"),
    ("truncated.jpg", JPEG[:200], "damaged or not really an image"),
    ("flood.png", flood_png(), "too large in pixels"),
    ("js.pdf", pdf(extra=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "), "active content"),
    ("hex-js.pdf", pdf(extra=b"/Names << /#4Aava#53cript 5 0 R >> "), "active content (JavaScript)"),
    ("launch.pdf", pdf(extra=b"/AA << /O << /S /Launch /F (cmd.exe) >> >> "), "active content"),
    ("embedded.pdf", pdf(extra=b"/Names << /EmbeddedFiles 6 0 R >> "), "active content"),
    ("xfa.pdf", pdf(extra=b"/AcroForm << /XFA 7 0 R >> "), "active content"),
    ("compressed-js.pdf", active_pdf("openaction-js", packed_filters=(FLATE,)), "active content (an action run"),
    ("hex-packed-js.pdf", active_pdf("js-in-a-stream", packed_filters=(AHX,)), "active content"),
    ("encrypted.pdf", encrypted(), "protected by a password"),
    ("html-in.pdf", pdf(body=b"<html><script>alert(1)</script></html>"), "hides a web page or a script"),
    ("no-eof.pdf", pdf()[:-7], "damaged or incomplete"),
]


@pytest.mark.parametrize(("name", "data"), CLEAN, ids=[name for name, _ in CLEAN])
def test_a_clean_file_is_accepted(name, data, tmp_path):
    clean = inspect_upload(name, data)
    stored = store(clean, tmp_path)
    assert (tmp_path / stored).read_bytes() == clean.content
    assert name not in stored and stored.endswith(f".{clean.extension}") and len(stored) > 30
    if clean.kind != "pdf":
        with Image.open(io.BytesIO(clean.content)) as image:
            image.load()  # re-encoded, and still a valid image
    assert [path.name for path in tmp_path.iterdir()] == [stored], "no temporary file is left"


def test_the_corpus_is_large_enough():
    assert len(MALICIOUS) >= 30 and len(CLEAN) >= 10


@pytest.mark.parametrize(("name", "data", "message"), MALICIOUS, ids=[name for name, _, _ in MALICIOUS])
def test_a_malicious_or_malformed_file_is_refused_and_nothing_is_stored(name, data, message, tmp_path):
    with pytest.raises(UploadRefused) as refused:
        store(inspect_upload(name, data), tmp_path)
    assert message in str(refused.value)
    assert not any(tmp_path.iterdir()), "no bytes stored"


def test_an_image_is_re_encoded_without_what_rode_along():
    original = image_bytes("JPEG", exif=exif("secret-gps 48.8566N 2.3522E"))
    assert b"secret-gps" in original
    clean = inspect_upload("with exif.jpg", original)
    assert b"secret-gps" not in clean.content


def test_a_name_is_kept_composed_and_accents_a_language_needs_are_accepted():
    assert inspect_upload("rele\u0301ve\u0301.pdf", pdf()).original_name == "rel\u00e9v\u00e9.pdf"
    assert inspect_upload("\u05e9\u05bc\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd.png", PNG).original_name.endswith(".png")


@pytest.mark.parametrize("length", [200, 201, 230, 255, 300])
def test_a_long_name_is_kept_shortened_with_its_extension(length):
    name = "passport-" + "x" * (length - 13) + ".png"
    clean = inspect_upload(name, PNG)
    assert len(clean.original_name) <= 200 and clean.original_name.endswith(".png")
    assert clean.original_name.startswith("passport-xxx")
    assert clean.original_name == name if length <= 200 else "…" in clean.original_name


class _WatchedModule(type(Image)):
    """PIL.Image, recording every assignment to one of its names."""

    assigned: list[str] = []

    def __setattr__(self, name, value):
        type(self).assigned.append(name)
        super().__setattr__(name, value)


def test_an_upload_never_changes_pillows_process_wide_limit(monkeypatch):
    """The pixel limit is the upload check's own: changing ``Image.MAX_IMAGE_PIXELS`` for one
    upload would change it for every other thread of the process meanwhile."""
    monkeypatch.setattr(_WatchedModule, "assigned", [])
    original_class = Image.__class__
    Image.__class__ = _WatchedModule
    try:
        for name, data in [("passport.png", PNG), ("passport.jpg", JPEG), ("scan.tif", TIFF)]:
            inspect_upload(name, data)
        with pytest.raises(UploadRefused, match="too large in pixels"):
            inspect_upload("flood.png", flood_png())
    finally:
        Image.__class__ = original_class
    assert "MAX_IMAGE_PIXELS" not in _WatchedModule.assigned


def test_the_pixel_limit_holds_whatever_pillows_own_limit_is(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # another part of the process turned it off
    with pytest.raises(UploadRefused, match="too large in pixels"):
        inspect_upload("flood.png", flood_png())


def test_an_open_file_is_read_only_up_to_the_limit():
    upload = io.BytesIO(b"%PDF-1.7\n" + bytes(3 * MAX_BYTES))
    with pytest.raises(UploadRefused, match=r"at most 4\.5 MB"):
        inspect_upload("big.pdf", read_bounded(upload))
    assert upload.tell() == MAX_BYTES + 1


def test_a_pdf_check_has_its_time_box(monkeypatch):
    """Every step of the walk looks at the clock: with no time left, even a clean PDF is refused."""
    import kyc.uploads.pdf

    assert inspect_upload("statement.pdf", pdf()).kind == "pdf"
    monkeypatch.setattr(kyc.uploads.pdf, "SECONDS", -1.0)
    with pytest.raises(UploadRefused, match="too complex to check"):
        inspect_upload("statement.pdf", pdf())


SEEDS = [
    ("scan.pdf", pdf()),
    ("scan.pdf", active_pdf("uri-link", packed_filters=(FLATE,))),
    ("photo.png", PNG),
    ("photo.jpg", JPEG),
    ("scan.tif", TIFF),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6),
    cut=st.integers(min_value=0, max_value=64),
)
def test_a_damaged_file_is_refused_or_accepted_never_a_crash(seed, edits, cut):
    """Bytes overwritten here and there, the end cut off: whatever the parsers make of it, the
    check answers with a file or a refusal, never another exception (a server error)."""
    name, data = seed
    mutated = bytearray(data[: len(data) - cut] if cut < len(data) else data)
    for position, replacement in edits:
        at = position % len(mutated)
        mutated[at : at + len(replacement)] = replacement
    with contextlib.suppress(UploadRefused):
        inspect_upload(name, bytes(mutated))
