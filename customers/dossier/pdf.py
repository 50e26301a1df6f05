"""The dossier as a PDF, drawn with the statement's page helper (``customers.statements.pdf``:
the canvas with a cursor, the running title on top of every page after the first, "Page n" at
the bottom, the page streams deflated only): a cover (the customer, who asked, when, the sections
in order, withheld ones marked), then each section's blocks. Long values wrap within their
column; a table's heading is repeated on every page it runs over.

Names and addresses come from every country, and a document handed to a regulator must show them
as they are (review 21c M4). Every text drawn goes through ``clean`` then ``_Dossier.draw``:
- bidi controls (U+202A-202E, U+2066-2069, and the invisible marks U+200E, U+200F, U+061C) are
  removed: they would let a value show other characters than it holds (a TIN "EVIL" read "LIVE");
- the text is drawn in DejaVu Sans (embedded, the glyphs used only) when the machine has it
  (``FONT_FOLDERS``: Debian's ``fonts-dejavu-core``), else in Helvetica as statements are; a
  character it lacks is drawn in a fallback font when the machine has one (``FALLBACK_FONTS``:
  Debian's ``fonts-droid-fallback`` draws Chinese, Japanese and Korean);
- a character no font here draws (CJK without the fallback font) is written as its code point
  in brackets, ``[U+738B]``, and the cover says so: never a box; so is one past U+FFFF (an
  emoji), whose text ReportLab's text layer cannot carry (a reader would copy nothing);
- a line holding Arabic or Hebrew is shaped (``arabic_reshaper``: joined letter forms) and put
  in display order (``python-bidi``, the Unicode bidi algorithm, in a left-to-right page), so
  "محمد العلي" reads right to left with its letters joined.
The mask's bullet is drawn as ``*`` (``MASK_GLYPHS``)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from ..statements.pdf import HEIGHT, LINE, MARGIN, MASK_GLYPHS, WIDTH, _Pages, _stream_encoding
from .registry import WITHHELD, Block, Fields, Table

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
TEXT = MASK_GLYPHS | str.maketrans({"→": "->", "\u00a0": " ", "\t": " "}) | str.maketrans("", "", BIDI_CONTROLS)
RIGHT_TO_LEFT = {"R", "AL"}  # bidi classes of Hebrew and Arabic letters
ESCAPE_NOTE = (
    "A character no font of this file can draw (an emoji, or a script whose font this machine lacks) is "
    "written as its Unicode code point in brackets, e.g. [U+738B], never as a box. Arabic and Hebrew are drawn "
    "right to left with their letters joined; invisible direction controls are left out."
)
CELL_SIZE = 7.5
CELL_LINE = 3.4 * mm
MAX_CELL_LINES = 60  # a cell longer than this (a pasted document in a reason) is cut, and says so
USABLE = WIDTH - 2 * MARGIN
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
# TrueType outlines only (ReportLab embeds no CFF font: Noto CJK's .ttc would not do).
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
)


@functools.cache
def fonts() -> tuple[str, str]:
    """The regular and bold fonts' names: DejaVu Sans when found, registered once; else Helvetica."""
    for folder in map(Path, FONT_FOLDERS):
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DossierSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DossierSans-Bold", str(bold)))
            return "DossierSans", "DossierSans-Bold"
    return "Helvetica", "Helvetica-Bold"


@functools.cache
def fallback_font() -> str | None:
    """The font drawing what the main one lacks (CJK), registered once; None when absent."""
    for candidate in map(Path, FALLBACK_FONTS):
        if candidate.is_file():
            pdfmetrics.registerFont(TTFont("DossierFallback", str(candidate)))
            return "DossierFallback"
    return None


@functools.cache
def _charmap(font: str) -> frozenset[int] | None:
    """The code points a TrueType font draws; None for a standard font (Helvetica: Windows-1252)."""
    face = getattr(pdfmetrics.getFont(font), "face", None)
    return frozenset(face.charToGlyph) if face is not None else None


def draws(font: str, char: str) -> bool:
    charmap = _charmap(font)
    if charmap is None:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True
    return ord(char) in charmap


def _font_of(char: str, font: str) -> str:
    """The font ``char`` is drawn in: ``font`` when it has it, else the regular one (a bold face
    may lack a glyph), else the fallback."""
    if char == " " or draws(font, char):
        return font
    for other in (fonts()[0], fallback_font()):
        if other is not None and draws(other, char):
            return other
    return font


