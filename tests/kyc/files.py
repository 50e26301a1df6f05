"""Files for the KYC tests: small valid images and PDFs, built in memory."""

import io
import zlib

from PIL import Image


def image_bytes(fmt="PNG", size=(64, 48), mode="RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 120, 40) if mode == "RGB" else 128).save(out, format=fmt, **options)
    return out.getvalue()


PNG, JPEG, TIFF = image_bytes("PNG"), image_bytes("JPEG"), image_bytes("TIFF")


def exif(description: str) -> bytes:
    data = Image.Exif()
    data[0x010E] = description  # ImageDescription
    return data.tobytes()


def pdf(body: bytes = b"BT /F1 12 Tf 72 712 Td (Passport scan) Tj ET", extra: bytes = b"") -> bytes:
    """A one-page PDF with its cross-reference table; ``extra`` goes into the catalog, ``body``
    is the page's content (deflated)."""
    stream = zlib.compress(body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, text in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return bytes(out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % start)


def pages_pdf(count: int, box: tuple[int, int] = (612, 792), numbered: bool = True) -> bytes:
    """A PDF of ``count`` pages of ``box`` points, each saying its number (or, not ``numbered``,
    all drawing one shared content stream: 10,000 pages in a few hundred kilobytes)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects.append(font)  # 3
    shared = 0
    if not numbered:
        stream = zlib.compress(b"BT /F1 24 Tf 72 700 Td (A page) Tj ET")
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        shared = len(objects)
    kids = []
    for number in range(1, count + 1):
        contents = shared
        if numbered:
            stream = zlib.compress(b"BT /F1 48 Tf 72 600 Td (Page %d) Tj ET" % number)
            objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
            contents = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (*box, contents)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % count
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, text in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return bytes(out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
