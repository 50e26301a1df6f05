"""One writer per format, each streaming the rows to ``path`` and calling ``progress(rows)`` every
so often. CSV: plain text (here); XLSX: the worksheet's XML row by row into the zip, dates as
dates and amounts as numbers with the currency's format (``xlsx.py``); PDF: ReportLab's canvas,
page by page, numbered (``pdf.py``)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.db.models import Q

from backoffice.exports import spreadsheet_safe, spreadsheet_safe_sql

from .rows import ZERO, Statement

# Rows between two progress reports (each an UPDATE of the job's row): the PDF and XLSX writers
# write some 50,000 rows a second, so the bar, polled every second, moves at each poll.
PROGRESS_EVERY = 1000
COLUMNS = ("Booked", "Value date", "Label", "Counterparty", "Amount", "Currency", "Balance")
Progress = Callable[[int], None]


def header_lines(statement: Statement) -> list[str]:
    return [
        f"Statement of {statement.customer.display_name}",
        statement.address,
        f"Period: {statement.start:%Y-%m-%d} to {statement.end:%Y-%m-%d}",
    ]


class _SafeCsvWriter:
    """A ``csv.writer`` whose text cells are neutralised (labels, counterparties, names and
    addresses come from outside and could start a formula)."""

    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_safe(value) for value in row])


def _csv_section_head(writer, section) -> None:
    account = section.account
    writer.writerow([])
    writer.writerow(["Account", account.name, "IBAN", section.iban, "Currency", account.currency])
    writer.writerow(["Opening balance", f"{section.opening:.2f}"])
    writer.writerow(COLUMNS)


def _csv_section_foot(writer, section) -> None:
    writer.writerow(["Total credits", f"{section.credits:.2f}", "Total debits", f"{section.debits:.2f}"])
    writer.writerow(["Closing balance", f"{section.closing:.2f}"])


def write_csv(statement: Statement, path: Path, progress: Progress) -> int:
    if connection.vendor == "postgresql":
        return _write_csv_by_copy(statement, path, progress)
    done = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = _SafeCsvWriter(out)
        for text in header_lines(statement):
            writer.writerow([text])
        for section in statement.sections:
            _csv_section_head(writer, section)
            for line in section.lines():
                writer.writerow(
                    [
                        line.booked_at.isoformat(timespec="seconds"),
                        line.value_date.isoformat(),
                        line.label,
                        line.counterparty,
                        f"{line.amount:.2f}",
                        line.currency,
                        f"{line.balance:.2f}",
                    ]
                )
                done += 1
                if done % PROGRESS_EVERY == 0:
                    progress(done)
            _csv_section_foot(writer, section)
    return done


def _write_csv_by_copy(statement: Statement, path: Path, progress: Progress) -> int:
    """PostgreSQL: the rows, their running balance included (a window sum), come straight from
    ``COPY … TO STDOUT`` into the file; Python writes only the headers and the totals."""
    from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
    from django.db.models import F, Sum, Value, Window

    from .rows import SIGNED

    operations = connection.ops
    assert isinstance(operations, PostgresOperations), "COPY is PostgreSQL's"

    done = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = _SafeCsvWriter(out)
        for text in header_lines(statement):
            writer.writerow([text])
        for section in statement.sections:
            _csv_section_head(writer, section)
            out.flush()
            rows = section.period.annotate(
                signed=SIGNED,
                running=Value(section.opening) + Window(Sum(SIGNED), order_by=[F("booked_at").asc(), F("id").asc()]),
                safe_label=spreadsheet_safe_sql("label"),
                safe_counterparty=spreadsheet_safe_sql("counterparty_name"),
            ).values_list("booked_at", "value_date", "safe_label", "safe_counterparty", "signed", "currency", "running")
            sql, params = rows.query.sql_with_params()
            statement_sql = operations.compose_sql(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)
            with connection.cursor() as cursor, cursor.cursor.copy(statement_sql) as copy:
                for block in copy:
                    out.buffer.write(block)
            out.buffer.flush()
            totals = section.period.aggregate(
                credits=Sum("amount", filter=Q(direction="payin")), debits=Sum("amount", filter=~Q(direction="payin"))
            )
            section.credits, section.debits = totals["credits"] or ZERO, totals["debits"] or ZERO
            section.closing = section.opening + section.credits - section.debits
            done += section.count
            progress(done)
            _csv_section_foot(writer, section)
    return done
