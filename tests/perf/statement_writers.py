"""Statement writers side by side (issue 17): the same 10,000 and 100,000 rows written by each
candidate in one run, each in a forked child: process CPU and peak memory (from ``wait4``, minus an
idle child's), and whether the 10,000-row file reads back as the previous writer's does (openpyxl:
every cell's value, type, number format and bold; pypdf: every page's text).

Candidates that are not dependencies of the project (pyexcelerate, rustpy-xlsxwriter, fpdf2,
ReportLab's C accelerator rl-accel) run where they are installed, e.g. a throwaway venv:

    uv venv /tmp/stmt-venv -p 3.12
    uv export --frozen --no-hashes --all-groups --no-emit-project > /tmp/requirements.txt
    uv pip install --python /tmp/stmt-venv/bin/python -r /tmp/requirements.txt \\
        pyexcelerate rustpy-xlsxwriter fpdf2 rl-accel
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_statements \\
        /tmp/stmt-venv/bin/python tests/perf/statement_writers.py

(the database of ``tests/perf/statements.py``, seeded the same way). A candidate whose package is
missing is listed as such. ReportLab is imported in each child, never in this process: "pure
Python" children hide rl-accel before importing it.
"""

import hashlib
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

import django

django.setup()

from customers.statements.rows import Statement, statement_for  # noqa: E402
from tests.customers.statement_references import xlsx_as_before  # noqa: E402
from tests.perf.statements import SIZES, in_child, job_for, seeded  # noqa: E402


def _ignore(rows: int) -> None:
    pass


# ---------------------------------------------------------------------------------------------
# XLSX


def xlsx_before(statement: Statement, path: Path) -> None:
    """XlsxWriter as main had it (9ad1abb): write_datetime, write_string, write_number per cell."""
    xlsx_as_before(statement, path)


def xlsx_tuned(statement: Statement, path: Path) -> None:
    """XlsxWriter tuned: dates handed over as Excel serials (write_number, the same number
    write_datetime stores), the methods bound once; the file is byte for byte the previous one."""
    import xlsxwriter

    from customers.statements.writers import COLUMNS as TITLES
    from customers.statements.writers import header_lines
    from customers.statements.xlsx import excel_serial

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet("Statement")
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    time_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.set_column(0, 0, 17)
    sheet.set_column(1, 1, 11)
    sheet.set_column(2, 3, 36)
    sheet.set_column(4, 6, 14)
    number, string = sheet.write_number, sheet.write_string
    row = 0
    for text in header_lines(statement):
        string(row, 0, text, bold if row == 0 else None)
        row += 1
    for section in statement.sections:
        account = section.account
        money = book.add_format({"num_format": f'#,##0.00 "{account.currency}"'})
        row += 1
        string(row, 0, f"{account.name} — {section.iban}", bold)
        row += 1
        string(row, 0, "Opening balance")
        number(row, 6, float(section.opening), money)
        row += 1
        for column, title in enumerate(TITLES):
            string(row, column, title, bold)
        row += 1
        for line in section.lines():
            number(row, 0, excel_serial(line.booked_at), time_format)
            number(row, 1, excel_serial(line.value_date), date_format)
            string(row, 2, line.label)
            string(row, 3, line.counterparty)
            number(row, 4, float(line.amount), money)
            string(row, 5, line.currency)
            number(row, 6, float(line.balance), money)
            row += 1
        string(row, 0, "Total credits")
        number(row, 4, float(section.credits), money)
        row += 1
        string(row, 0, "Total debits")
        number(row, 4, float(-section.debits), money)
        row += 1
        string(row, 0, "Closing balance", bold)
        number(row, 6, float(section.closing), money)
        row += 1
    book.close()


