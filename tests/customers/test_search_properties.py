"""Properties of the omnibox's folding (``customers.search``), for any name and any typed text:

- folding is a normal form: idempotent, blind to case, and the transliteration (Köberl →
  koeberl) is one too, equal to plain folding for a name without ä, ö, ü, å or ø;
- ``clean_query`` never raises, never returns a control or invisible character, and is itself
  clean (idempotent, no space at either end, never longer than the limit);
- a stored person is found, by the omnibox and by the list's name filters, by their name as
  typed, upper-cased, lower-cased, decomposed (combining accents), folded or transliterated;
- no text, nor any bytes, in the query string makes the search page fail.

The names are drawn from the Latin, Greek and Cyrillic alphabets (letters of every accent, the
German and Nordic ones often), as the person forms accept them (``validate_name``).
"""

import unicodedata
from http.cookies import SimpleCookie
from urllib.parse import quote_from_bytes

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import assume, example, given, reject, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from backoffice.models import StaffUser
from backoffice.roles import SUPPORT_AGENT
from customers import search, selectors
from customers.models import Customer
from customers.validators import validate_name
from tests.conftest import sign_in
from tests.customers.factories import make_person
from tests.properties import DATABASE_EXAMPLES

GERMAN_AND_NORDIC = "äöüåøÄÖÜÅØßæÆœ"
# Letters with a canonical or compatibility decomposition (é, ǿ, ﬁ, ᴬ, 𝐌…): where folding works.
# Not those that decompose with a space (Arabic isolated vowel signs, ﷺ): no name holds them.
DECOMPOSABLE_LETTERS = [
    char
    for char in map(chr, range(0x20000))
    if unicodedata.category(char)[0] == "L"
    and unicodedata.decomposition(char)
    and " " not in unicodedata.normalize("NFKD", char)
]
LETTERS = st.one_of(
    st.sampled_from(DECOMPOSABLE_LETTERS),
    st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo"), max_codepoint=0x052F),  # Latin, Greek, Cyrillic
    st.characters(categories=("Lu", "Ll"), min_codepoint=0x1E00, max_codepoint=0x1EFF),  # Vietnamese, Welsh…
    st.sampled_from(GERMAN_AND_NORDIC),
)
WORD = st.text(LETTERS, min_size=1, max_size=9)
# Typed text: anything, words, or a long word and more, where the query's length limit cuts.
QUERIES = st.one_of(
    st.text(),
    st.lists(st.text(min_size=1, max_size=40), max_size=12).map(" ".join),
    st.builds(
        "{} {}".format,
        st.text(
            st.characters(categories=("L",)), min_size=search.MAX_QUERY_LENGTH - 5, max_size=search.MAX_QUERY_LENGTH + 5
        ),
        st.text(max_size=20),
    ),
)


@st.composite
def names(draw, *, minimum: int = 1) -> str:
    """A name as the person forms keep it: words of letters joined by spaces, hyphens or
    apostrophes, NFC, valid by ``validate_name``."""
    words = draw(st.lists(WORD, min_size=1, max_size=3))
    joiners = draw(st.lists(st.sampled_from([" ", "-", "'"]), min_size=len(words) - 1, max_size=len(words) - 1))
    name = words[0] + "".join(joiner + word for joiner, word in zip(joiners, words[1:], strict=True))
    try:
        return validate_name(name, label="Name", minimum=minimum)
    except ValidationError:
        reject()


def spellings_typed(name: str) -> list[str]:
    """The ways a staff member may type a name they read or heard."""
    return [
        name,
        name.upper(),
        name.lower(),
        unicodedata.normalize("NFD", name),
        search.fold(name),
        search.transliterate(name),
    ]


# What ``customers.search`` promises, and no more: terms under three characters cannot use
# trigrams, so they match the start of the folded name (or, beside a longer word, of any word)
# in their own spellings only; a typed transliteration ("Koeberl") finds the letter (Köberl) in a
# list's name filter among at most MAX_UNTRANSLITERATIONS spellings, each "ae", "oe", "ue" or "aa"
# standing for a letter or not: three of them make seven.
PAIRS = ("ae", "oe", "ue", "aa")