def _runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into ``(font, piece)`` runs, each piece drawn in one font."""
    if text.isascii():  # every font here draws ASCII: the common case, at once
        return [(font, text)]
    runs: list[tuple[str, str]] = []
    for char in text:
        chosen = runs[-1][0] if char == " " and runs else _font_of(char, font)  # a space joins its run
        if runs and runs[-1][0] == chosen:
            runs[-1] = (chosen, runs[-1][1] + char)
        else:
            runs.append((chosen, char))
    return runs


def width(text: str, font: str, size: float) -> float:
    if text.isascii():
        return stringWidth(text, font, size)
    return sum(stringWidth(piece, run_font, size) for run_font, piece in _runs(text, font))


def visual(line: str) -> str:
    """One line as it is drawn: Arabic shaped and right-to-left runs in display order (the page
    reads left to right); a line without them unchanged."""
    if line.isascii() or not any(unicodedata.bidirectional(char) in RIGHT_TO_LEFT for char in line):
        return line
    return get_display(arabic_reshaper.reshape(line), base_dir="L")


class _FontPages(_Pages):
    """The statement's pages (``_Pages``: the cursor, the running title, the page numbers) in the
    dossier's fonts."""

    def __init__(self, path: Path, title: str):
        self.regular, self.bold = fonts()
        super().__init__(path, title)

    def text(self, x: float, value: str, *, size: float = 9, bold: bool = False, right: bool = False) -> None:
        """One line of ``value`` (already cut to fit) at the cursor's height: ``draw``."""
        line = clean(value)
        font = self.bold if bold else self.regular
        self.draw(x - width(line, font, size) if right else x, self.y, line, size=size, bold=bold)

    def draw(self, x: float, y: float, line: str, *, size: float, bold: bool = False) -> None:
        """A cleaned line in display order, each run in the font that has its glyphs."""
        for font, piece in _runs(visual(line), self.bold if bold else self.regular):
            self.set_font(font, size)
            self.pdf.drawString(x, y, piece)
            x += stringWidth(piece, font, size)

    def finish_page(self) -> None:
        self.set_font(self.regular, 8)
        self.pdf.drawRightString(WIDTH - MARGIN, MARGIN, f"Page {self.page}")


@dataclass(frozen=True)
class Written:
    """One section as the dossier holds it: its title and blocks (None: withheld)."""

    title: str
    blocks: Sequence[Block] | None


def _escaped(char: str) -> str:
    if char == "\n" or char == " ":
        return char
    if unicodedata.category(char) == "Cc":
        return " "
    if ord(char) > 0xFFFF:  # ReportLab's text layer maps no character past U+FFFF (an emoji): escaped
        return f"[U+{ord(char):04X}]"
    other = fallback_font()
    if draws(fonts()[0], char) or (other is not None and draws(other, char)):
        return char
    return f"[U+{ord(char):04X}]"


def clean(value: object) -> str:
    """``value`` as it may be drawn: bidi controls removed, what no font draws escaped (``[U+…]``)."""
    text = str(value).translate(TEXT)
    if text.isascii():
        return text
    return "".join(map(_escaped, unicodedata.normalize("NFC", text)))


def _cut(line: str, font: str, size: float, room: float) -> list[str]:
    """A line with a word wider than ``room`` (a hash, a long file name), cut where it must be."""
    pieces = []
    while len(line) > 1 and width(line, font, size) > room:
        cut = max(1, int(len(line) * room / width(line, font, size)))
        while cut > 1 and width(line[:cut], font, size) > room:
            cut -= 1
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line]


def _split(paragraph: str, font: str, size: float, room: float) -> list[str]:
    """Words on lines no wider than ``room`` (a word wider alone is cut by ``_cut``)."""
    lines: list[str] = []
    for word in paragraph.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and width(candidate, font, size) <= room:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _lines(value: str, room: float, *, bold: bool = False, size: float = CELL_SIZE) -> list[str]:
    font = fonts()[1 if bold else 0]
    lines: list[str] = []
    for paragraph in clean(value).split("\n"):
        for line in _split(paragraph, font, size, room) or [""]:
            lines.extend(_cut(line, font, size, room))
    if len(lines) > MAX_CELL_LINES:
        lines = [*lines[: MAX_CELL_LINES - 1], "[… cut here: see the audit log or the profile]"]
    return lines


