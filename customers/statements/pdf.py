"""The statement as a PDF that looks like a bank statement: a header with the customer's name and
address on the first page, per account its IBAN, opening balance, the transactions with the running
balance, the totals and the closing balance; every page numbered. ReportLab's canvas draws page by
page; the rows stream from the database, and the canvas keeps each finished page until ``save()``
(about 0.4 MB per 1,000 rows).

A transaction row is five cells in the same font. ``setFont`` + ``drawString`` spent ~20 µs on each (a text
object, a width measured for nothing, every coordinate formatted): most of a 100,000-row
statement's time. ``_Pages.row`` writes the very operators ``drawString`` would, for the five
cells at once: the x positions and the rows' y positions formatted once, the right-aligned amounts
measured with the font's width table, the text encoded and escaped with one table lookup, the
font set once per page rather than once per cell. A cell the font cannot encode goes through
``drawString`` as before.

The pages' streams are stored deflated only, not also ASCII85-encoded (ReportLab's default, a
7-bit-safe text form 25 % bigger, which its Python encoder spends 40 % of the remaining time
on): ``save()`` runs with ReportLab's ``useA85`` setting off, then puts it back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from .rows import Line, Statement
from .writers import PROGRESS_EVERY, Progress

WIDTH, HEIGHT = A4
MARGIN = 15 * mm
LINE = 4.6 * mm
COLUMNS = [(MARGIN, "Date"), (MARGIN + 22 * mm, "Value"), (MARGIN + 42 * mm, "Label / counterparty")]
AMOUNT_X, BALANCE_X = WIDTH - MARGIN - 32 * mm, WIDTH - MARGIN
MASK_GLYPHS = str.maketrans({"•": "*"})  # Helvetica, a PDF's standard font, draws no bullet
ROW_FONT, ROW_SIZE = "Helvetica", 8
ASCII85 = False  # page streams also ASCII85-encoded (ReportLab's default), or deflated only


@contextmanager
def _stream_encoding() -> Iterator[None]:
    """ReportLab reads ``rl_config.useA85`` when ``save()`` formats the pages: set for that call."""
    before = rl_config.useA85
    rl_config.useA85 = int(ASCII85)
    try:
        yield
    finally:
        rl_config.useA85 = before


def _escapes(font_name: str) -> dict[int, str]:
    """Each character the font's encoding has, as it appears inside a PDF string: the byte of the
    encoding, escaped as ReportLab's ``escapePDF`` does (octal outside printable ASCII, a backslash
    before ``\\ ( )``). Printable ASCII other than those three stays itself."""
    encoding = pdfmetrics.getFont(font_name).encName
    table = {}
    for byte in range(256):
        try:
            char = bytes([byte]).decode(encoding)
            if char.encode(encoding) != bytes([byte]):  # an unused code point decoded as a space, say
                continue
        except UnicodeError:
            continue
        if byte < 32 or byte >= 127:
            table[ord(char)] = f"\\{byte:03o}"
        elif char in "\\()":
            table[ord(char)] = "\\" + char
    return table


ESCAPES = _escapes(ROW_FONT)
# Glyph widths (thousandths of the font size) of what a right-aligned amount holds: digits, the
# thousands comma, the decimal point and the minus sign.
_WIDTHS = pdfmetrics.getFont(ROW_FONT).widths
AMOUNT_WIDTHS = {char: _WIDTHS[ord(char)] for char in "0123456789,.-"}


class _Pages:
    """The canvas with a cursor; a new page (numbered at the bottom) when the cursor reaches it."""

    def __init__(self, path: Path, title: str):
        self.pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
        self.pdf.setTitle(title)
        self.title, self.page, self.y = title, 1, HEIGHT - MARGIN
        self.font: tuple[str, float] | None = None  # what this page's stream last set
        self.x_left = [fp_str(x) for x, _ in COLUMNS]
        self.y_text: dict[float, str] = {}  # every page has its rows at the same heights
        self.x_right: dict[tuple[float, int], str] = {}  # by right edge and width

    def need(self, height: float, heading=None) -> None:
        if self.y - height < MARGIN + 10 * mm:
            self.finish_page()
            self.pdf.showPage()
            self.font = None  # a new page starts in the canvas's initial font
            self.page += 1
            self.y = HEIGHT - MARGIN
            self.text(MARGIN, self.title, size=8)
            self.y -= LINE
            if heading:
                heading()

    def finish_page(self) -> None:
        self.set_font("Helvetica", 8)
        self.pdf.drawRightString(WIDTH - MARGIN, MARGIN, f"Page {self.page}")

    def set_font(self, name: str, size: float) -> None:
        if self.font != (name, size):
            self.pdf.setFont(name, size)
            self.font = (name, size)

    def text(self, x: float, value: str, *, size: float = 9, bold: bool = False, right: bool = False) -> None:
        self.set_font("Helvetica-Bold" if bold else "Helvetica", size)
        (self.pdf.drawRightString if right else self.pdf.drawString)(x, self.y, value)

    def row(self, booked: str, value_date: str, label: str, amount: str, balance: str) -> None:
        """One transaction's five cells, as ``text(…, size=8)`` would draw them."""
        self.set_font(ROW_FONT, ROW_SIZE)
        escaped = label.translate(ESCAPES)
        if not (escaped.isascii() and escaped.isprintable()):  # a character Helvetica cannot encode
            for x, value in zip((x for x, _ in COLUMNS), (booked, value_date, label), strict=True):
                self.text(x, value, size=ROW_SIZE)
            self.text(AMOUNT_X, amount, size=ROW_SIZE, right=True)
            self.text(BALANCE_X, balance, size=ROW_SIZE, right=True)
            return
        y = self.y_text.get(self.y)
        if y is None:
            y = self.y_text[self.y] = fp_str(self.y)
        x0, x1, x2 = self.x_left
        self.pdf.addLiteral(
            f"BT 1 0 0 1 {x0} {y} Tm ({booked}) Tj T* ET\n"
            f"BT 1 0 0 1 {x1} {y} Tm ({value_date}) Tj T* ET\n"
            f"BT 1 0 0 1 {x2} {y} Tm ({escaped}) Tj T* ET\n"
            f"BT 1 0 0 1 {self.right(AMOUNT_X, amount)} {y} Tm ({amount}) Tj T* ET\n"
            f"BT 1 0 0 1 {self.right(BALANCE_X, balance)} {y} Tm ({balance}) Tj T* ET"
        )

    def right(self, edge: float, amount: str) -> str:
        """The x where ``amount`` starts to end at ``edge``: ``drawRightString``'s arithmetic."""
        width = sum(map(AMOUNT_WIDTHS.__getitem__, amount))
        x = self.x_right.get((edge, width))
        if x is None:
            x = self.x_right[edge, width] = fp_str(edge - width * 0.001 * ROW_SIZE)
        return x


