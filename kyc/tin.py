"""Tax identification numbers, checked with python-stdnum where it has a validator for the
country (T: the TIN is optional except for US taxpayers). The one place that decides whether a
TIN is well formed, and what to tell the staff member when it is not."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django_countries import countries
from stdnum.exceptions import ValidationError
from stdnum.util import get_cc_module


@dataclass(frozen=True)
class TinFormat:
    modules: tuple[str, ...]  # stdnum modules of the country, tried in order
    expected: str  # what a valid number looks like, in words


FORMATS = {
    "AT": TinFormat(("tin",), "9 digits (Abgabenkontonummer), e.g. 59-119/9013"),
    "BE": TinFormat(("nn",), "the 11-digit national number, e.g. 85.07.30-033.28"),
    "CH": TinFormat(("ssn",), "the 13-digit AHV number starting with 756, e.g. 756.9217.0769.85"),
    "DE": TinFormat(("idnr", "stnr"), "the 11-digit Steuer-ID (e.g. 36 574 261 809) or a Steuernummer"),
    "DK": TinFormat(("cpr",), "the 10-digit CPR number, e.g. 211062-5629"),
    "ES": TinFormat(("nif",), "a NIF: 8 digits and a letter (e.g. 12345678Z), or a NIE (X1234567L)"),
    "FI": TinFormat(("hetu",), "the personal identity code, e.g. 131052-308T"),
    "FR": TinFormat(("nif",), "the 13-digit numéro fiscal starting with 0 to 3, e.g. 3023 217 600 053"),
    "GB": TinFormat(("utr",), "the 10-digit Unique Taxpayer Reference, e.g. 1955839661"),
    "IT": TinFormat(("codicefiscale", "vat"), "the 16-character codice fiscale, e.g. RCCMNL83S18D969H"),
    "NL": TinFormat(("bsn",), "the 9-digit BSN, e.g. 1112.22.333"),
    "PL": TinFormat(("pesel", "nip"), "the 11-digit PESEL (persons) or the 10-digit NIP (companies)"),
    "PT": TinFormat(("nif",), "the 9-digit NIF, e.g. 501 964 843"),
    "SE": TinFormat(("personnummer",), "the personnummer, e.g. 880320-0016"),
    "US": TinFormat(("tin",), "an SSN, ITIN or EIN: 9 digits, e.g. 123-45-6789 or 12-3456789"),
}


# A country without a validator: letters A to Z, digits and these separators (review 21c M3: no
# markup, no bidi override that shows staff another number than the one kept).
UNCHECKED_TIN = re.compile(r"[A-Z0-9./-]*")
ALLOWED = "letters A to Z, digits, spaces and the separators . / -"
INVISIBLE = (
    "A tax number holds no control or invisible formatting characters (such as a right-to-left mark): "
    f"type it again with {ALLOWED} only."
)
UNCHECKED = f"A tax number holds only {ALLOWED} (no other signs, no accented letters)."


class InvalidTin(ValueError):
    """The TIN does not match its country's format; the message names the expected format."""


def normalised_tin(country: str, tin: str) -> str:
    """``tin`` in its compact form, checked for ``country`` where a validator exists. Countries
    without one keep the TIN as given (trimmed, upper-cased, without spaces) when it holds only
    letters A to Z, digits and the separators ``. / -``. A control or format character (category
    Cc or Cf: NUL, a right-to-left override, a zero-width space) is refused for every country."""
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in tin):
        raise InvalidTin(INVISIBLE)
    value = "".join(tin.split()).upper()
    known = FORMATS.get(country.upper())
    if not value:
        return value
    if known is None:
        if not UNCHECKED_TIN.fullmatch(value):
            raise InvalidTin(UNCHECKED)
        return value
    for name in known.modules:
        module = get_cc_module(country.lower(), name)
        if module is None:
            continue
        try:
            return module.compact(module.validate(value))
        except ValidationError:
            continue
    raise InvalidTin(
        f"This is not a valid tax number for {countries.name(country.upper())}: expected {known.expected}."
    )