class _Dossier:
    def __init__(self, path: Path, title: str):
        self.pages = _FontPages(path, title)

    def gap(self, height: float) -> None:
        self.pages.y -= height

    def heading(self, number: int, title: str) -> None:
        pages = self.pages
        pages.need(6 * LINE)
        self.gap(LINE)
        pages.text(MARGIN, f"{number}. {title}", size=12, bold=True)
        self.gap(1.5 * LINE)

    def paragraph(self, value: str, *, size: float = 9, bold: bool = False) -> None:
        pages = self.pages
        for line in _lines(value, USABLE, bold=bold, size=size):
            pages.need(LINE)
            pages.text(MARGIN, line, size=size, bold=bold)
            self.gap(LINE)

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        pages, label_width = self.pages, 45 * mm
        for label, value in rows:
            lines = _lines(value, USABLE - label_width, size=9)
            pages.need(LINE * len(lines))
            pages.text(MARGIN, label, size=9, bold=True)
            for line in lines:
                pages.text(MARGIN + label_width, line, size=9)
                self.gap(LINE)

    def table(self, table: Table) -> None:
        pages = self.pages
        total = sum(weight for _, weight in table.columns)
        widths = [USABLE * weight / total for _, weight in table.columns]
        xs = [MARGIN + sum(widths[:i]) for i in range(len(widths))]

        def header() -> None:
            for x, (title, _) in zip(xs, table.columns, strict=True):
                pages.text(x, title, size=CELL_SIZE, bold=True)
            self.gap(0.6 * LINE)
            pages.pdf.setLineWidth(0.3)
            pages.pdf.line(MARGIN, pages.y + 2, WIDTH - MARGIN, pages.y + 2)
            self.gap(0.6 * LINE)

        if not table.rows:
            self.paragraph(table.empty, size=8)
            return
        pages.need(3 * LINE)
        header()
        for row in table.rows:
            cells = [_lines(value, width - 2 * mm) for value, width in zip(row, widths, strict=True)]
            height = max(len(cell) for cell in cells) * CELL_LINE + 1.5 * mm
            pages.need(height, header)
            for x, cell in zip(xs, cells, strict=True):
                for index, line in enumerate(cell):
                    pages.draw(x, pages.y - index * CELL_LINE, line, size=CELL_SIZE)
            self.gap(height)
        self.gap(0.5 * LINE)

    def block(self, block: Block) -> None:
        if isinstance(block, Fields):
            self.fields(block.rows)
        elif isinstance(block, Table):
            self.table(block)
        elif block.subtitle:
            self.pages.need(4 * LINE)
            self.gap(0.5 * LINE)
            self.paragraph(block.text, size=10, bold=True)
        else:
            self.paragraph(block.text, size=8)

    def new_page(self) -> None:
        pages = self.pages
        pages.y = MARGIN  # ``need`` then turns the page and draws the running title
        pages.need(LINE)


def write_dossier(
    path: Path,
    *,
    title: str,
    cover: Sequence[tuple[str, str]],
    sections: Sequence[Written],
    progress: Callable[[int], object] = lambda done: None,
) -> int:
    """Draw the dossier into ``path``; returns its page count."""
    dossier = _Dossier(path, clean(title))
    pages = dossier.pages
    pages.y = HEIGHT - MARGIN - 10 * mm
    pages.text(MARGIN, "Regulator dossier", size=20, bold=True)
    dossier.gap(12 * mm)
    dossier.fields(cover)
    dossier.gap(LINE)
    pages.text(MARGIN, "Sections", size=12, bold=True)
    dossier.gap(1.5 * LINE)
    for number, section in enumerate(sections, start=1):
        withheld = "  (withheld for the requester's role)" if section.blocks is None else ""
        dossier.paragraph(f"{number}. {section.title}{withheld}", size=10)
    dossier.gap(LINE)
    dossier.paragraph(
        "Every value is as the requester may see it: personal data masked and confidential values hidden for a role "
        "that may not see them whole. Documents are listed with their SHA-256; their files are not included. The "
        "SHA-256 of this file is recorded in the audit log when it is built. " + ESCAPE_NOTE,
        size=8,
    )
    dossier.new_page()  # the sections start on a page of their own, then follow each other
    for number, section in enumerate(sections, start=1):
        dossier.heading(number, section.title)
        if section.blocks is None:
            dossier.paragraph(WITHHELD, size=9)
        else:
            for block in section.blocks:
                dossier.block(block)
        progress(number)
    pages.finish_page()
    with _stream_encoding():
        pages.pdf.save()
    return pages.page
