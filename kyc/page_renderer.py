"""Renders a KYC document's pages to PNG in a child process (``kyc.document_pages`` runs it).

Run as a script, never imported by Django: the parent kills it when its time budget is spent,
and the limits set first here bound its memory and CPU, so a hostile file costs at most one
child's budget. It reads the stored file, never the network, and writes on standard output a
JSON line then the PNGs it announces::

    python -I page_renderer.py PATH KIND LONGEST_SIDE MAX_PAGES PAGES

``KIND`` is ``pdf`` or ``image``; ``PAGES`` is ``all`` (the first ``MAX_PAGES``) or page
numbers separated by commas (from 1). The JSON line: ``{"pages": N, "images": [{"n": 1,
"length": L} | {"n": 1, "refused": "too-large", "size": [w, h]}]}``, or ``{"error": "damaged"}``.
"""

from __future__ import annotations

import io
import json
import resource
import sys

MEMORY_LIMIT = 1 << 30  # address space: a page bitmap is at most 1600 × 1600 × 4 bytes
CPU_SECONDS = 30  # a backstop: the parent's budget is shorter
MAX_DPI = 200  # a small page is not blown up past this
MAX_PAGE_POINTS = 14_400  # 200 inches: the largest page ISO 32000 allows
MAX_IMAGE_PIXELS = 50_000_000


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _pdf(path: str, longest: int, max_pages: int, wanted: list[int] | None) -> tuple[dict, list[bytes]]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return {"error": "damaged"}, []
    total = len(document)
    numbers = wanted if wanted is not None else list(range(1, min(total, max_pages) + 1))
    images, blobs = [], []
    for number in numbers:
        if not 1 <= number <= min(total, max_pages):
            images.append({"n": number, "refused": "missing"})
            continue
        try:
            page = document[number - 1]
            width, height = page.get_size()
        except pdfium.PdfiumError:
            images.append({"n": number, "refused": "damaged"})
            continue
        if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
            images.append({"n": number, "refused": "too-large", "size": [round(width), round(height)]})
            continue
        scale = min(longest / max(width, height), MAX_DPI / 72)
        try:
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255), draw_annots=True, may_draw_forms=False)
            blob = _png(bitmap.to_pil())
        except pdfium.PdfiumError:
            images.append({"n": number, "refused": "damaged"})
            continue
        images.append({"n": number, "length": len(blob)})
        blobs.append(blob)
    return {"pages": total, "images": images}, blobs


def _image(path: str, longest: int, wanted: list[int] | None) -> tuple[dict, list[bytes]]:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            image.thumbnail((longest, longest))
            blob = _png(image.convert("RGBA" if "A" in image.getbands() else "RGB"))
    except (OSError, ValueError, Image.DecompressionBombError):
        return {"error": "damaged"}, []
    images: list[dict] = []
    blobs = []
    for number in wanted if wanted is not None else [1]:
        if number == 1:
            images.append({"n": 1, "length": len(blob)})
            blobs.append(blob)
        else:
            images.append({"n": number, "refused": "missing"})
    return {"pages": 1, "images": images}, blobs


def main(argv: list[str]) -> int:
    _limit()
    path, kind, longest, max_pages, pages = argv
    wanted = None if pages == "all" else [int(number) for number in pages.split(",")]
    if kind == "pdf":
        header, blobs = _pdf(path, int(longest), int(max_pages), wanted)
    else:
        header, blobs = _image(path, int(longest), wanted)
    out = sys.stdout.buffer
    out.write(json.dumps(header).encode() + b"\n")
    for blob in blobs:
        out.write(blob)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
