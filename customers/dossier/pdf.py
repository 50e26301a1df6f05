"""The dossier as a PDF, drawn with the statement's page helper (``customers.statements.pdf``:
the canvas with a cursor, the running title on top of every page after the first, "Page n" at
the bottom, the page streams deflated only): a cover (the customer, who asked, when, the sections
in order, withheld ones marked), then each section's blocks. Long values wrap within their
column; a table's heading is repeated on every page it runs over.

Names and addresses come from every country, so the text is drawn in DejaVu Sans (embedded, the
glyphs used only) when the machine has it (``FONT_FOLDERS``: Debian's ``fonts-dejavu-core``);
without it, in Helvetica as statements are, which draws Windows-1252 only (a Polish "ę" or a
Cyrillic name then shows as boxes). The mask's bullet is drawn as ``*`` (``MASK_GLYPHS``)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from ..statements.pdf import HEIGHT, LINE, MARGIN, MASK_GLYPHS, WIDTH, _Pages, _stream_encoding
from .registry import WITHHELD, Block, Fields, Table

TEXT = MASK_GLYPHS | str.maketrans({"→": "->", "\u00a0": " "})
CELL_SIZE = 7.5
CELL_LINE = 3.4 * mm
MAX_CELL_LINES = 60  # a cell longer than this (a pasted document in a reason) is cut, and says so
USABLE = WIDTH - 2 * MARGIN
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


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


class _FontPages(_Pages):
    """The statement's pages (``_Pages``: the cursor, the running title, the page numbers) in the
    dossier's fonts."""

    def __init__(self, path: Path, title: str):
        self.regular, self.bold = fonts()
        super().__init__(path, title)

    def text(self, x: float, value: str, *, size: float = 9, bold: bool = False, right: bool = False) -> None:
        self.set_font(self.bold if bold else self.regular, size)
        (self.pdf.drawRightString if right else self.pdf.drawString)(x, self.y, value)

    def finish_page(self) -> None:
        self.set_font(self.regular, 8)
        self.pdf.drawRightString(WIDTH - MARGIN, MARGIN, f"Page {self.page}")


@dataclass(frozen=True)
class Written:
    """One section as the dossier holds it: its title and blocks (None: withheld)."""

    title: str
    blocks: Sequence[Block] | None


def clean(value: object) -> str:
    return str(value).translate(TEXT)


def _cut(line: str, font: str, size: float, width: float) -> list[str]:
    """A line with a word wider than ``width`` (a hash, a long file name), cut where it must be."""
    pieces = []
    while len(line) > 1 and stringWidth(line, font, size) > width:
        cut = max(1, int(len(line) * width / stringWidth(line, font, size)))
        while cut > 1 and stringWidth(line[:cut], font, size) > width:
            cut -= 1
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line]


def _lines(value: str, width: float, *, bold: bool = False, size: float = CELL_SIZE) -> list[str]:
    font = fonts()[1 if bold else 0]
    lines: list[str] = []
    for paragraph in clean(value).split("\n"):
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            lines.extend(_cut(line, font, size, width))
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
        pages.text(MARGIN, clean(f"{number}. {title}"), size=12, bold=True)
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
            pages.text(MARGIN, clean(label), size=9, bold=True)
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
                pages.text(x, clean(title), size=CELL_SIZE, bold=True)
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
                    pages.set_font(pages.regular, CELL_SIZE)
                    pages.pdf.drawString(x, pages.y - index * CELL_LINE, line)
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
    dossier = _Dossier(path, title)
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
        "SHA-256 of this file is recorded in the audit log when it is built.",
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
