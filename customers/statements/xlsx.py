"""The statement as an XLSX workbook, its worksheet's XML written row by row straight into the zip.

Why not XlsxWriter, which the list exports use: its constant-memory mode spends ~5 µs of Python
on each cell (checks, a cell tuple, its reference, its attributes escaped one by one), 3.7 s for a
100,000-row statement even with the rows handed over pre-converted; this module writes a row as
one formatted string, ~1 µs a cell. What it writes is what XlsxWriter wrote for the statement,
part for part: the same cells, types, number formats, bold, column widths and string escaping
(``tests/customers/test_statements.py`` reads both back with openpyxl and compares them); only
the parts no reader of a statement sees are left out (the theme, the document properties).

The rows go to a temporary file while they are counted (the sheet's ``<dimension>`` comes before
them), then into the zip: memory stays flat however many rows."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from .rows import Statement
from .writers import COLUMNS, PROGRESS_EVERY, Progress, header_lines

# Excel's serial dates: days since 1899-12-31, plus one from 1 March 1900 on (Excel counts a
# 29 February 1900 that never was); XlsxWriter's arithmetic, so the same numbers.
_EXCEL_EPOCH = date(1899, 12, 31).toordinal()
COLUMN_LETTERS = "ABCDEFG"

# Style indexes in styles.xml's cellXfs: the default, bold, the two date formats, then one money
# format per currency (``#,##0.00 "EUR"``).
BOLD, BOOKED, VALUE_DATE, FIRST_MONEY = 1, 2, 3, 4
STRING_MAX = 32767  # Excel's limit, in UTF-16 units

_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def excel_serial(moment: datetime | date) -> float:
    """``moment`` as Excel's serial number, its time zone dropped (XlsxWriter's
    ``remove_timezone``): the time as the database gave it (UTC)."""
    days = moment.toordinal() - _EXCEL_EPOCH
    if isinstance(moment, datetime):
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
        serial = days + seconds / 86400
    else:
        serial = days
    return serial + 1 if serial > 59 else serial


def number(value: float | Decimal | int) -> str:
    """A number as XlsxWriter writes it (16 significant digits)."""
    return f"{float(value):.16G}"


def inline_string(text: str) -> str:
    """The inner XML of an inline string cell: ``<is><t>…</t></is>``. Control characters become
    ``_xHHHH_`` (and a literal ``_xHHHH_`` is escaped in turn), ``& < >`` XML entities, and a
    string with a leading or trailing space keeps it, all as XlsxWriter does."""
    if len(text) > STRING_MAX // 2 and len(text.encode("utf-16-le")) // 2 > STRING_MAX:
        text = text.encode("utf-16-le")[: STRING_MAX * 2].decode("utf-16-le", "ignore")
    if not _SPECIAL.search(text):
        return f"<is><t>{text}</t></is>"
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{preserve}>{text}</t></is>"


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


class _Sheet:
    """The worksheet's rows, numbered from 1, into a text file."""

    def __init__(self, out: TextIO):
        self.out, self.row = out, 0

    def cells(self, *cells: tuple[int, str, int]) -> None:
        """One row; each cell ``(column, value XML, style)``, the value XML either ``<v>…</v>``
        or an inline string's ``<is>…</is>``."""
        self.row += 1
        row = self.row
        parts = []
        for column, value, style in cells:
            kind = ' t="inlineStr"' if value.startswith("<is>") else ""
            shown = f' s="{style}"' if style else ""
            parts.append(f'<c r="{COLUMN_LETTERS[column]}{row}"{shown}{kind}>{value}</c>')
        self.out.write(f'<row r="{row}">{"".join(parts)}</row>')

    def text(self, text: str, style: int = 0) -> None:
        self.cells((0, inline_string(text), style))

    def skip(self) -> None:
        self.row += 1


