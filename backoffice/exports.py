"""CSV and XLSX files of a list's filtered rows, streamed from the database.

Rows are read with ``.iterator()`` and written as they come: CSV straight to the response,
XLSX through XlsxWriter's constant-memory mode into a temporary file, so memory stays flat
whatever the number of rows.
"""

import csv
import re
import tempfile
from collections.abc import Iterable

import xlsxwriter
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Concat
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Echo:
    def write(self, value):
        return value


# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"  # a negative amount is a number, not a formula
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)


def spreadsheet_safe(value):
    """Neutralise formulas a spreadsheet would run: ``=cmd|...`` becomes the text ``'=cmd|...``.
    Every CSV the panel writes goes through this (list exports, statements)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def spreadsheet_safe_sql(field: str) -> Case:
    """``spreadsheet_safe`` as a database expression, for CSV rows that ``COPY`` writes without
    passing through Python (statements on PostgreSQL)."""
    formula = Q.create([(f"{field}__startswith", start) for start in FORMULA_STARTS], connector=Q.OR)
    return Case(
        When(formula & ~Q(**{f"{field}__regex": PLAIN_NUMBER}), then=Concat(Value("'"), F(field))),
        default=F(field),
        output_field=CharField(),
    )


def filename(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M%S}.{fmt}"


def csv_response(header: list[str], rows: Iterable[list[str]], *, name: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so that spreadsheet programs read UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def xlsx_response(header: list[str], rows: Iterable[list[str]], *, name: str, sheet: str) -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    worksheet.write_row(0, 0, header, bold)
    for index, row in enumerate(rows, start=1):
        worksheet.write_row(index, 0, row)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES["xlsx"])
