"""Statements built as background jobs: each format read back (CSV text, XLSX cells with
openpyxl, PDF text with pypdf), the opening / running / closing balances, one file however often
the task runs, a lease taken over only once expired, no half file under the final name, retry
and expiry, and nothing about a restriction in what the customer receives."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from backoffice.errors import DomainError
from compliance.services.restrictions import freeze_assets
from customers.models import StatementExport
from customers.services import statements
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import add_transactions, make_account
from tests.customers.statement_references import xlsx_as_before

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def staff(support_agent):
    return support_agent


def a_job(staff, export_format="csv", **fields):
    person = make_person("Stella", "Statement")
    account = make_account(person, balance="100.00")
    add_transactions(account, 4, start=timezone.now() - timedelta(days=4))
    with transaction.atomic():
        job = statements.request_statement(
            actor=staff,
            customer=person,
            start_date=TODAY - timedelta(days=10),
            end_date=TODAY,
            export_format=export_format,
            **fields,
        )
    return job, account


def built(job):
    assert statements.build_statement(job.pk) is not None
    job.refresh_from_db()
    return job


def file_of(job, settings):
    return settings.STATEMENTS_DIR / job.stored_name


def test_a_csv_statement_has_every_row_with_its_running_balance(staff, settings):
    job, account = a_job(staff)
    job = built(job)
    assert (job.status, job.progress, job.rows) == ("done", 100, 4)
    assert job.expires_at - job.finished_at == settings.STATEMENT_EXPIRY
    rows = list(csv.reader(io.StringIO(file_of(job, settings).read_text())))
    assert rows[0] == ["Statement of Stella Statement"] and "rue de la Paix" in rows[1][0]
    assert ["Opening balance", "100.00"] in rows
    lines = transaction_lines(rows)
    assert [(row[2], row[4], row[6]) for row in lines] == [
        ("Operation 0", "-12.50", "87.50"),
        ("Operation 1", "12.50", "100.00"),
        ("Operation 2", "-12.50", "87.50"),
        ("Operation 3", "12.50", "100.00"),
    ]
    assert ["Total credits", "25.00", "Total debits", "25.00"] in rows and ["Closing balance", "100.00"] in rows
    assert f"{account.iban[:4]} •••• {account.iban[-4:]}" in rows[4], "a support agent's statement: the IBAN masked"


def transaction_lines(rows: list[list[str]]) -> list[list[str]]:
    """The statement's operations: the rows whose first cell is a booking date (the customer's
    address, "20 rue de la Paix" for the twentieth person a test makes, is not one)."""
    return [row for row in rows if len(row) == 7 and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", row[0])]


HOSTILE_LABELS = ['=HYPERLINK("http://evil.example","Refund")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1"]


def test_a_csv_statement_neutralises_formulas_in_labels_and_counterparties(staff, settings):
    """Labels and counterparty names come from outside (a payer chooses them): a spreadsheet must
    read them as text, as list exports do. On PostgreSQL the rows come from COPY, so the database
    neutralises them; on SQLite Python does; the suite runs on both."""
    job, account = a_job(staff)
    for line, hostile in zip(account.transactions.order_by("booked_at"), HOSTILE_LABELS, strict=False):
        line.label, line.counterparty_name = hostile, hostile
        line.save(update_fields=["label", "counterparty_name"])
    job = built(job)
    rows = list(csv.reader(io.StringIO(file_of(job, settings).read_text())))
    lines = transaction_lines(rows)
    assert [(row[2], row[3]) for row in lines] == [("'" + label, "'" + label) for label in HOSTILE_LABELS[:4]]
    assert [row[4] for row in lines] == ["-12.50", "12.50", "-12.50", "12.50"]  # amounts stay numbers


def file_text(job, settings) -> str:
    path = file_of(job, settings)
    if job.format == "pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages).replace("*", "•")
    if job.format == "xlsx":
        from openpyxl import load_workbook

        return "\n".join(str(cell) for row in load_workbook(path).active.iter_rows(values_only=True) for cell in row)
    return path.read_text()


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize(("persona", "whole"), [("support_agent", False), ("compliance_officer", True)])
def test_a_statement_shows_the_iban_as_its_requester_may_see_it(settings, request, export_format, persona, whole):
    """Support agents see IBANs masked everywhere, in the statements they download too."""
    job, account = a_job(request.getfixturevalue(persona), export_format)
    text = file_text(built(job), settings).replace(" ", "")
    assert (account.iban in text) is whole
    assert (f"{account.iban[:4]}••••{account.iban[-4:]}" in text) is not whole


def test_an_xlsx_statement_has_typed_cells(staff, settings):
    from openpyxl import load_workbook

    job = built(a_job(staff, "xlsx")[0])
    sheet = load_workbook(file_of(job, settings)).active
    cells = list(sheet.iter_rows(values_only=True))
    first = next(row for row in cells if isinstance(row[0], datetime))
    assert isinstance(first[1], datetime) and first[4] == -12.5 and first[6] == 87.5
    amount_cell = next(row for row in sheet.iter_rows() if isinstance(row[0].value, datetime))[4]
    assert '"EUR"' in amount_cell.number_format and amount_cell.data_type == "n"


def test_a_pdf_statement_reads_like_a_bank_statement(staff, settings):
    from pypdf import PdfReader

    job, account = a_job(staff, "pdf")
    job = built(job)
    text = "\n".join(page.extract_text() for page in PdfReader(file_of(job, settings)).pages)
    assert "Account statement" in text and "Stella Statement" in text
    assert f"IBAN {account.iban[:4]} **** {account.iban[-4:]}" in text, "a support agent's: masked"
    assert "Opening balance" in text and "Closing balance" in text and "Page 1" in text
    assert "Operation 3" in text


def test_a_long_pdf_is_paginated(staff, settings):
    from pypdf import PdfReader

    job, account = a_job(staff, "pdf")
    add_transactions(account, 150, start=timezone.now() - timedelta(days=7))
    job = built(job)
    reader = PdfReader(file_of(job, settings))
    assert len(reader.pages) >= 3 and f"Page {len(reader.pages)}" in reader.pages[-1].extract_text()


@pytest.mark.parametrize("export_format", ["xlsx", "pdf"])
def test_a_long_statement_reports_its_progress_every_thousand_rows(staff, tmp_path, export_format):
    """The formats Python writes (PDF and XLSX, some 60,000 rows a second): the bar, polled every
    second, moves at each poll on customer #2's 100,000 rows (a 1 % step every thousand rows)."""
    from customers.statements.rows import statement_for
    from customers.statements.writers import PROGRESS_EVERY

    assert PROGRESS_EVERY <= 1000
    person = make_person("Stella", "Statement")
    rows = 2 * PROGRESS_EVERY + 1
    start = timezone.now() - timedelta(hours=rows + 1)
    add_transactions(make_account(person), rows, start=start)
    with transaction.atomic():
        job = statements.request_statement(
            actor=staff, customer=person, start_date=start.date(), end_date=TODAY, export_format=export_format
        )
    reported = []
    written = statements.WRITERS[export_format](statement_for(job), tmp_path / "statement.part", reported.append)
    assert written == rows
    assert reported == [PROGRESS_EVERY, 2 * PROGRESS_EVERY]


