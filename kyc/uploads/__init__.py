"""Upload safety for KYC documents (DESIGN.md "Security rules"), the one place that decides
whether a file may be kept.

A file is accepted only when every check passes, and nothing is written before that:

- its name (``names``): no NUL byte, no control or right-to-left character, no folder (``/``,
  ``\\``, ``..``), an allowed extension (pdf, jpg, jpeg, png, tif, tiff), in any case; the name
  is kept for display only (shortened to 200 characters, its extension kept), never to store
  the file;
- its size: not empty, at most 4.5 MB (T);
- its content: the magic bytes say the same type as the extension; no web page, script or
  archive hidden inside (polyglots);
- an image (``images``) is at most 40 megapixels and one frame, by its header, before any pixel
  is decoded; then it is decoded and re-encoded, which drops whatever rode along;
- a PDF (``pdf``) is read with a real parser, every object and stream, and has no active content
  (JavaScript, automatic actions, launch, attached files, rich media, XFA, web links, forms that
  submit), is not encrypted, and is no decompression bomb; the check is bounded in memory and
  in time.

``store`` then writes the clean bytes under a random name in a private folder (never served
statically), through a temporary file renamed into place.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype

from .images import reencoded_image
from .names import EXTENSIONS, checked_name, extension, shown_name
from .pdf import checked_pdf
from .refusal import MAX_BYTES, MAX_PIXELS, UploadRefused

__all__ = [
    "MAX_BYTES",
    "MAX_FILES",
    "MAX_PIXELS",
    "CleanFile",
    "UploadRefused",
    "inspect_upload",
    "read_bounded",
    "shown_name",
    "store",
]

MAX_FILES = 20  # the pages of one document, in one upload
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "tiff": "image/tiff"}
SNIFFED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/apng": "png",  # an animated PNG: refused by the image check, with its reason
    "image/tiff": "tiff",
}


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


def read_bounded(source: bytes | BinaryIO) -> bytes:
    """An upload's bytes, at most one byte past the limit: enough to refuse a larger file
    without reading it into memory."""
    return source if isinstance(source, bytes) else source.read(MAX_BYTES + 1)


def inspect_upload(name: str, data: bytes) -> CleanFile:
    """The file made safe to keep, or ``UploadRefused`` with the reason."""
    original = checked_name(name)
    if not data:
        raise UploadRefused("The file is empty.")
    if len(data) > MAX_BYTES:
        raise UploadRefused("The file is larger than 4.5 MB: at most 4.5 MB is accepted.")
    claimed = EXTENSIONS[extension(original)]
    sniffed = filetype.guess(data)
    actual = SNIFFED.get(sniffed.mime) if sniffed else None
    if actual is None:
        raise UploadRefused("The file's content is not a PDF, JPEG, PNG or TIFF, whatever its name says.")
    if actual != claimed:
        raise UploadRefused(f"The file is named .{extension(original)} but its content is {actual.upper()}.")
    content = checked_pdf(data) if actual == "pdf" else reencoded_image(data, actual)
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
