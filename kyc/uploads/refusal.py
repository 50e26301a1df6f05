"""What every check raises, and the patterns several checks share."""

from __future__ import annotations

import re

MAX_BYTES = 4_718_592  # 4.5 MB (T: "at most 4.5 MB")
MAX_PIXELS = 40_000_000  # a 40-megapixel scan is plenty; more is a decompression bomb

# Web pages and scripts must never ride inside a document (long patterns: a scan's binary data
# does not produce them by chance).
HIDDEN_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed)\b|<\?php|javascript:", re.IGNORECASE)

# In text (a PDF's own syntax, outside its binary streams): any HTML element that can run
# script or load something, and any tag with an event handler attribute (onerror=, ontoggle=).
# Too short a pattern to search binary data with: there it would match by chance.
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|iframe|frame|svg|object|embed|img|image|video|audio|math|form|meta|link|base|style)\b"
    rb"|<\s*a\b[^<>]{0,1000}?\bhref\s*=\s*[\"']?\s*(?:javascript|vbscript|data)\s*(?::|&#)"
    rb"|<\s*[a-z][a-z0-9-]*\b[^<>]{0,1000}?[\s\"'/]on[a-z]{3,}\s*="
    rb"|<\?php|javascript\s*:",
    re.IGNORECASE,
)

REPRINT = "print it to a new PDF or scan the paper document"


class UploadRefused(ValueError):
    """The file is refused; the message says why, in words for the staff member."""


def hides_markup(text: bytes) -> bool:
    return ACTIVE_MARKUP.search(text) is not None