def longest_word(text: str) -> int:
    return max((len(word) for word in search.fold(text).split()), default=0)


def is_transliteration(typed: str, name: str) -> bool:
    return search.fold(typed) != search.fold(name)


def promised_by_the_omnibox(typed: str, name: str) -> bool:
    if longest_word(typed) >= search.MIN_TRIGRAM_LENGTH:
        return True
    return len(search.fold(typed).split()) == 1 and not is_transliteration(typed, name)


def promised_by_a_filter(typed: str, name: str) -> bool:
    if not is_transliteration(typed, name):
        return True
    folded = search.fold(typed)
    pairs = sum(folded[index : index + 2] in PAIRS for index in range(len(folded)))
    return len(folded) >= search.MIN_TRIGRAM_LENGTH and 2**pairs - 1 <= search.MAX_UNTRANSLITERATIONS


# --- folding -----------------------------------------------------------------------------------


@given(st.text(LETTERS) | st.text())
@example("Ǿrsted")  # ø with an acute: folding must not stop at "ø"
@example("𝐌𝐮𝐥𝐥𝐞𝐫")  # mathematical bold letters, as pasted from a styled message
def test_folding_is_idempotent(text):
    folded = search.fold(text)
    assert search.fold(folded) == folded
    assert search.transliterate(search.transliterate(text)) == search.transliterate(text)


@given(names())
@example("Παπαδόπουλος")  # a final sigma, which upper-casing and lower-casing do not give back
def test_folding_ignores_case(name):
    assert search.fold(name.upper()) == search.fold(name) == search.fold(name.lower())
    assert search.transliterate(name.upper()) == search.transliterate(name)


@given(names())
def test_transliteration_differs_from_folding_only_for_german_and_nordic_letters(name):
    composed = unicodedata.normalize("NFC", name.lower())
    if not any(letter in composed for letter in "äöüåø"):
        assert search.transliterate(name) == search.fold(name)
    assert search.spellings(name)[0] == search.fold(name)


# --- clean_query ---------------------------------------------------------------------------------


@given(QUERIES)
@example("x" * (search.MAX_QUERY_LENGTH - 1) + " tail")  # the cut falls on a space
@example("Dup\x00ont\u202e\ufffd")
def test_clean_query_returns_printable_text_only(text):
    cleaned = search.clean_query(text)
    assert all(char == " " or unicodedata.category(char)[0] not in "CZ" for char in cleaned)
    assert "\ufffd" not in cleaned and "  " not in cleaned
    assert cleaned == cleaned.strip()
    assert len(cleaned) <= search.MAX_QUERY_LENGTH
    assert search.clean_query(cleaned) == cleaned


@given(st.lists(st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12), max_size=8))
def test_clean_query_keeps_a_clean_query_as_it_is(words):
    query = " ".join(words)
    assume(len(query) <= search.MAX_QUERY_LENGTH)
    assert search.clean_query(query) == query


# Pieces of what breaks searches: NUL (PostgreSQL refuses it), invisible and replacement
# characters, LIKE's wildcards, digits that int() refuses or the database cannot hold, signs of a
# phone number or an email, letters that fold to several, and the stored person's name.
FRAGMENTS = (
    *("\x00", "\u202e", "\u200b", "\ufffd", "\t", "\n", "%", "_", "\\", "'", '"', ";", "<b>", "&amp;"),
    *("#", "@", "+", "-", ".", "(", "²", "٣", "᧚", "0", "00", "06", "9" * 19, "1" * 18, "+33 6 12"),
    *("ß", "ﬃ", "Ǿ", "İ", "ς", "𝐌", "ae", "oe", "aa", "zoe", "Köberl", "koeberl", "x" * 120),
)
HOSTILE_TEXT = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=12).map("".join),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=12).map(" ".join),
    QUERIES,
)
QUERY_STRINGS = st.one_of(
    HOSTILE_TEXT.map(lambda text: quote_from_bytes(text.encode("utf-8", "surrogatepass"))),
    st.binary(max_size=300).map(quote_from_bytes),  # invalid UTF-8 too
)


