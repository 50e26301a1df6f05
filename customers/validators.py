"""Field rules of seed 003 and DOMAIN.md, with messages a support agent understands."""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import exceptions as stdnum_exceptions
from stdnum.eu import vat as eu_vat
from stdnum.util import get_cc_module

OLDEST_AGE = 120
PUBLIC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
NAME_JOINERS = " '’-."


# Letters (Lo, Mn) that show nothing: Hangul fillers, Khmer inherent vowels, variation selectors.
# A name of them looks blank in every list (outside attack 21c).
INVISIBLE = frozenset(
    "\u115f\u1160\u3164\uffa0\u17b4\u17b5"
    + "".join(map(chr, range(0x180B, 0x1810)))
    + "".join(map(chr, range(0xFE00, 0xFE10)))
)


def _is_letter(char: str) -> bool:
    """A letter that shows: of any alphabet, not a filler."""
    return unicodedata.category(char).startswith("L") and char not in INVISIBLE


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M") and char not in INVISIBLE


def _allowed(value: str, index: int) -> bool:
    """A letter, a joiner, or an accent on the letter (or accent) before it."""
    char = value[index]
    if _is_letter(char) or char in NAME_JOINERS:
        return True
    return _is_mark(char) and index > 0 and (_is_letter(value[index - 1]) or _is_mark(value[index - 1]))


def _name_problem(value: str, label: str, minimum: int) -> str | None:
    """What is wrong with a name, said so that the staff member knows what to change; None when
    it is a name: letters of any alphabet (with their accents), joined by spaces, hyphens,
    apostrophes or dots; no digit of any script (² and ½ are not letters either)."""
    subject = label.lower()
    digits = [char for char in value if unicodedata.category(char).startswith("N")]
    if digits:
        return f"The {subject} has a number in it (“{digits[0]}”): type the {subject} in letters only."
    others = [char for index, char in enumerate(value) if not _allowed(value, index)]
    if others:
        visible = others[0] not in INVISIBLE and unicodedata.category(others[0])[0] in "LNPS"
        shown = others[0] if visible else ""
        what = f"“{shown}”" if shown else f"an invisible or combining character (U+{ord(others[0]):04X})"
        return (
            f"The {subject} cannot contain {what}: use letters, with spaces, hyphens (-), apostrophes (') "
            "or dots between them."
        )
    if value and (value[0] in NAME_JOINERS or value[-1] in " '’-"):
        sign = value[0] if value[0] in NAME_JOINERS else value[-1]
        return f"The {subject} cannot start or end with “{sign}”: remove it."
    letters = sum(1 for char in value if _is_letter(char))
    if letters < minimum:
        plural = "s" if minimum > 1 else ""
        return f"The {subject} needs at least {minimum} letter{plural}, as on the identity document."
    return None


def validate_name(value: str, *, label: str, minimum: int) -> str:
    """First name ≥ 2 letters, last name ≥ 1; accented letters, hyphens and apostrophes are
    allowed, digits and other signs are not (S). Each refusal says what is wrong."""
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    problem = _name_problem(value, label, minimum)
    if problem:
        raise ValidationError(problem)
    return value


def validate_birth_date(value: date) -> None:
    today = timezone.localdate()
    if value >= today:
        raise ValidationError("The birth date must be in the past.")
    if value.year < today.year - OLDEST_AGE:
        raise ValidationError(f"Check the year: this would make the customer older than {OLDEST_AGE}.")


def validate_past_date(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError("This date cannot be in the future.")


def normalise_public_id(value: str) -> str:
    value = value.strip().lower()
    if not PUBLIC_ID.match(value):
        raise ValidationError(
            "A public id has 3 to 32 characters: letters, digits, dots, hyphens or underscores, "
            "starting with a letter or digit."
        )
    return value


EU_COUNTRIES = {
    *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
    *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
}


def normalise_vat_number(value: str, country: str) -> str:
    """A VAT number checked with python-stdnum: EU numbers with their country prefix (added from
    the legal country when missing), the UK's and Switzerland's with their own rules; kept as
    typed (trimmed) for countries without a known rule."""
    compact = re.sub(r"[\s.-]", "", value).upper()
    prefix = compact[:2] if compact[:2].isalpha() else ""
    if not prefix and country in EU_COUNTRIES:
        compact = ("EL" if country == "GR" else country) + compact
        prefix = compact[:2]
    if prefix in EU_COUNTRIES | {"EL", "XI"}:
        module, example = eu_vat, "FR40303265045 or DE136695976"
    else:
        module = get_cc_module((prefix or country or "").lower(), "vat") if (prefix or country) else None
        example = {"gb": "GB980780684", "ch": "CHE-113.558.572 MWST"}.get((prefix or country).lower(), "")
        if module is None:
            return " ".join(value.split())
    try:
        number = module.validate(compact)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            f"This is not a valid VAT number{f': expected a number like {example}' if example else ''}."
        ) from None
    code = (prefix or country).upper()
    return number if number[:2].isalpha() else code + number  # always with its country prefix


def _registration_validators():
    from stdnum.at import businessid
    from stdnum.de import handelsregisternummer
    from stdnum.dk import cvr
    from stdnum.ee import registrikood
    from stdnum.es import cif
    from stdnum.fi import ytunnus
    from stdnum.fr import siren, siret
    from stdnum.hr import oib
    from stdnum.it import iva
    from stdnum.pl import regon
    from stdnum.pt import nif
    from stdnum.se import orgnr
    from stdnum.si import maticna

    return {
        "AT": ((businessid,), "a Firmenbuchnummer such as FN 122119m"),
        "DE": ((handelsregisternummer,), "a register court and number such as Aachen HRA 11223"),
        "DK": ((cvr,), "a CVR number of 8 digits"),
        "EE": ((registrikood,), "a registrikood of 8 digits"),
        "ES": ((cif,), "a CIF such as A13585625"),
        "FI": ((ytunnus,), "a Y-tunnus such as 2077474-0"),
        "FR": ((siren, siret), "a SIREN of 9 digits or a SIRET of 14 digits"),
        "HR": ((oib,), "an OIB of 11 digits"),
        "IT": ((iva,), "a partita IVA of 11 digits"),
        "PL": ((regon,), "a REGON of 9 or 14 digits"),
        "PT": ((nif,), "a NIPC of 9 digits"),
        "SE": ((orgnr,), "an organisationsnummer such as 556703-7485"),
        "SI": ((maticna,), "a matična številka of 7 or 10 digits"),
    }


def normalise_registration_number(value: str, country: str) -> str:
    """Checked with python-stdnum where a validator exists for ``country``; kept as typed
    (trimmed) elsewhere."""
    value = " ".join(value.split())
    known = _registration_validators().get(country or "")
    if not known:
        return value
    modules, expected = known
    for module in modules:
        try:
            return module.validate(value)
        except stdnum_exceptions.ValidationError:
            continue
    raise ValidationError(f"This is not a valid registration number for this country: expected {expected}.")
