"""A document's pages as images, for the viewer beside the declared data (pre-review, review).

A PDF is never put in the page: its pages are rendered to PNG here, server-side, and served
through ``kyc-document-page`` (permission-checked and audited like the file itself). A TIFF,
which browsers do not show, becomes its one page the same way.

Rendering runs in a child process (``kyc/page_renderer.py``) with a time budget and memory and
CPU limits, so a hostile file (10,000 pages, a 100,000 pt page, a content stream that never
ends) costs one child's budget and answers with a message, never an image or a stuck worker:

- at most ``MAX_PAGES`` pages are rendered; the viewer says how many the file has;
- a page is at most ``SIZES[size]`` pixels on its longest side (and at most 200 dpi); a page
  box larger than ISO 32000 allows (200 inches) is not rendered;
- one render is killed after ``settings.KYC_PAGE_RENDER_SECONDS``.

Rendered pages go to the cache (document id + file digest + size + page), never to a file a web
server could serve; the outline (page count, thumbnails) is rendered once for every page.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from .models import Document

MAX_PAGES = 20
SIZES = {"page": 1600, "thumb": 200}  # the longest side, in pixels
RENDERER = Path(__file__).with_name("page_renderer.py")
PDF, TIFF = "application/pdf", "image/tiff"

DAMAGED = "This file is damaged: its pages cannot be shown here. Download it to look at it."
FAILURE_SECONDS = 60  # how long a page that could not be rendered is not tried again
TOO_SLOW = "This file takes too long to show (more than {seconds} s): download it to look at it."
MISSING = "The file of this document is missing."
NO_PAGE = "This document has no page {number}."
TOO_LARGE = (
    "Page {number} measures {width:,} × {height:,} pt, more than a PDF page may (14,400 pt): it is not shown. "
    "Download the file to look at it."
)
FIRST_PAGES = "This PDF has {total:,} pages: the first {shown} are shown here. Download it for the others."


class PageUnavailable(Exception):
    """The page has no image; ``message`` says why, in words for the staff member."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Outline:
    """What the viewer shows of a document: its pages (those with an image) and what it says."""

    total: int = 0  # pages in the file
    pages: tuple[int, ...] = ()  # the pages rendered, from 1
    notes: tuple[str, ...] = ()  # what is not shown, and why
    error: str = ""  # nothing is shown, and why
    refused: dict[int, str] = field(default_factory=dict)  # page → why it has no image

    @property
    def several(self) -> bool:
        return len(self.pages) > 1


def rendered(document: Document) -> bool:
    """Shown as rendered pages (a PDF, a TIFF); a JPEG or PNG is shown as it is."""
    return document.content_type in (PDF, TIFF)


def _key(document: Document, *parts: object) -> str:
    return ":".join(["kyc-pages", str(document.pk), document.sha256[:16], *map(str, parts)])


def _render(document: Document, size: str, pages: str) -> tuple[dict, dict[int, bytes]]:
    """Run the renderer; return its header and the PNG of each page it rendered."""
    path = settings.KYC_DOCUMENTS_DIR / document.stored_name
    if not path.is_file():
        return {"error": "missing"}, {}
    kind = "pdf" if document.content_type == PDF else "image"
    command = [sys.executable, "-I", str(RENDERER), str(path), kind, str(SIZES[size]), str(MAX_PAGES), pages]
    try:
        done = subprocess.run(  # noqa: S603 - fixed script, arguments from our own settings and model
            command, capture_output=True, timeout=settings.KYC_PAGE_RENDER_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": "slow"}, {}
    header_line, _, body = done.stdout.partition(b"\n")
    try:
        header = json.loads(header_line) if done.returncode == 0 else {"error": "damaged"}
    except ValueError:
        header = {"error": "damaged"}
    images, offset = {}, 0
    for image in header.get("images", []):
        if "length" in image:
            images[image["n"]] = body[offset : offset + image["length"]]
            offset += image["length"]
    return header, images


def _message(reason: str, number: int = 0, size: list[int] | None = None) -> str:
    if reason == "too-large" and size:
        return TOO_LARGE.format(number=number, width=size[0], height=size[1])
    if reason == "slow":
        return TOO_SLOW.format(seconds=settings.KYC_PAGE_RENDER_SECONDS)
    if reason == "missing" and not number:
        return MISSING
    if reason == "missing":
        return NO_PAGE.format(number=number)
    return DAMAGED


def preview_outline(document: Document) -> Outline | None:
    """What the viewer (``kyc/_preview.html``) shows of ``document``: its rendered pages, or
    None for an image shown as it is."""
    return outline(document) if rendered(document) else None


def outline(document: Document) -> Outline:
    """The document's pages and thumbnails, rendered once (cached with the thumbnails); a
    second caller meanwhile waits for the first instead of rendering again."""
    key = _key(document, "outline")
    found = cache.get(key)
    if found is not None:
        return found
    lock = _key(document, "rendering")
    budget = settings.KYC_PAGE_RENDER_SECONDS
    if not cache.add(lock, True, timeout=budget + 5):
        deadline = time.monotonic() + budget + 1
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if (found := cache.get(key)) is not None:
                return found
    try:
        header, images = _render(document, "thumb", "all")
        if "error" in header:
            result = Outline(error=_message(header["error"]))
        else:
            refused = {
                image["n"]: _message(image["refused"], image["n"], image.get("size"))
                for image in header["images"]
                if "refused" in image
            }
            total = header["pages"]
            notes = list(refused.values())
            if total > MAX_PAGES:
                notes.insert(0, FIRST_PAGES.format(total=total, shown=MAX_PAGES))
            # Not one page shown: the reason is the last page's (a single page too large), else damaged.
            error = "" if images else (notes[-1] if notes else DAMAGED)
            result = Outline(total, tuple(sorted(images)), tuple(notes), error, refused)
        cache.set_many({_key(document, "thumb", n): png for n, png in images.items()}, settings.KYC_PAGE_CACHE_SECONDS)
        # A file too slow under today's load may render later: that verdict is kept a minute only.
        too_slow = result.error == TOO_SLOW.format(seconds=settings.KYC_PAGE_RENDER_SECONDS)
        cache.set(key, result, FAILURE_SECONDS if too_slow else settings.KYC_PAGE_CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return result


def page_image(document: Document, number: int, size: str = "page") -> bytes:
    """The PNG of page ``number`` at ``size`` ("page" or "thumb"), or ``PageUnavailable``."""
    if size not in SIZES:
        raise PageUnavailable(f"No image size {size!r}.")
    key = _key(document, size, number)
    if (png := cache.get(key)) is not None:
        return png
    pages = outline(document)
    if pages.error:
        raise PageUnavailable(pages.error)
    if number not in pages.pages:
        raise PageUnavailable(pages.refused.get(number) or NO_PAGE.format(number=number))
    if size == "thumb" and (png := cache.get(key)) is not None:
        return png
    failed = _key(document, size, number, "failed")
    if (reason := cache.get(failed)) is not None:
        raise PageUnavailable(reason)  # not rendered again at each request for a minute
    header, images = _render(document, size, str(number))
    if number not in images:
        reason = _message(header["error"]) if "error" in header else DAMAGED
        cache.set(failed, reason, FAILURE_SECONDS)
        raise PageUnavailable(reason)
    cache.set(key, images[number], settings.KYC_PAGE_CACHE_SECONDS)
    return images[number]