# --- a stored person is found by every spelling of their name ------------------------------------


def support_agent() -> StaffUser:
    agent = StaffUser.objects.create_user(username="sam", password="x")
    agent.groups.set(Group.objects.filter(name=SUPPORT_AGENT))
    return agent


class StoredNamesAreFound(TestCase):
    """Each example stores one person beside a bystander and rolls back after itself."""

    @classmethod
    def setUpTestData(cls):
        cls.agent = support_agent()
        make_person("Bystander", "Keller")

    def found_by_omnibox(self, query: str) -> set[int]:
        results = selectors.find_customers(self.agent, query)
        return {result.customer.pk for _, group in results.groups for result in group}

    def found_by_filter(self, value: str, part: str) -> set[int]:
        return set(Customer.objects.filter(search.name_condition(value, part=part)).values_list("pk", flat=True))

    @settings(max_examples=DATABASE_EXAMPLES)
    @given(first=names(minimum=2), last=names())
    @example(first="Anna", last="Köberl")
    @example(first="Ole", last="Åsen")
    @example(first="AA", last="AÄ")  # "aae" is "aä" too, not only "åe"
    @example(first="AǢ", last="A")  # ǣ folds to "ae", whatever the form it was typed in
    def test_a_person_is_found_by_their_name_however_it_is_typed(self, first, last):
        person = make_person(first, last)
        for typed in spellings_typed(last):
            if promised_by_the_omnibox(typed, last):
                assert person.pk in self.found_by_omnibox(typed), f"omnibox, last name {typed!r}"
            if promised_by_a_filter(typed, last):
                assert person.pk in self.found_by_filter(typed, "last"), f"last-name filter {typed!r}"
        for typed in spellings_typed(first):
            if promised_by_a_filter(typed, first):
                assert person.pk in self.found_by_filter(typed, "first"), f"first-name filter {typed!r}"
        for typed in spellings_typed(f"{first} {last}"):
            if longest_word(typed) >= search.MIN_TRIGRAM_LENGTH:
                assert person.pk in self.found_by_omnibox(typed), f"omnibox, full name {typed!r}"


# --- hostile text --------------------------------------------------------------------------------


class HostileQueriesAnswer(TestCase):
    """The omnibox and the customer-field suggestions (both ``find_customers``) answer any query
    string with a page; the name filters' condition runs on any text their form field lets
    through (it refuses NUL: ``ProhibitNullCharactersValidator``)."""

    @classmethod
    def setUpTestData(cls):
        make_person("Zoë", "Köberl", email="zoe@example.test")
        cls.cookies = sign_in(Client(), support_agent()).cookies  # one session for every example

    def answers(self, value: str) -> None:
        self.client.cookies = SimpleCookie(self.cookies)
        for url, name in ((reverse("search"), "q"), (reverse("customer-person-lookup"), "representative")):
            response = self.client.get(url, QUERY_STRING=f"{name}={value}")
            assert response.status_code in (200, 302), (url, value, response.status_code)

    @settings(max_examples=DATABASE_EXAMPLES)
    @given(QUERY_STRINGS)
    @example(quote_from_bytes("Zoë ᧚ ٣".encode()))  # digits: ᧚ is one that int() refuses
    def test_no_query_string_makes_the_search_fail(self, value):
        self.answers(value)

    @settings(max_examples=DATABASE_EXAMPLES)
    @given(HOSTILE_TEXT)
    def test_the_name_filters_take_any_text(self, text):
        for part in ("first", "last", "legal"):
            list(Customer.objects.filter(search.name_condition(text.replace("\x00", ""), part=part)))
