"""The client's file name: checked, then kept for display only (files are stored under a random
name). A name is at most 255 characters from a browser, the column holds 200: a long name is
shortened in its middle part, never losing its extension.

A name is kept in its composed form (NFC). Refused: invisible format characters (zero-width
space, word joiner, direction overrides: they make two names look alike or reorder one), and
accents stacked on one letter (more than ``MAX_MARKS``: they draw over the lines around)."""

from __future__ import annotations

import unicodedata

from .refusal import UploadRefused

EXTENSIONS = {"pdf": "pdf", "jpg": "jpeg", "jpeg": "jpeg", "png": "png", "tif": "tiff", "tiff": "tiff"}
KEPT_LENGTH = 200  # Document.original_name's max_length
# Characters that reorder or hide what a name shows (U+202E turns "gpj.exe" into "exe.jpg").
MAX_MARKS = 3  # combining marks on one letter: Hebrew's shin dot, dagesh and vowel need three
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _hidden(char: str) -> bool:
    return char in BIDI_CONTROLS or unicodedata.category(char) == "Cc"


def _stacked_marks(name: str) -> int:
    """The most combining marks in a row."""
    most = run = 0
    for char in name:
        run = run + 1 if unicodedata.combining(char) else 0
        most = max(most, run)
    return most


def checked_name(name: str) -> str:
    """The name to keep, or ``UploadRefused``."""
    name = unicodedata.normalize("NFC", name)
    if "\x00" in name:
        raise UploadRefused("The file name contains a NUL character: rename the file and upload it again.")
    if any(_hidden(char) for char in name):
        raise UploadRefused(
            "The file name contains a control or right-to-left character that disguises it: "
            "rename the file and upload it again."
        )
    if any(unicodedata.category(char) == "Cf" for char in name):
        raise UploadRefused(
            "The file name contains an invisible character (a zero-width space, joiner or format mark): "
            "rename the file and upload it again."
        )
    if _stacked_marks(name) > MAX_MARKS:
        raise UploadRefused(
            f"The file name has more than {MAX_MARKS} accents stacked on one letter: "
            "rename the file and upload it again."
        )
    if "/" in name or "\\" in name or name in {"", ".", ".."} or ".." in name:
        raise UploadRefused("The file name contains a folder or '..': rename the file and upload it again.")
    if extension(name) not in EXTENSIONS:
        raise UploadRefused("Only PDF, JPEG, PNG and TIFF files are accepted (.pdf, .jpg, .jpeg, .png, .tif, .tiff).")
    return shortened(name)


def shortened(name: str, length: int = KEPT_LENGTH) -> str:
    """``name`` in at most ``length`` characters, its extension kept: "long…name.pdf"."""
    if len(name) <= length:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        return name[: length - 1] + "…"
    return f"{stem[: length - len(ext) - 2]}….{ext}"


def shown_name(name: str) -> str:
    """``name`` safe to repeat in a message: nothing hidden or reordering, at most 80 characters."""
    return shortened("".join(char for char in name if not _hidden(char)), 80)
