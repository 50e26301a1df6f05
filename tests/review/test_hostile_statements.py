"""Outside review of issue 17's hand-written XLSX (customers/statements/xlsx.py) and the PDF rows
written as operators (customers/statements/pdf.py): hostile labels, counterparties, account and
customer names. Every XML part must parse, openpyxl must read back exactly what XlsxWriter would
have made readable, and the PDF must open with every row's text."""

import io
import zipfile
from datetime import timedelta
from xml.dom import minidom

import pytest
from django.db import connection
from django.utils import timezone

from customers.models import Account
from tests.customers.factories import make_person
from tests.customers.holdings import add_transactions, make_account
from tests.customers.test_statements import TODAY, built, file_of

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example","Refund")',
    "<b>&amp;</b> ]]> <!-- x -->",
    " leading and trailing ",
    "control \x01\x08\x0b\x0c\x0e\x1f and CR \r LF \n tab \t",
    "_x0041_ literal escape _X004a_",
    "noncharacters \ufffe \uffff",
    "emoji 😀 RTL \u202e gnirts CJK 漢字 Ω ł €",
    "long " + "x" * 135,  # the label column holds 140 characters (PostgreSQL enforces it)
    "\\ ( ) unbalanced ((( \\",
    "\x7f\x80\x9f C1 controls",
]


def a_hostile_job(staff, export_format):
    from django.db import transaction

    from customers.services import statements

    person = make_person("<Stella & 'co'>", '\x01Statement"]]>')
    account = make_account(person, balance="100.00")
    Account.objects.filter(pk=account.pk).update(name='Main <acct> & "co" \x02')
    add_transactions(account, len(HOSTILE), start=timezone.now() - timedelta(days=4))
    labels = [h for h in HOSTILE if connection.vendor != "postgresql" or "\x00" not in h]
    for line, label in zip(account.transactions.order_by("booked_at", "id"), labels, strict=False):
        line.label, line.counterparty_name = label, label[::-1]
        line.save(update_fields=["label", "counterparty_name"])
    with transaction.atomic():
        job = statements.request_statement(
            actor=staff,
            customer=person,
            start_date=TODAY - timedelta(days=10),
            end_date=TODAY,
            export_format=export_format,
        )
    return job, labels


def xlsxwriter_escapes(texts: list[str]) -> list[str]:
    """The ``<t>`` XML XlsxWriter writes for each of ``texts`` (its shared strings)."""
    import re

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet()
    for row, text in enumerate(texts):
        sheet.write_string(row, 0, text)
    book.close()
    shared = zipfile.ZipFile(buffer).read("xl/sharedStrings.xml").decode()
    return re.findall(r"<si>(<t[^>]*>.*?</t>)</si>", shared, re.S)


def test_a_hostile_xlsx_statement_is_well_formed_and_reads_back_as_xlsxwriter_would(support_agent, settings):
    from openpyxl import load_workbook

    job, labels = a_hostile_job(support_agent, "xlsx")
    path = file_of(built(job), settings)
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        for name in book.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                minidom.parseString(book.read(name))  # noqa: S318 (our own file) raises on any XML that is not well-formed
    # The XML of each label and counterparty cell is the text XlsxWriter writes for it, byte for byte
    # (openpyxl cannot be the judge: it drops "x005F_" from shared strings only).
    import re

    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    cells = dict(re.findall(r'<c r="([CD]\d+)" t="inlineStr"><is>(<t[^>]*>.*?</t>)</is></c>', sheet, re.S))
    rows = sorted({int(ref[1:]) for ref in cells})
    assert [cells[f"C{row}"] for row in rows] == xlsxwriter_escapes(labels)
    assert [cells[f"D{row}"] for row in rows] == xlsxwriter_escapes([label[::-1] for label in labels])
    assert load_workbook(path).active["A1"].value.startswith("Statement of <Stella & 'co'>")


def test_a_hostile_pdf_statement_opens_with_every_row(support_agent, settings):
    from pypdf import PdfReader

    job, labels = a_hostile_job(support_agent, "pdf")
    path = file_of(built(job), settings)
    reader = PdfReader(path, strict=True)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Closing balance" in text
    alnum = "".join(ch for ch in text if ch.isascii() and ch.isalnum())
    for label in labels:
        visible = "".join(ch for ch in label[:20] if ch.isascii() and ch.isalnum())
        assert visible[:6] in alnum, label[:30]


def test_any_text_is_escaped_in_a_cell_as_xlsxwriter_escapes_it():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from customers.statements.xlsx import inline_string

    texts = st.text(
        alphabet=st.one_of(
            st.sampled_from(list("_x0Ff9aA &<>\"' \t\r\n\x00\x01\x0b\x1f\x7f\ufffe\uffff\u202e\xa0\u2028")),
            st.characters(exclude_categories=("Cs",)),
        ),
        max_size=40,
    )

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(texts.filter(bool), min_size=1, max_size=5, unique=True))
    def check(batch):
        assert [inline_string(text)[len("<is>") : -len("</is>")] for text in batch] == xlsxwriter_escapes(batch)

    check()


@pytest.mark.parametrize("length", [32_767, 32_768, 40_000])
def test_a_string_beyond_excel_s_limit_is_cut_as_xlsxwriter_cuts_it(length):
    from customers.statements.xlsx import inline_string

    text = "é" * (length - 1) + "😀"
    assert inline_string(text)[len("<is>") : -len("</is>")] == xlsxwriter_escapes([text])[0]
