"""The statement writers as they were before issue 17, kept to compare the new ones with: what a
test reads back must be what users saw (``test_statements.py``), and the perf script measures
them side by side (``tests/perf/statement_writers.py``)."""


def xlsx_as_before(statement, path) -> None:
    """The XLSX writer as it was (XlsxWriter's constant-memory mode, a typed write per cell): what
    users saw until the statement's XML was written by hand."""
    import xlsxwriter

    from customers.statements.writers import COLUMNS, header_lines

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet("Statement")
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    time_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for first, last, width in ((0, 0, 17), (1, 1, 11), (2, 3, 36), (4, 6, 14)):
        sheet.set_column(first, last, width)
    row = 0
    for text in header_lines(statement):
        sheet.write_string(row, 0, text, bold if row == 0 else None)
        row += 1
    for section in statement.sections:
        money = book.add_format({"num_format": f'#,##0.00 "{section.account.currency}"'})
        sheet.write_string(row + 1, 0, f"{section.account.name} — {section.iban}", bold)
        sheet.write_string(row + 2, 0, "Opening balance")
        sheet.write_number(row + 2, 6, float(section.opening), money)
        for column, title in enumerate(COLUMNS):
            sheet.write_string(row + 3, column, title, bold)
        row += 4
        for line in section.lines():
            sheet.write_datetime(row, 0, line.booked_at, time_format)
            sheet.write_datetime(row, 1, line.value_date, date_format)
            sheet.write_string(row, 2, line.label)
            sheet.write_string(row, 3, line.counterparty)
            sheet.write_number(row, 4, float(line.amount), money)
            sheet.write_string(row, 5, line.currency)
            sheet.write_number(row, 6, float(line.balance), money)
            row += 1
        sheet.write_string(row, 0, "Total credits")
        sheet.write_number(row, 4, float(section.credits), money)
        sheet.write_string(row + 1, 0, "Total debits")
        sheet.write_number(row + 1, 4, float(-section.debits), money)
        sheet.write_string(row + 2, 0, "Closing balance", bold)
        sheet.write_number(row + 2, 6, float(section.closing), money)
        row += 3
    book.close()
