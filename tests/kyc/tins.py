"""Valid tax identification numbers for the property tests, one strategy per country of
``kyc.tin.FORMATS``: each builds a number the way its issuer does (a birth date where the number
holds one, a tax office, a serial) and completes its check character by trying every candidate,
so no check algorithm is written twice. Every number drawn is checked against python-stdnum."""

from __future__ import annotations

import datetime
import string

from hypothesis import assume
from hypothesis import strategies as st
from stdnum.util import get_cc_module

CHECK = "?"  # the check character's place in a template

digits = st.text(string.digits, min_size=1, max_size=1)


def n_digits(count: int) -> st.SearchStrategy[str]:
    return st.text(string.digits, min_size=count, max_size=count)


def completed(country: str, module_name: str, template: str, alphabet: str = string.digits) -> str:
    """``template`` with its check character: the first of ``alphabet`` that makes it valid."""
    module = get_cc_module(country.lower(), module_name)
    for candidate in alphabet:
        number = template.replace(CHECK, candidate)
        if module.is_valid(number):
            return number
    assume(False)  # no check character fits (a serial the scheme does not issue)
    raise AssertionError("unreachable")


def birth_dates(start: int = 1930, end: int = 2005) -> st.SearchStrategy[datetime.date]:
    return st.dates(datetime.date(start, 1, 1), datetime.date(end, 12, 31))


@st.composite
def austria(draw) -> str:
    office = draw(st.sampled_from(["03", "09", "10", "22", "46", "57", "68", "81", "93", "97"]))
    return completed("AT", "tin", office + draw(n_digits(6)) + CHECK)


@st.composite
def belgium(draw) -> str:
    born = draw(birth_dates(1930, 2015))
    body = born.strftime("%y%m%d") + f"{draw(st.integers(1, 997)):03d}"
    base = int(("2" if born.year >= 2000 else "") + body)
    return f"{body}{97 - base % 97:02d}"


@st.composite
def switzerland(draw) -> str:
    return completed("CH", "ssn", "756" + draw(n_digits(9)) + CHECK)


@st.composite
def germany(draw) -> str:
    """The Steuer-ID: in its first ten digits one digit twice, the others at most once."""
    ten = draw(st.permutations(string.digits))[:9]
    twice = draw(st.sampled_from(ten))
    position = draw(st.integers(0, 9))
    first_ten = "".join(ten[:position]) + twice + "".join(ten[position:])
    assume(first_ten[0] != "0")
    return completed("DE", "idnr", first_ten + CHECK)


@st.composite
def denmark(draw) -> str:
    """The CPR number: the birth date, then a serial whose first digit 0 to 3 says the 1900s."""
    born = draw(birth_dates(1937, 1999))
    return f"{born:%d%m%y}" + draw(st.sampled_from("0123")) + draw(n_digits(3))


@st.composite
def spain(draw) -> str:
    prefix = draw(st.sampled_from(["", "", "X", "Y", "Z"]))  # a DNI, or a foreigner's NIE
    return completed("ES", "nif", prefix + draw(n_digits(8 - len(prefix))) + CHECK, string.ascii_uppercase)


@st.composite
def finland(draw) -> str:
    born = draw(birth_dates(1930, 2015))
    sign = "A" if born.year >= 2000 else "-"
    individual = f"{draw(st.integers(2, 899)):03d}"
    alphabet = string.digits + string.ascii_uppercase
    return completed("FI", "hetu", born.strftime("%d%m%y") + sign + individual + CHECK, alphabet)


@st.composite
def france(draw) -> str:
    from stdnum.fr import nif

    first_ten = draw(st.sampled_from("0123")) + draw(n_digits(9))
    return first_ten + nif.calc_check_digits(first_ten)


@st.composite
def united_kingdom(draw) -> str:
    return completed("GB", "utr", CHECK + draw(n_digits(9)))


@st.composite
def italy(draw) -> str:
    """The codice fiscale: surname and name letters, birth year, month letter, day (+40 for a
    woman), the town's code, the check letter."""
    letters = st.text(string.ascii_uppercase, min_size=6, max_size=6)
    born = draw(birth_dates())
    day = born.day + draw(st.sampled_from([0, 40]))
    town = draw(st.sampled_from(string.ascii_uppercase)) + draw(n_digits(3))
    month = "ABCDEHLMPRST"[born.month - 1]
    body = f"{draw(letters)}{born:%y}{month}{day:02d}{town}"
    return completed("IT", "codicefiscale", body + CHECK, string.ascii_uppercase)


@st.composite
def netherlands(draw) -> str:
    return completed("NL", "bsn", draw(st.sampled_from("123456789")) + draw(n_digits(7)) + CHECK)


@st.composite
def poland(draw) -> str:
    born = draw(birth_dates(1930, 2015))
    month = born.month + (20 if born.year >= 2000 else 0)
    return completed("PL", "pesel", f"{born:%y}{month:02d}{born:%d}" + draw(n_digits(4)) + CHECK)


@st.composite
def portugal(draw) -> str:
    return completed("PT", "nif", draw(st.sampled_from("12356789")) + draw(n_digits(7)) + CHECK)


@st.composite
def sweden(draw) -> str:
    born = draw(birth_dates(1930, 2015))
    return completed("SE", "personnummer", f"{born:%y%m%d}-" + draw(n_digits(3)) + CHECK)


@st.composite
def united_states(draw) -> str:
    """A Social Security number (areas 000, 666 and 9xx are never issued)."""
    area = draw(st.integers(1, 899).filter(lambda area: area != 666))
    number = f"{area:03d}-{draw(st.integers(1, 99)):02d}-{draw(st.integers(1, 9999)):04d}"
    assume(get_cc_module("us", "tin").is_valid(number))  # a few advertised numbers are barred
    return number


VALID_TINS = {
    "AT": austria(),
    "BE": belgium(),
    "CH": switzerland(),
    "DE": germany(),
    "DK": denmark(),
    "ES": spain(),
    "FI": finland(),
    "FR": france(),
    "GB": united_kingdom(),
    "IT": italy(),
    "NL": netherlands(),
    "PL": poland(),
    "PT": portugal(),
    "SE": sweden(),
    "US": united_states(),
}