def xlsx_pyexcelerate(statement: Statement, path: Path) -> None:
    """pyexcelerate: the whole sheet as a list of rows (it writes from memory), number formats
    per column (per cell is much slower), bold per row. One currency only."""
    from pyexcelerate import Font, Format, Style, Workbook

    from customers.statements.writers import COLUMNS as TITLES
    from customers.statements.writers import header_lines

    data: list[list] = [[text] for text in header_lines(statement)]
    bold_rows = [1]
    currency = "EUR"
    for section in statement.sections:
        currency = section.account.currency
        data += [[], [f"{section.account.name} — {section.iban}"], ["Opening balance", *[None] * 5, section.opening]]
        bold_rows += [len(data) - 1, len(data) + 1]
        data.append(list(TITLES))
        for line in section.lines():
            booked = line.booked_at.replace(tzinfo=None)
            data.append(
                [booked, line.value_date, line.label, line.counterparty, line.amount, line.currency, line.balance]
            )
        data += [
            ["Total credits", None, None, None, section.credits],
            ["Total debits", None, None, None, -section.debits],
        ]
        data.append(["Closing balance", *[None] * 5, section.closing])
        bold_rows.append(len(data))
    book = Workbook()
    sheet = book.new_sheet("Statement", data=data)
    money = Format(f'#,##0.00 "{currency}"')
    for column, width, number_format in (
        (1, 17, Format("yyyy-mm-dd hh:mm")),
        (2, 11, Format("yyyy-mm-dd")),
        (3, 36, None),
        (4, 36, None),
        (5, 14, money),
        (6, 14, None),
        (7, 14, money),
    ):
        sheet.set_col_style(column, Style(size=width, format=number_format))
    for row in bold_rows:
        sheet.set_row_style(row, Style(font=Font(bold=True)))
    book.save(str(path))


def xlsx_rustpy(statement: Statement, path: Path) -> None:
    """rustpy-xlsxwriter: one table of records under one header row; the statement's layout
    (header lines, a head and totals per account, several accounts) is not expressible, so this
    writes the transaction rows only, with the same formats."""
    from rustpy_xlsxwriter import Format, write_worksheet

    from customers.statements.writers import COLUMNS as TITLES

    for section in statement.sections:
        money = Format().set_num_format(f'#,##0.00 "{section.account.currency}"')
        records = (
            dict(
                zip(
                    TITLES,
                    (
                        line.booked_at.replace(tzinfo=None),
                        line.value_date,
                        line.label,
                        line.counterparty,
                        float(line.amount),
                        line.currency,
                        float(line.balance),
                    ),
                    strict=True,
                )
            )
            for line in section.lines()
        )
        write_worksheet(
            records,
            str(path),
            sheet_name="Statement",
            datetime_format="yyyy-mm-dd hh:mm",
            column_widths=[17, 11, 36, 36, 14, 14, 14],
            column_formats={"Value date": Format().set_num_format("yyyy-mm-dd"), "Amount": money, "Balance": money},
            bold_headers=True,
        )


def xlsx_by_hand(statement: Statement, path: Path) -> None:
    """customers/statements/xlsx.py: the worksheet's XML written row by row into the zip."""
    from customers.statements.xlsx import write_xlsx

    write_xlsx(statement, path, _ignore)


# ---------------------------------------------------------------------------------------------
# PDF


