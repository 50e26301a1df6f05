"""CSV cells a spreadsheet program would run as a formula are written as text; numbers stay numbers."""

import pytest

from backoffice.exports import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.50", "-12.50"),
        ("-3", "-3"),
        ("12.50", "12.50"),
        ("Carrefour", "Carrefour"),
        ("", ""),
        (None, None),
        (7, 7),
    ],
)
def test_formulas_become_text_and_numbers_stay_numbers(value, written):
    assert spreadsheet_safe(value) == written
