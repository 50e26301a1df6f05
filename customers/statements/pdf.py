"""The statement as a PDF that looks like a bank statement: a header with the customer's name and
address on the first page, per account its IBAN, opening balance, the transactions with the running
balance, the totals and the closing balance; every page numbered. ReportLab's canvas draws page by
page, so memory stays flat whatever the number of rows."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from .rows import Statement
from .writers import PROGRESS_EVERY, Progress

WIDTH, HEIGHT = A4
MARGIN = 15 * mm
LINE = 4.6 * mm
COLUMNS = [(MARGIN, "Date"), (MARGIN + 22 * mm, "Value"), (MARGIN + 42 * mm, "Label / counterparty")]
AMOUNT_X, BALANCE_X = WIDTH - MARGIN - 32 * mm, WIDTH - MARGIN
MASK_GLYPHS = str.maketrans({"•": "*"})  # Helvetica, a PDF's standard font, draws no bullet


class _Pages:
    """The canvas with a cursor; a new page (numbered at the bottom) when the cursor reaches it."""

    def __init__(self, path: Path, title: str):
        self.pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
        self.pdf.setTitle(title)
        self.title, self.page, self.y = title, 1, HEIGHT - MARGIN

    def need(self, height: float, heading=None) -> None:
        if self.y - height < MARGIN + 10 * mm:
            self.finish_page()
            self.pdf.showPage()
            self.page += 1
            self.y = HEIGHT - MARGIN
            self.text(MARGIN, self.title, size=8)
            self.y -= LINE
            if heading:
                heading()

    def finish_page(self) -> None:
        self.pdf.setFont("Helvetica", 8)
        self.pdf.drawRightString(WIDTH - MARGIN, MARGIN, f"Page {self.page}")

    def text(self, x: float, value: str, *, size: float = 9, bold: bool = False, right: bool = False) -> None:
        self.pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        (self.pdf.drawRightString if right else self.pdf.drawString)(x, self.y, value)


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

        def heading(account=account):
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
            pages.text(COLUMNS[0][0], f"{line.booked_at:%Y-%m-%d}", size=8)
            pages.text(COLUMNS[1][0], f"{line.value_date:%Y-%m-%d}", size=8)
            named = line.counterparty and line.counterparty not in line.label
            label = f"{line.label} — {line.counterparty}" if named else line.label
            pages.text(COLUMNS[2][0], label[:70], size=8)
            pages.text(AMOUNT_X, f"{line.amount:,.2f}", size=8, right=True)
            pages.text(BALANCE_X, f"{line.balance:,.2f}", size=8, right=True)
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
    pages.pdf.save()
    return done