def write_xlsx(statement: Statement, path: Path, progress: Progress) -> int:
    done = 0
    currencies: dict[str, int] = {}  # currency → its money style
    with tempfile.TemporaryFile("w+", encoding="utf-8") as rows:
        sheet = _Sheet(rows)
        for index, text in enumerate(header_lines(statement)):
            sheet.text(text, BOLD if index == 0 else 0)
        for section in statement.sections:
            account = section.account
            money = currencies.setdefault(account.currency, FIRST_MONEY + len(currencies))
            sheet.skip()
            sheet.text(f"{account.name} — {section.iban}", BOLD)
            sheet.cells((0, inline_string("Opening balance"), 0), (6, f"<v>{number(section.opening)}</v>", money))
            sheet.cells(*((column, inline_string(title), BOLD) for column, title in enumerate(COLUMNS)))
            write, row = rows.write, sheet.row
            strings: dict[str, str] = {}  # the currency column, and other repeated short strings
            for line in section.lines():
                row += 1
                currency = strings.get(line.currency) or strings.setdefault(line.currency, inline_string(line.currency))
                write(
                    f'<row r="{row}">'
                    f'<c r="A{row}" s="{BOOKED}"><v>{excel_serial(line.booked_at):.16G}</v></c>'
                    f'<c r="B{row}" s="{VALUE_DATE}"><v>{excel_serial(line.value_date):.16G}</v></c>'
                    f'<c r="C{row}" t="inlineStr">{inline_string(line.label)}</c>'
                    f'<c r="D{row}" t="inlineStr">{inline_string(line.counterparty)}</c>'
                    f'<c r="E{row}" s="{money}"><v>{float(line.amount):.16G}</v></c>'
                    f'<c r="F{row}" t="inlineStr">{currency}</c>'
                    f'<c r="G{row}" s="{money}"><v>{float(line.balance):.16G}</v></c>'
                    "</row>"
                )
                done += 1
                if done % PROGRESS_EVERY == 0:
                    progress(done)
            sheet.row = row
            sheet.cells((0, inline_string("Total credits"), 0), (4, f"<v>{number(section.credits)}</v>", money))
            sheet.cells((0, inline_string("Total debits"), 0), (4, f"<v>{number(-section.debits)}</v>", money))
            sheet.cells((0, inline_string("Closing balance"), BOLD), (6, f"<v>{number(section.closing)}</v>", money))
        _package(path, rows, sheet.row, currencies)
    return done


def _package(path: Path, rows: TextIO, last_row: int, currencies: dict[str, int]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for name, content in _PARTS.items():
            book.writestr(name, content)
        book.writestr("xl/styles.xml", _styles(currencies))
        with book.open("xl/worksheets/sheet1.xml", "w") as raw:
            # "w" mode gives a binary stream; rows are text
            raw.write(_SHEET_HEAD.format(last=f"A1:G{max(last_row, 1)}").encode())
            rows.flush()
            rows.buffer.seek(0)  # the UTF-8 bytes as written: copied, not decoded and encoded again
            shutil.copyfileobj(rows.buffer, raw, 1 << 16)
            raw.write(_SHEET_TAIL.encode())


def _styles(currencies: Iterable[str]) -> str:
    money = [f'#,##0.00 "{currency}"' for currency in currencies]
    formats = ["yyyy-mm-dd hh:mm", "yyyy-mm-dd", *money]
    number_formats = "".join(
        f'<numFmt numFmtId="{164 + index}" formatCode="{_attribute(code)}"/>' for index, code in enumerate(formats)
    )
    formatted = "".join(
        f'<xf numFmtId="{164 + index}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for index in range(len(formats))
    )
    return (
        _XML + f'<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="{len(formats)}">{number_formats}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{2 + len(formats)}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        f"{formatted}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_SPREADSHEET}.styles+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SPREADSHEET}.worksheet+xml"/>'
    "</Types>",
    "_rels/.rels": _XML + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
    '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
    '<sheets><sheet name="Statement" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": _XML + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>",
}
# Column widths as XlsxWriter writes 17, 11, 36 and 14 characters (plus Calibri 11's padding).
_SHEET_HEAD = (
    _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
    '<dimension ref="{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/><cols>'
    '<col min="1" max="1" width="17.7109375" customWidth="1"/>'
    '<col min="2" max="2" width="11.7109375" customWidth="1"/>'
    '<col min="3" max="4" width="36.7109375" customWidth="1"/>'
    '<col min="5" max="7" width="14.7109375" customWidth="1"/></cols><sheetData>'
)
_SHEET_TAIL = (
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
)