def test_the_task_run_twice_makes_one_file(staff, settings):
    from customers import tasks

    job, _ = a_job(staff)
    assert tasks.build_statement(job.pk) is True
    assert tasks.build_statement(job.pk) is False  # found done: returns
    assert [p.name for p in settings.STATEMENTS_DIR.iterdir()] == [StatementExport.objects.get().stored_name]


def test_a_running_job_is_taken_over_only_once_its_lease_expired(staff, settings):
    job, _ = a_job(staff)
    StatementExport.objects.filter(pk=job.pk).update(status="running", claimed_at=timezone.now())
    assert statements.build_statement(job.pk) is None, "another worker holds it"
    StatementExport.objects.filter(pk=job.pk).update(claimed_at=timezone.now() - settings.STATEMENT_LEASE * 2)
    assert statements.requeue_stuck() == [job.pk]  # queued again; tasks run in-process here
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)


def test_a_failure_leaves_no_file_and_a_retry_builds_it(staff, settings, monkeypatch):
    job, _ = a_job(staff)

    def broken(statement, path, progress):
        path.write_text("half a statement")
        raise OSError("disk full")

    monkeypatch.setitem(statements.WRITERS, "csv", broken)
    assert statements.build_statement(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "disk full")
    assert not settings.STATEMENTS_DIR.exists() or list(settings.STATEMENTS_DIR.iterdir()) == []
    monkeypatch.undo()
    with transaction.atomic():
        statements.retry_statement(actor=staff, job=job)
    assert built(job).status == "done"


def test_the_rows_come_in_order_page_after_page_with_ties_on_the_booking_time(staff, monkeypatch):
    from customers.statements import rows as statement_rows

    job, account = a_job(staff)
    add_transactions(account, 3, start=timezone.now() - timedelta(days=4))  # the same times as the first 3
    monkeypatch.setattr(statement_rows, "CHUNK", 2)
    [section] = statement_rows.statement_for(job).sections
    assert section.count == 7
    assert list(section.rows()) == list(section.queryset) and len(list(section.queryset)) == 7


