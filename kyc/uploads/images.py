"""Images (JPEG, PNG, TIFF): decoded and re-encoded, which drops whatever rode along (metadata,
trailing data, other frames).

The pixel limit is this module's own: the size in the image's header is compared with
``MAX_PIXELS`` before a single pixel is decoded. Pillow's process-wide ``Image.MAX_IMAGE_PIXELS``
(and the warnings filters) are never changed, so one upload cannot loosen or tighten the limit
of another running at the same time.
"""

from __future__ import annotations

import io
import re

from PIL import Image

from .refusal import HIDDEN_MARKUP, MAX_PIXELS, UploadRefused

# What Pillow calls each kind; a phone's JPEG with a second, depth or preview picture opens as MPO.
PILLOW_FORMATS = {"jpeg": ("JPEG", "MPO"), "png": ("PNG",), "tiff": ("TIFF",)}
# Another file glued after an image's end (a polyglot): an archive, a PDF, a page.
GLUED_FILE = re.compile(rb"PK\x03\x04|%PDF-|<\s*(html|script)", re.IGNORECASE)
TOO_LARGE = "This image is too large in pixels to be a document scan (at most 40 megapixels)."
DAMAGED = "This image is damaged or not really an image: take the photo or scan again."
SEVERAL = (
    "This image has several pages or frames and only one would be kept: upload each page as its own file, or a PDF."
)


def _image_end(data: bytes, kind: str) -> int:
    """Where to look for a glued file: after a PNG's IEND chunk; anywhere in a JPEG or TIFF
    (their end markers also occur inside thumbnails, so the whole file is searched)."""
    if kind == "png":
        found = data.find(b"IEND")
        return found + 8 if found >= 0 else 0
    return 0


def _opened(data: bytes, kind: str) -> Image.Image:
    """The image with only its header read, refused when its size or frames are not a scan's."""
    image = Image.open(io.BytesIO(data), formats=PILLOW_FORMATS[kind])
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise UploadRefused(TOO_LARGE)
    # is_animated only looks for a second frame (n_frames would walk them all).
    if kind != "jpeg" and getattr(image, "is_animated", False):
        image.close()
        raise UploadRefused(SEVERAL)
    return image


def declared_pixels(data: bytes, kind: str) -> int:
    """The pixels the image's header declares (0 when it has none to read: the full check
    refuses it); nothing is decoded."""
    try:
        with Image.open(io.BytesIO(data), formats=PILLOW_FORMATS[kind]) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        return MAX_PIXELS + 1
    except Exception:  # a damaged header: refused with its reason by the full check
        return 0
    return width * height


def reencoded_image(data: bytes, kind: str) -> bytes:
    """The image's pixels in a new file of the same kind, or ``UploadRefused``."""
    if HIDDEN_MARKUP.search(data):
        raise UploadRefused("This image hides a web page or a script: upload a plain photo or scan.")
    if GLUED_FILE.search(data, _image_end(data, kind)):
        raise UploadRefused("Another file is glued after this image: upload a plain photo or scan.")
    try:
        with _opened(data, kind) as probe:
            probe.verify()
        with _opened(data, kind) as image:
            image.load()
            if image.mode not in ("1", "L", "RGB", "RGBA", "CMYK", "P", "LA", "I;16", "I"):
                image = image.convert("RGB")
            if kind == "jpeg" and image.mode not in ("L", "RGB", "CMYK"):
                image = image.convert("RGB")
            out = io.BytesIO()
            options = {"quality": 90} if kind == "jpeg" else {"compression": "tiff_deflate"} if kind == "tiff" else {}
            image.save(out, format=PILLOW_FORMATS[kind][0], **options)
    except UploadRefused:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own, larger, limit: refused all the same
        raise UploadRefused(TOO_LARGE) from error
    except Exception as error:  # UnidentifiedImageError, OSError, ... or whatever a crafted file makes Pillow raise
        raise UploadRefused(DAMAGED) from error
    return out.getvalue()
