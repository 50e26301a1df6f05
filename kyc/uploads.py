"""Upload safety for KYC documents (DESIGN.md "Security rules"), the one place that decides
whether a file may be kept.

A file is accepted only when every check passes, and nothing is written before that:

- its name: no NUL byte, no folder (``/``, ``\\``, ``..``), an allowed extension (pdf, jpg,
  jpeg, png, tif, tiff); the name is never used to store the file anyway;
- its size: not empty, at most 4.5 MB (T);
- its content: the magic bytes say the same type as the extension; no web page, script or
  archive hidden inside (polyglots);
- an image is decoded (with a pixel limit against decompression bombs) and re-encoded, which
  drops whatever rode along (metadata, trailing data);
- a PDF has no active content (JavaScript, automatic actions, launch, embedded files, forms
  that submit), also inside compressed streams, and is not encrypted.

``store`` then writes the clean bytes under a random name in a private folder (never served
statically), through a temporary file renamed into place.
"""

from __future__ import annotations

import io
import re
import secrets
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

import filetype
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 4_718_592  # 4.5 MB (T: "at most 4.5 MB")
MAX_PIXELS = 40_000_000  # a 40-megapixel scan is plenty; more is a decompression bomb
EXTENSIONS = {"pdf": "pdf", "jpg": "jpeg", "jpeg": "jpeg", "png": "png", "tif": "tiff", "tiff": "tiff"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "tiff": "image/tiff"}
SNIFFED = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png", "image/tiff": "tiff"}
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF"}

# Web pages and scripts must never ride inside a document (long patterns: a scan's binary data
# does not produce them by chance).
HIDDEN_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed)\b|<\?php|javascript:", re.IGNORECASE)
# Another file glued after an image's end (a polyglot): an archive, a PDF, a page.
GLUED_FILE = re.compile(rb"PK\x03\x04|%PDF-|<\s*(html|script)", re.IGNORECASE)
# PDF names that run something (ISO 32000: scripts, automatic actions, launch, attachments, XFA).
PDF_ACTIVE = re.compile(
    rb"/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToR|GoToE)\b"
)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


class UploadRefused(ValueError):
    """The file is refused; the message says why, in words for the staff member."""


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    kind: str  # pdf, jpeg, png, tiff
    original_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return {"jpeg": "jpg", "tiff": "tif"}.get(self.kind, self.kind)


def _checked_name(name: str) -> str:
    if "\x00" in name:
        raise UploadRefused("The file name contains a NUL character: rename the file and upload it again.")
    if "/" in name or "\\" in name or name in {"", ".", ".."} or ".." in name:
        raise UploadRefused("The file name contains a folder or '..': rename the file and upload it again.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise UploadRefused("Only PDF, JPEG, PNG and TIFF files are accepted (.pdf, .jpg, .jpeg, .png, .tif, .tiff).")
    return name[:200]


def _pdf_bytes(data: bytes) -> list[bytes]:
    """The PDF's bytes and, decompressed, those of its streams (where scripts hide)."""
    parts = [data]
    for match in PDF_STREAM.finditer(data):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return parts


def _checked_pdf(data: bytes) -> bytes:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadRefused("This PDF is damaged or incomplete: save it again as PDF and upload it again.")
    for part in _pdf_bytes(data):
        plain = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), part)
        found = PDF_ACTIVE.search(plain)
        if found:
            name = found.group(1).decode()
            raise UploadRefused(
                f"This PDF contains active content ({name}): print it to a new PDF or scan the paper document."
            )
        if b"/Encrypt" in plain:
            raise UploadRefused("This PDF is protected by a password: upload an unprotected copy.")
        if HIDDEN_MARKUP.search(plain):
            raise UploadRefused("This PDF hides a web page or a script: upload a plain scan.")
    return data


def _image_end(data: bytes, kind: str) -> int:
    """Where to look for a glued file: after a PNG's IEND chunk; anywhere in a JPEG or TIFF
    (their end markers also occur inside thumbnails, so the whole file is searched)."""
    if kind == "png":
        found = data.find(b"IEND")
        return found + 8 if found >= 0 else 0
    return 0


def _reencoded_image(data: bytes, kind: str) -> bytes:
    if HIDDEN_MARKUP.search(data):
        raise UploadRefused("This image hides a web page or a script: upload a plain photo or scan.")
    if GLUED_FILE.search(data, _image_end(data, kind)):
        raise UploadRefused("Another file is glued after this image: upload a plain photo or scan.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, MAX_PIXELS
        try:
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.format != PILLOW_FORMATS[kind]:
                    raise UploadRefused("The file's content is not the image type its name says.")
                image.load()
                if image.mode not in ("1", "L", "RGB", "RGBA", "CMYK", "P", "LA", "I;16", "I"):
                    image = image.convert("RGB")
                if kind == "jpeg" and image.mode not in ("L", "RGB", "CMYK"):
                    image = image.convert("RGB")
                out = io.BytesIO()
                options = (
                    {"quality": 90} if kind == "jpeg" else {"compression": "tiff_deflate"} if kind == "tiff" else {}
                )
                image.save(out, format=PILLOW_FORMATS[kind], **options)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise UploadRefused(
                "This image is too large in pixels to be a document scan (at most 40 megapixels)."
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise UploadRefused(
                "This image is damaged or not really an image: take the photo or scan again."
            ) from error
        finally:
            Image.MAX_IMAGE_PIXELS = previous
    return out.getvalue()


def inspect_upload(name: str, data: bytes) -> CleanFile:
    """The file made safe to keep, or ``UploadRefused`` with the reason."""
    original = _checked_name(name)
    if not data:
        raise UploadRefused("The file is empty.")
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"The file is {len(data) / 1_048_576:.1f} MB: at most 4.5 MB is accepted.")
    claimed = EXTENSIONS[original.rsplit(".", 1)[-1].lower()]
    sniffed = filetype.guess(data)
    actual = SNIFFED.get(sniffed.mime) if sniffed else None
    if actual is None:
        raise UploadRefused("The file's content is not a PDF, JPEG, PNG or TIFF, whatever its name says.")
    if actual != claimed:
        raise UploadRefused(
            f"The file is named .{original.rsplit('.', 1)[-1].lower()} but its content is {actual.upper()}."
        )
    content = _checked_pdf(data) if actual == "pdf" else _reencoded_image(data, actual)
    return CleanFile(content=content, kind=actual, original_name=original)


def store(clean: CleanFile, folder: Path) -> str:
    """Write ``clean`` under a new random name in ``folder``; return that name. The bytes go to
    a temporary file first, renamed into place, so a crash never leaves half a document."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{clean.extension}"
    temporary = folder / f".{name}.part"
    temporary.write_bytes(clean.content)
    temporary.replace(folder / name)
    return name