def pdf_before(statement: Statement, path: Path) -> None:
    """ReportLab's canvas as main had it (9ad1abb): setFont and drawString per cell."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from customers.statements.pdf import AMOUNT_X, BALANCE_X, COLUMNS, HEIGHT, LINE, MARGIN, MASK_GLYPHS, WIDTH, mm

    class Pages:
        def __init__(self, title):
            self.pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
            self.pdf.setTitle(title)
            self.title, self.page, self.y = title, 1, HEIGHT - MARGIN

        def need(self, height, heading=None):
            if self.y - height < MARGIN + 10 * mm:
                self.finish_page()
                self.pdf.showPage()
                self.page += 1
                self.y = HEIGHT - MARGIN
                self.text(MARGIN, self.title, size=8)
                self.y -= LINE
                if heading:
                    heading()

        def finish_page(self):
            self.pdf.setFont("Helvetica", 8)
            self.pdf.drawRightString(WIDTH - MARGIN, MARGIN, f"Page {self.page}")

        def text(self, x, value, *, size=9, bold=False, right=False):
            self.pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
            (self.pdf.drawRightString if right else self.pdf.drawString)(x, self.y, value)

    name = statement.customer.display_name
    pages = Pages(f"Statement — {name} — {statement.start:%Y-%m-%d} to {statement.end:%Y-%m-%d}")
    pages.text(MARGIN, "Account statement", size=16, bold=True)
    pages.y -= 8 * mm
    pages.text(MARGIN, name, size=11, bold=True)
    pages.y -= LINE
    pages.text(MARGIN, statement.address)
    pages.y -= LINE
    pages.text(MARGIN, f"Period: {statement.start:%d %B %Y} to {statement.end:%d %B %Y}")
    pages.y -= 2 * LINE
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
            pages.text(COLUMNS[0][0], f"{line.booked_at:%Y-%m-%d}", size=8)
            pages.text(COLUMNS[1][0], f"{line.value_date:%Y-%m-%d}", size=8)
            named = line.counterparty and line.counterparty not in line.label
            label = f"{line.label} — {line.counterparty}" if named else line.label
            pages.text(COLUMNS[2][0], label[:70], size=8)
            pages.text(AMOUNT_X, f"{line.amount:,.2f}", size=8, right=True)
            pages.text(BALANCE_X, f"{line.balance:,.2f}", size=8, right=True)
            pages.y -= LINE
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


def pdf_lean(statement: Statement, path: Path) -> None:
    """customers/statements/pdf.py: a row's five cells as one string of the operators drawString
    would write, the font set once per page, the streams deflated only."""
    from customers.statements.pdf import write_pdf

    write_pdf(statement, path, _ignore)


def pdf_lean_ascii85(statement: Statement, path: Path) -> None:
    """The same with the page streams ASCII85-encoded as well as deflated, as before."""
    from customers.statements import pdf

    pdf.ASCII85 = True
    pdf_lean(statement, path)


def pdf_fpdf2(statement: Statement, path: Path) -> None:
    """fpdf2 with the same core fonts, positions and pages (text() per cell)."""
    from fpdf import FPDF

    from customers.statements.pdf import AMOUNT_X, BALANCE_X, COLUMNS, HEIGHT, LINE, MARGIN, MASK_GLYPHS, WIDTH, mm

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    name = statement.customer.display_name
    title = f"Statement — {name} — {statement.start:%Y-%m-%d} to {statement.end:%Y-%m-%d}"
    state = {"y": HEIGHT - MARGIN, "page": 1}

    def text(x, value, *, size=9, bold=False, right=False):
        value = value.encode("latin-1", "replace").decode("latin-1")  # its core fonts have no "—"
        pdf.set_font("Helvetica", "B" if bold else "", size)
        if right:
            x -= pdf.get_string_width(value)
        pdf.text(x, HEIGHT - state["y"], value)

    def heading():
        for x, column_title in COLUMNS:
            text(x, column_title, size=8, bold=True)
        text(AMOUNT_X, "Amount", size=8, bold=True, right=True)
        text(BALANCE_X, "Balance", size=8, bold=True, right=True)
        state["y"] -= LINE

    def need(height, with_heading=False):
        if state["y"] - height < MARGIN + 10 * mm:
            finish_page()
            pdf.add_page()
            state["page"] += 1
            state["y"] = HEIGHT - MARGIN
            text(MARGIN, title, size=8)
            state["y"] -= LINE
            if with_heading:
                heading()

    def finish_page():
        pdf.set_font("Helvetica", "", 8)
        page = f"Page {state['page']}"
        pdf.text(WIDTH - MARGIN - pdf.get_string_width(page), HEIGHT - MARGIN, page)

    text(MARGIN, "Account statement", size=16, bold=True)
    state["y"] -= 8 * mm
    text(MARGIN, name, size=11, bold=True)
    state["y"] -= LINE
    text(MARGIN, statement.address)
    state["y"] -= 2 * LINE
    for section in statement.sections:
        account, currency = section.account, section.account.currency
        need(5 * LINE)
        text(MARGIN, f"{account.name} · IBAN {section.iban.translate(MASK_GLYPHS)} · {currency}", size=10, bold=True)
        state["y"] -= LINE
        heading()
        for line in section.lines():
            need(LINE, with_heading=True)
            text(COLUMNS[0][0], f"{line.booked_at:%Y-%m-%d}", size=8)
            text(COLUMNS[1][0], f"{line.value_date:%Y-%m-%d}", size=8)
            named = line.counterparty and line.counterparty not in line.label
            label = f"{line.label} — {line.counterparty}" if named else line.label
            text(COLUMNS[2][0], label[:70], size=8)
            text(AMOUNT_X, f"{line.amount:,.2f}", size=8, right=True)
            text(BALANCE_X, f"{line.balance:,.2f}", size=8, right=True)
            state["y"] -= LINE
        need(4 * LINE)
        text(MARGIN, "Closing balance", bold=True)
        text(BALANCE_X, f"{section.closing:,.2f} {currency}", bold=True, right=True)
        state["y"] -= 2 * LINE
    finish_page()
    pdf.output(str(path))


# (format, name, writer, C accelerator allowed: ReportLab's rl-accel)
CANDIDATES = [
    ("xlsx", "XlsxWriter as before", xlsx_before, False),
    ("xlsx", "XlsxWriter tuned", xlsx_tuned, False),
    ("xlsx", "pyexcelerate", xlsx_pyexcelerate, False),
    ("xlsx", "rustpy-xlsxwriter (rows only)", xlsx_rustpy, False),
    ("xlsx", "SpreadsheetML by hand (xlsx.py)", xlsx_by_hand, False),
    ("pdf", "ReportLab as before", pdf_before, False),
    ("pdf", "ReportLab as before + rl-accel", pdf_before, True),
    ("pdf", "ReportLab, a row a string (pdf.py)", pdf_lean, False),
    ("pdf", "the same, streams ASCII85 as before", pdf_lean_ascii85, False),
    ("pdf", "the same + rl-accel", pdf_lean, True),
    ("pdf", "fpdf2", pdf_fpdf2, False),
]
PACKAGES = {xlsx_pyexcelerate: "pyexcelerate", xlsx_rustpy: "rustpy_xlsxwriter", pdf_fpdf2: "fpdf"}


def installed(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def run(writer, accelerated: bool, job, path: Path):
    def work():
        if not accelerated:
            sys.modules["_rl_accel"] = None  # ReportLab falls back to its Python functions
        writer(statement_for(job), path)

    return in_child(work)


def read_back(fmt: str, path: Path) -> str:
    """What a reader of the file gets, as a digest: the cells with their types and looks
    (openpyxl), or the pages' text (pypdf). Read in a child, so that this process does not grow
    (a forked child's resident size starts at its parent's)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            if fmt == "xlsx":
                from openpyxl import load_workbook

                sheet = load_workbook(path).active
                seen = [
                    [(c.value, c.data_type, c.number_format, bool(c.font.b)) for c in row] for row in sheet.iter_rows()
                ]
            else:
                from pypdf import PdfReader

                seen = [page.extract_text() for page in PdfReader(path).pages]
            os.write(write, hashlib.sha256(repr(seen).encode()).hexdigest().encode())
        except BaseException as error:
            os.write(write, f"unreadable: {type(error).__name__}".encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    digest = os.read(read, 200).decode()
    os.close(read)
    return digest


def main():
    accounts = seeded()
    jobs = {size: job_for(account) for size, account in accounts.items()}
    idle = in_child(lambda: None)
    folder = Path(tempfile.mkdtemp(prefix="statement-writers-"))
    print(f"Idle child: {idle.peak:.0f} MB resident, {idle.cpu:.3f} s CPU (subtracted below)\n")
    print(
        f"{'format':<5} {'candidate':<36} {'CPU 10k':>8} {'CPU 100k':>9} {'MB 10k':>7} {'MB 100k':>8}  same read-back"
    )
    reference = {}
    for fmt, name, writer, accelerated in CANDIDATES:
        package = PACKAGES.get(writer)
        if (package and not installed(package)) or (accelerated and not installed("_rl_accel")):
            print(f"{fmt:<5} {name:<36} not installed")
            continue
        figures, idle = {}, in_child(lambda: None)
        for size in SIZES:
            path = folder / f"{writer.__name__}-{accelerated}-{size}.{fmt}"
            usage = run(writer, accelerated, jobs[size], path)
            if not path.exists():
                break
            figures[size] = (max(usage.cpu - idle.cpu, 0), max(usage.peak - idle.peak, 0))
        seen = read_back(fmt, folder / f"{writer.__name__}-{accelerated}-small.{fmt}")
        same = seen if seen.startswith("unreadable") else "yes" if reference.setdefault(fmt, seen) == seen else "no"
        if len(figures) < len(SIZES):
            print(f"{fmt:<5} {name:<36} failed (its error above)")
            continue
        (cpu_small, mb_small), (cpu_big, mb_big) = figures["small"], figures["big"]
        print(
            f"{fmt:<5} {name:<36} {cpu_small:>8.2f} {cpu_big:>9.2f} {mb_small:>7.1f} {mb_big:>8.1f}  {same}", flush=True
        )


if __name__ == "__main__":
    main()