def _row_cells(line: Line) -> tuple[str, str, str, str, str]:
    named = line.counterparty and line.counterparty not in line.label
    label = f"{line.label} — {line.counterparty}" if named else line.label
    return (
        line.booked_at.date().isoformat(),
        line.value_date.isoformat(),
        label[:70],
        f"{line.amount:,.2f}",
        f"{line.balance:,.2f}",
    )


def write_pdf(statement: Statement, path: Path, progress: Progress) -> int:
    name = statement.customer.display_name
    pages = _Pages(path, f"Statement — {name} — {statement.start:%Y-%m-%d} to {statement.end:%Y-%m-%d}")
    pages.text(MARGIN, "Account statement", size=16, bold=True)
    pages.y -= 8 * mm
    pages.text(MARGIN, name, size=11, bold=True)
    pages.y -= LINE
    pages.text(MARGIN, statement.address)
    pages.y -= LINE
    pages.text(MARGIN, f"Period: {statement.start:%d %B %Y} to {statement.end:%d %B %Y}")
    pages.y -= 2 * LINE
    done = 0
    for section in statement.sections:
        account, currency = section.account, section.account.currency

        def heading():
            for x, title in COLUMNS:
                pages.text(x, title, size=8, bold=True)
            pages.text(AMOUNT_X, "Amount", size=8, bold=True, right=True)
            pages.text(BALANCE_X, "Balance", size=8, bold=True, right=True)
            pages.y -= LINE

        pages.need(5 * LINE)
        iban = section.iban.translate(MASK_GLYPHS)
        pages.text(MARGIN, f"{account.name} · IBAN {iban} · {currency}", size=10, bold=True)
        pages.y -= LINE
        pages.text(MARGIN, "Opening balance")
        pages.text(BALANCE_X, f"{section.opening:,.2f} {currency}", right=True)
        pages.y -= 1.5 * LINE
        heading()
        for line in section.lines():
            pages.need(LINE, heading)
            pages.row(*_row_cells(line))
            pages.y -= LINE
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(done)
        pages.need(4 * LINE)
        pages.y -= 0.5 * LINE
        pages.text(
            MARGIN, f"Total credits {section.credits:,.2f} {currency} · total debits {section.debits:,.2f} {currency}"
        )
        pages.y -= LINE
        pages.text(MARGIN, "Closing balance", bold=True)
        pages.text(BALANCE_X, f"{section.closing:,.2f} {currency}", bold=True, right=True)
        pages.y -= 2 * LINE
    pages.finish_page()
    with _stream_encoding():
        pages.pdf.save()
    return done
