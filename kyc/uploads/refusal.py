"""What every check raises, and the patterns several checks share."""

from __future__ import annotations

import re

MAX_BYTES = 4_718_592  # 4.5 MB (T: "at most 4.5 MB")
MAX_PIXELS = 40_000_000  # a 40-megapixel scan is plenty; more is a decompression bomb

# Web pages and scripts must never ride inside a document (long patterns: a scan's binary data
# does not produce them by chance).
HIDDEN_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed)\b|<\?php|javascript:", re.IGNORECASE)

REPRINT = "print it to a new PDF or scan the paper document"


class UploadRefused(ValueError):
    """The file is refused; the message says why, in words for the staff member."""
