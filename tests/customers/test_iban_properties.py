"""Properties of IBANs as staff enter them (``services.beneficiaries.normalised_iban``, schwifty)
and as support agents see them (``masking.masked_iban``):

- a valid IBAN of any country with an IBAN format is accepted however it is typed (grouped by
  four, lower-case, spaced) and kept compact and upper-case, which is accepted again as itself;
- one character mistyped (a digit for a digit, a letter for a letter: what the ISO 7064 check
  digits always catch), one left out or one doubled is refused, next to the field, with a message
  that says what is wrong;
- any text is kept or refused with such a message: never an error;
- a support agent sees an IBAN's first four and last four characters and nothing else, not even
  its length; a compliance officer sees all of it, grouped by four.
"""

import string

from django_countries import countries
from hypothesis import example, given
from hypothesis import strategies as st
from schwifty import registry
from schwifty.exceptions import SchwiftyException

from backoffice.errors import DomainError
from customers.masking import masked_iban
from customers.services.beneficiaries import normalised_iban
from tests.properties import AGENT, OFFICER  # and the Hypothesis profile, loaded before any property


def _iban_countries() -> list[str]:
    found = []
    for code, _ in countries:
        try:
            registry.get_iban_spec(code)
        except SchwiftyException:
            continue
        found.append(code)
    return found


IBAN_COUNTRIES = _iban_countries()
ALPHANUMERIC = string.ascii_uppercase + string.digits
MISTYPED = "This IBAN is not valid: its check digits do not match: a character is probably mistyped."


def check_digits(country: str, bban: str) -> str:
    """ISO 13616: 98 minus the remainder by 97 of the BBAN, the country and 00, letters as 10–35."""
    numeric = "".join(str(int(char, 36)) for char in bban + country + "00")
    return f"{98 - int(numeric) % 97:02d}"


@st.composite
def ibans(draw) -> str:
    country = draw(st.sampled_from(IBAN_COUNTRIES))
    bban = draw(st.from_regex(registry.get_iban_spec(country).regex, fullmatch=True, alphabet=ALPHANUMERIC))
    return country + check_digits(country, bban) + bban


@st.composite
def typed(draw, iban: str) -> str:
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    chosen = draw(st.sampled_from([iban, grouped, iban.lower(), grouped.lower()]))
    return draw(st.sampled_from(["", " "])) + chosen + draw(st.sampled_from(["", " "]))


def refusal(text: str) -> str:
    try:
        normalised_iban(text)
    except DomainError as error:
        assert error.field == "iban"
        return error.message
    raise AssertionError(f"{text!r} was accepted")


@given(ibans(), st.data())
def test_a_valid_iban_is_accepted_however_it_is_typed(iban, data):
    kept = normalised_iban(data.draw(typed(iban), label="typed"))
    assert kept == iban
    assert normalised_iban(kept) == kept


@given(ibans(), st.data())
def test_one_character_mistyped_is_refused_with_what_is_wrong(iban, data):
    position = data.draw(st.integers(0, len(iban) - 1), label="position")
    same_kind = string.digits if iban[position].isdigit() else string.ascii_uppercase
    other = data.draw(st.sampled_from(same_kind).filter(lambda char: char != iban[position]), label="other")
    changed = iban[:position] + other + iban[position + 1 :]
    message = refusal(changed)
    if position >= 2:  # the country code stays: only the check digits can tell
        assert message == MISTYPED
    else:
        assert message.startswith("This IBAN is not valid: ")


@given(ibans(), st.data())
def test_a_character_left_out_or_doubled_is_refused(iban, data):
    position = data.draw(st.integers(0, len(iban) - 1), label="position")
    left_out = iban[:position] + iban[position + 1 :]
    doubled = iban[:position] + iban[position] + iban[position:]
    for changed in (left_out, doubled):
        assert refusal(changed).startswith("This IBAN is not valid: ")


@given(st.text(max_size=40) | st.text(ALPHANUMERIC + " ", max_size=40))
@example("FR76 3000 6000 0112 3456 7890 189\x00")
def test_any_text_is_kept_or_refused_with_a_message(text):
    try:
        kept = normalised_iban(text)
    except DomainError as error:
        assert error.field == "iban" and error.message.startswith("This IBAN is not valid: ")
        return
    assert kept == kept.upper() and kept.isascii() and kept.isalnum()


# --- masking ---------------------------------------------------------------------------------------


@given(ibans(), st.text(ALPHANUMERIC, max_size=26))
def test_a_support_agent_sees_only_the_first_and_last_four_characters(iban, other_middle):
    masked = masked_iban(iban, AGENT)
    start, _, end = masked.partition(" •••• ")
    assert (start, end) == (iban[:4], iban[-4:])
    assert masked_iban(iban, AGENT) == masked  # stable
    assert masked_iban(iban[:4] + other_middle + iban[-4:], AGENT) == masked  # not even the length shows


@given(ibans())
def test_a_compliance_officer_sees_the_whole_iban_grouped_by_four(iban):
    whole = masked_iban(iban, OFFICER)
    assert whole.replace(" ", "") == iban
    assert all(len(group) == 4 for group in whole.split(" ")[:-1]) and 1 <= len(whole.split(" ")[-1]) <= 4
