"""Upload safety for KYC documents (DESIGN.md "Security rules"), the one place that decides
whether a file may be kept.

A file is accepted only when every check passes, and nothing is written before that:

- its name (``names``): no NUL byte, no control, right-to-left or invisible format character,
  no pile of accents on one letter, no folder (``/``,
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

A whole upload (up to ``MAX_FILES`` files, the pages of one document) is bounded too
(``inspect_uploads``): its images together at most ``MAX_UPLOAD_PIXELS`` by their headers, before
any is decoded, and its checks together at most ``UPLOAD_SECONDS``. Every file is checked and
every bad one named with its reason; nothing is kept unless all pass.

``store`` then writes the clean bytes under a random name in a private folder (never served
statically), through a temporary file renamed into place.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype

from .images import declared_pixels, reencoded_image
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
    "inspect_uploads",
    "read_bounded",
    "shown_name",
    "store",
]

MAX_FILES = 20  # the pages of one document, in one upload
# Twenty phone photos of 12 megapixels (4032 × 3024) fit; twenty 40-megapixel images do not.
MAX_UPLOAD_PIXELS = 250_000_000
UPLOAD_SECONDS = 30.0
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
    original, kind = _identified(name, data)
    return _cleaned(original, kind, data)


def _identified(name: str, data: bytes) -> tuple[str, str]:
    """The name to keep and the kind of content, from the name, the size and the magic bytes
    (quick: nothing is parsed yet)."""
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
    return original, actual


def _cleaned(original: str, kind: str, data: bytes, deadline: float | None = None) -> CleanFile:
    content = checked_pdf(data, deadline=deadline) if kind == "pdf" else reencoded_image(data, kind)
    return CleanFile(content=content, kind=kind, original_name=original)


def inspect_uploads(files: list[tuple[str, bytes]]) -> list[CleanFile]:
    """Every file of one upload made safe to keep, or ``UploadRefused`` saying that nothing was
    uploaded, which files were fine and why each other one was refused (a single file: its
    reason only). The upload as a whole is held to ``MAX_UPLOAD_PIXELS`` and ``UPLOAD_SECONDS``."""
    deadline = time.monotonic() + UPLOAD_SECONDS
    reasons: dict[int, str] = {}
    identified: dict[int, tuple[str, str]] = {}
    for index, (name, data) in enumerate(files):
        try:
            identified[index] = _identified(name, data)
        except UploadRefused as error:
            reasons[index] = str(error)
    pixels = sum(declared_pixels(files[i][1], kind) for i, (_, kind) in identified.items() if kind != "pdf")
    if pixels > MAX_UPLOAD_PIXELS:
        raise UploadRefused(
            f"Nothing was uploaded: these images hold {pixels // 1_000_000} megapixels together, more than one "
            f"upload may check (at most {MAX_UPLOAD_PIXELS // 1_000_000}): upload the pages in several goes, "
            "or scan them at a lower resolution."
        )
    cleaned: dict[int, CleanFile] = {}
    for index, (original, kind) in identified.items():
        if time.monotonic() > deadline:
            raise UploadRefused(
                f"Nothing was uploaded: checking these files took more than {UPLOAD_SECONDS:.0f} seconds: "
                "upload the pages in several goes."
            )
        try:
            cleaned[index] = _cleaned(original, kind, files[index][1], deadline)
        except UploadRefused as error:
            reasons[index] = str(error)
    if reasons:
        raise UploadRefused(_refusal(files, reasons))
    return [cleaned[index] for index in range(len(files))]


def _refusal(files: list[tuple[str, bytes]], reasons: dict[int, str]) -> str:
    """ "bad.pdf: reason" for one file; for several, what became of each."""
    if len(files) == 1:
        return f"{shown_name(files[0][0])}: {reasons[0]}"
    parts = [
        f"{shown_name(name)}: {reasons[index]}" if index in reasons else f"{shown_name(name)} is fine."
        for index, (name, _) in enumerate(files)
    ]
    return "Nothing was uploaded. " + " ".join(parts)


def store(clean: CleanFile, folder: Path) -> str:
    """Write ``clean`` under a new random name in ``folder``; return that name. The bytes go to
    a temporary file first, renamed into place, so a crash never leaves half a document."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{clean.extension}"
    temporary = folder / f".{name}.part"
    temporary.write_bytes(clean.content)
    temporary.replace(folder / name)
    return name