@pytest.mark.parametrize("export_format", ["csv", "pdf"])
def test_progress_is_written_while_other_connections_write(committed_db, support_agent, monkeypatch, export_format):
    """The page polling the progress and the job's heartbeat write from connections of their own
    while the rows are read: on SQLite a read left open across them made the next progress write
    fail ("database is locked")."""
    import threading

    from backoffice.models import StaffUser
    from customers.statements import rows as statement_rows
    from customers.statements import writers

    monkeypatch.setattr(statement_rows, "CHUNK", 2)
    monkeypatch.setattr(writers, "PROGRESS_EVERY", 1)
    monkeypatch.setattr("customers.statements.pdf.PROGRESS_EVERY", 1)
    monkeypatch.setattr(statements, "_queue", lambda job_id: None)  # built below, by the test
    job, _ = a_job(support_agent, export_format)
    write = statements.WRITERS[export_format]

    def elsewhere():
        StaffUser.objects.filter(pk=support_agent.pk).update(last_login=timezone.now())
        connection.close()

    def writer_with_others_writing(statement, path, progress):
        def progress_after_another_write(rows):
            other = threading.Thread(target=elsewhere)
            other.start()
            other.join()
            progress(rows)

        return write(statement, path, progress_after_another_write)

    monkeypatch.setitem(statements.WRITERS, export_format, writer_with_others_writing)
    assert statements.build_statement(job.pk) is not None
    job.refresh_from_db()
    assert (job.status, job.rows) == ("done", 4)


def test_expired_files_are_deleted(staff, settings):
    job = built(a_job(staff)[0])
    StatementExport.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert statements.expire_statements() == 1
    job.refresh_from_db()
    assert job.status == "expired" and list(settings.STATEMENTS_DIR.iterdir()) == []


def test_the_sweep_deletes_only_abandoned_temporary_files(settings):
    """A killed worker's temporary file, untouched for a whole lease, goes; one being written
    now, and every finished file, stay."""
    import os

    folder = settings.STATEMENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    abandoned, writing, finished = folder / ".a1.csv.part", folder / ".b2.pdf.part", folder / "c3.csv"
    for path in (abandoned, writing, finished):
        path.write_text("rows")
    old = (timezone.now() - settings.STATEMENT_LEASE - timedelta(minutes=1)).timestamp()
    os.utime(abandoned, (old, old))
    os.utime(finished, (old, old))
    assert statements.requeue_stuck() == []
    assert sorted(p.name for p in folder.iterdir()) == [".b2.pdf.part", "c3.csv"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_date": TODAY, "end_date": TODAY - timedelta(days=1)}, "before the start date"),
        ({"start_date": TODAY, "end_date": TODAY + timedelta(days=1)}, "in the future"),
        ({"export_format": "docx"}, "PDF, XLSX or CSV"),
    ],
)
def test_bad_requests_are_refused(staff, fields, message):
    person = make_person()
    values = {"start_date": TODAY - timedelta(days=3), "end_date": TODAY, "export_format": "csv", **fields}
    with pytest.raises(DomainError, match=message), transaction.atomic():
        statements.request_statement(actor=staff, customer=person, **values)
    assert not StatementExport.objects.exists()


def test_another_customers_account_is_refused(staff):
    other = make_account(make_person("Otto", "Other"))
    with pytest.raises(DomainError, match="accounts of this customer"), transaction.atomic():
        statements.request_statement(
            actor=staff,
            customer=make_person(),
            start_date=TODAY,
            end_date=TODAY,
            export_format="csv",
            account_ids=[other.pk],
        )


def test_a_statement_never_mentions_a_restriction(staff, settings):
    job, _ = a_job(staff)
    freeze_assets(actor=ROBOT, customer=job.customer, comment="canary-STATEMENT")
    text = file_of(built(job), settings).read_text().lower()
    assert "frozen" not in text and "freeze" not in text and "canary" not in text


def test_a_period_in_the_past_opens_and_closes_at_the_balance_of_its_time(staff, settings):
    person = make_person()
    account = make_account(person, balance="100.00")
    add_transactions(account, 1, start=timezone.now() - timedelta(days=1))  # a 12.50 payout yesterday
    with transaction.atomic():
        job = statements.request_statement(
            actor=staff,
            customer=person,
            start_date=TODAY - timedelta(days=10),
            end_date=TODAY - timedelta(days=3),
            export_format="csv",
        )
    rows = list(csv.reader(io.StringIO(file_of(built(job), settings).read_text())))
    assert ["Opening balance", "112.50"] in rows and ["Closing balance", "112.50"] in rows


# Labels and counterparties a writer must carry through unchanged: XML's and PDF's special
# characters, spreadsheet control characters and the escape Excel uses for them, edge spaces, an
# empty counterparty, and characters outside Helvetica's encoding (drawn as before, by drawString).
AWKWARD = [
    ("Refund (partial) \\ 50% & <more>", "Zoë Café"),
    ("=SUM(1+1)", ""),
    ("  padded label ", "tab\there"),
    ("bell\x07 and _x0041_ kept", "Ünïcödé — « quotes »"),
    ("Transfer 日本 ✓", "Smith & Sons (UK)"),
]


