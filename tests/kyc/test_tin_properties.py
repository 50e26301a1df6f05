"""Properties of the tax residences' TIN field (``kyc.tin`` through ``TaxResidenceForm``) and of
its masking for support agents (``kyc.selectors.masked_tin``):

- a valid number of each country with a validator is accepted however it is typed (as issued,
  as printed, lower-case, with spaces) and kept in one compact form, which is accepted again as
  itself;
- where the number carries a check character that catches every single substitution, a number
  with one digit (or its check character) mistyped is refused, next to the field, with a message
  naming the country and the format expected;
- any text, for any country, is either kept or refused with that message: never an error;
- a support agent sees the last four characters of a TIN and nothing else, not even its length.
"""

import string
import unicodedata

from django_countries import countries
from hypothesis import example, given
from hypothesis import strategies as st
from stdnum.util import get_cc_module

from kyc.forms import TaxResidenceForm
from kyc.selectors import masked_tin
from kyc.tin import FORMATS, INVISIBLE, UNCHECKED, UNCHECKED_TIN
from tests.kyc.tins import VALID_TINS
from tests.properties import AGENT, OFFICER  # and the Hypothesis profile, loaded before any property

# Schemes whose check character catches every single substitution. Not here: Belgium (a check per
# century: a change may land on a valid number of the other century), Germany (any 11 digits are
# a well-formed Steuernummer, which has no check digit), Denmark and the United States (no check
# digit), the United Kingdom and Portugal (two remainders share a check digit).
CHECKSUMMED = ("AT", "CH", "ES", "FI", "FR", "IT", "NL", "PL", "SE")

valid_tins = st.sampled_from(sorted(VALID_TINS)).flatmap(
    lambda country: st.tuples(st.just(country), VALID_TINS[country])
)


def entered(country: str, tin: str) -> TaxResidenceForm:
    form = TaxResidenceForm(data={"country": country, "tin": tin})
    form.is_valid()
    return form


def refusal(country: str) -> str:
    return f"This is not a valid tax number for {countries.name(country)}: expected {FORMATS[country].expected}."


def compact(country: str, tin: str) -> str:
    """The number in its scheme's compact form (the first of the country's schemes it is valid in)."""
    for name in FORMATS[country].modules:
        module = get_cc_module(country.lower(), name)
        if module.is_valid(tin):
            return module.compact(tin)
    raise AssertionError(f"{tin} is valid in none of {country}'s schemes")


@st.composite
def typed(draw, country: str, tin: str) -> str:
    """``tin`` as a staff member may type it: as issued, as printed, lower-case, spaced."""
    module = get_cc_module(country.lower(), FORMATS[country].modules[0])
    printed = module.format(tin) if hasattr(module, "format") and module.is_valid(tin) else tin
    chosen = draw(st.sampled_from([tin, printed, tin.lower(), printed.lower()]))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(chosen) - 1)), max_size=3)))
    pieces = [chosen[start:end] for start, end in zip([0, *cuts], [*cuts, len(chosen)], strict=True)]
    return draw(st.sampled_from(["", " "])) + " ".join(pieces) + draw(st.sampled_from(["", " "]))


@given(valid_tins, st.data())
def test_a_valid_tin_is_accepted_however_it_is_typed(country_and_tin, data):
    country, tin = country_and_tin
    as_typed = data.draw(typed(country, tin), label="typed")
    form = entered(country, as_typed)
    assert not form.errors, form.errors
    kept = form.cleaned_data["tin"]
    assert kept == compact(country, tin)
    assert entered(country, kept).cleaned_data["tin"] == kept


@st.composite
def mistyped(draw) -> tuple[str, str, str]:
    """A valid number of a checksummed scheme with one digit, or its check character, changed."""
    country = draw(st.sampled_from(CHECKSUMMED))
    tin = draw(VALID_TINS[country])
    positions = [i for i, char in enumerate(tin) if char.isdigit() or i == len(tin) - 1]
    position = draw(st.sampled_from(positions))
    alphabet = string.digits if tin[position].isdigit() else string.ascii_uppercase
    other = draw(st.sampled_from(alphabet).filter(lambda char: char != tin[position]))
    return country, tin, tin[:position] + other + tin[position + 1 :]


@given(mistyped())
@example(("IT", "RCCMNL83S18D969H", "RCCMNL83S18D968H"))
def test_a_mistyped_digit_is_refused_with_the_format_expected(mistake):
    country, _, wrong = mistake
    assert entered(country, wrong).errors == {"tin": [refusal(country)]}


@given(st.sampled_from(sorted(FORMATS)) | st.sampled_from([code for code, _ in countries]), st.text(max_size=30))
@example("FI", "١٣١٠٥٢-٣٠٨T")  # Arabic-Indic digits
@example("US", "123-45-6789\n")
@example("AG", "\u202eEVIL\u202c")
@example("AF", "<img src=x>")
def test_any_text_is_kept_or_refused_with_a_message(country, text):
    form = entered(country, text)
    if "tin" in form.errors:
        messages = ["Null characters are not allowed.", INVISIBLE] + (
            [refusal(country)] if country in FORMATS else [UNCHECKED]
        )
        assert form.errors["tin"] in [[message] for message in messages], form.errors
        return
    kept = form.cleaned_data["tin"]
    assert kept == kept.upper() and not any(char.isspace() for char in kept)
    assert not any(unicodedata.category(char) in ("Cc", "Cf") for char in kept), kept
    if country not in FORMATS:
        assert UNCHECKED_TIN.fullmatch(kept), kept  # letters A to Z, digits, . / - (review 21c M3)
    if country in FORMATS and kept:
        assert kept.isascii(), kept  # a scheme's compact form, never another script's digits


# --- masking ---------------------------------------------------------------------------------------


TINS = st.text(string.ascii_uppercase + string.digits + "-", min_size=5, max_size=30)


@given(TINS, st.text(string.ascii_uppercase + string.digits, max_size=26))
def test_a_support_agent_sees_only_the_last_four_characters_of_a_tin(tin, other_start):
    masked = masked_tin(tin, AGENT)
    shown = masked.replace("•", "").strip()
    assert len(shown) <= 4 and tin.endswith(shown)
    assert tin not in masked
    assert masked_tin(tin, AGENT) == masked  # stable
    assert masked_tin(other_start + tin[-4:], AGENT) == masked  # not even the length shows
    assert masked_tin(tin, OFFICER) == tin
