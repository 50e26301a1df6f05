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
    stream = zlib.compress(body)
    return (
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R " + extra + b">> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
        b"4 0 obj << /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