def a_long_statement(staff, export_format, *, rows=150):
    """Two accounts in two currencies, rows over several PDF pages, and the awkward strings."""
    person = make_person("Stella", "Statement")
    start = timezone.now() - timedelta(days=9)
    euros = make_account(person, balance="100.00")
    dollars = make_account(person, balance="-20.00", currency="USD", primary=False, name="Dollar account")
    add_transactions(euros, rows, start=start)
    add_transactions(dollars, 3, start=start)
    for line, (label, counterparty) in zip(euros.transactions.order_by("booked_at"), AWKWARD, strict=False):
        line.label, line.counterparty_name = label, counterparty
        line.save(update_fields=["label", "counterparty_name"])
    with transaction.atomic():
        return statements.request_statement(
            actor=staff,
            customer=person,
            start_date=TODAY - timedelta(days=10),
            end_date=TODAY,
            export_format=export_format,
        )


def workbook_as_read(path):
    """What a spreadsheet shows: every cell's value, type, number format and weight, the column
    widths, the sheet's name and extent."""
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    cells = [[(c.value, c.data_type, c.number_format, c.font.b) for c in row] for row in sheet.iter_rows()]
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    return sheet.title, sheet.dimensions, widths, cells


def strings_as_stored(path) -> list[str]:
    """Every text cell's ``<t>`` element as stored: its escapes, and whether it keeps its edge
    spaces (``xml:space="preserve"``, which openpyxl does not need but Excel does)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as book:
        return re.findall(r"<t[ >].*?</t>", book.read("xl/worksheets/sheet1.xml").decode())


def test_an_xlsx_statement_reads_back_as_xlsxwriter_wrote_it(staff, tmp_path):
    """The worksheet is written by hand now (XlsxWriter spent ~5 µs a cell): the same cells,
    types, formats, bold rows and column widths as XlsxWriter gave, for awkward strings too."""
    from openpyxl import load_workbook

    from customers.statements.rows import statement_for
    from customers.statements.xlsx import write_xlsx

    job = a_long_statement(staff, "xlsx")
    xlsx_as_before(statement_for(job), tmp_path / "before.xlsx")
    assert write_xlsx(statement_for(job), tmp_path / "now.xlsx", lambda rows: None) == 153
    assert workbook_as_read(tmp_path / "now.xlsx") == workbook_as_read(tmp_path / "before.xlsx")
    assert strings_as_stored(tmp_path / "now.xlsx") == strings_as_stored(tmp_path / "before.xlsx")
    rows = list(load_workbook(tmp_path / "now.xlsx").active.iter_rows(values_only=True))
    assert ("Refund (partial) \\ 50% & <more>", "Zoë Café") in [row[2:4] for row in rows]
    assert ("  padded label ", "tab\there") in [row[2:4] for row in rows], "edge spaces kept"
    assert [row[0] for row in rows if row[0] in ("Total credits", "Total debits", "Closing balance")] == [
        "Total credits",
        "Total debits",
        "Closing balance",
    ] * 2


def test_a_pdf_statement_draws_its_rows_as_drawstring_did(staff, tmp_path, monkeypatch):
    """A row's five cells are written as one string of PDF operators: the very operators
    ``drawString`` writes, page for page, and the same text read back; a label Helvetica cannot
    encode still goes through ``drawString``."""
    from pypdf import PdfReader

    from customers.statements import pdf
    from customers.statements.rows import statement_for

    job = a_long_statement(staff, "pdf")
    assert pdf.write_pdf(statement_for(job), tmp_path / "now.pdf", lambda rows: None) == 153

    def cell_by_cell(pages, *cells):  # every row through drawString, as before
        for (x, _), value in zip(pdf.COLUMNS, cells[:3], strict=True):
            pages.text(x, value, size=8)
        pages.text(pdf.AMOUNT_X, cells[3], size=8, right=True)
        pages.text(pdf.BALANCE_X, cells[4], size=8, right=True)

    monkeypatch.setattr(pdf._Pages, "row", cell_by_cell)
    pdf.write_pdf(statement_for(job), tmp_path / "before.pdf", lambda rows: None)
    now, before = PdfReader(tmp_path / "now.pdf").pages, PdfReader(tmp_path / "before.pdf").pages
    assert len(now) == len(before) >= 3
    assert [page.get_contents().get_data() for page in now] == [page.get_contents().get_data() for page in before]
    text = [page.extract_text() for page in now]
    assert text == [page.extract_text() for page in before]
    assert "Refund (partial) \\ 50% & <more> — Zoë Café" in text[0] and "Transfer 日本" not in text[0]
    assert "Dollar account" in text[-1] and f"Page {len(now)}" in text[-1]
