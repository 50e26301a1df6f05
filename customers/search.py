"""Finding customers: the one place that decides how.

Each customer carries ``search_document``: its id, public id, user tag, names, legal name,
emails and phone numbers, lower-cased and accent-folded in Python (``fold``), so the database
needs no ``unaccent``; a name with ä, ö, ü, å or ø is there in its transliterated spelling too
(Köberl as "koberl" and "koeberl"), and a query word with them matches either spelling. The
list filters fold names the same way (``name_condition``).

A query without the letter does not find a name written transliterated ("Muller" finds Müller,
not Mueller): that would mean storing "muller" for every Mueller, and an ae, oe, ue or aa in a
name is often no umlaut: Bauer would be stored as "baur" too and found by "Baur", Manuel as
"manl", Aaron as "aron". Only the name written with the letter says it has one, so precision wins.

On PostgreSQL a trigram GIN index serves ``search_document LIKE '%term%'`` (Django's
``contains`` on the already-folded term; ``icontains`` would become ``UPPER(…) LIKE`` and miss
the index). Every word of the query must match. Terms under three characters cannot use
trigrams: they match an id, public id or user tag exactly, or the start of the folded name
(``name_key``, a B-tree prefix), or, beside a long word of the same query, the start of any word
of the document ("Prystupa Sp. z o.o."). SQLite runs the same queries without the index, which
is fine at demo sizes.

The omnibox lists the newest matches, newest first, in one query (``newest_matching``): on
PostgreSQL through a subquery that finds their ids by walking a covering index in creation order
for a common term, or through the trigram index for a rare one, as the planner estimates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Func, IntegerField, Lookup, Q, QuerySet
from django.db.models.functions import Lower
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MIN_TRIGRAM_LENGTH = 3
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}")
NAME_KEY_SEPARATOR = "\t"  # between the last and the first name: sorts before any letter
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "’": "'"}
)


# How German and Nordic names are written without their letters: Köberl → Koeberl, Åsen → Aasen.
_TRANSLITERATED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe"})


def fold(text: str) -> str:
    """Case-folded without accents: ``"Zoë Ødegård-Łukasz"`` → ``"zoe odegard-lukasz"``. A normal
    form (folding folded text changes nothing), so a name is found by its own folded spelling:
    decomposed first, so that a letter with more than an accent (ǿ, ǽ, a pasted 𝐌) is folded
    to the end, and case-folded, not lower-cased (a final ς is a σ)."""
    text = unicodedata.normalize("NFKD", text or "").casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def transliterate(text: str) -> str:
    """Folded the German and Nordic way: ``"Köberl Åsen Sørensen"`` → ``"koeberl aasen soerensen"``
    (ß is already ``ss`` in ``fold``). Equal to ``fold`` for text without those letters."""
    return fold(unicodedata.normalize("NFC", (text or "").lower()).translate(_TRANSLITERATED))


def spellings(text: str) -> list[str]:
    """The ways ``text`` is found: folded, and transliterated when that differs. A customer named
    Köberl is found by "Köberl", "Koberl" and "Koeberl"; the query "Köberl" finds a Koeberl too."""
    folded, transliterated = fold(text), transliterate(text)
    return [folded] if folded == transliterated else [folded, transliterated]


# The letter a typed transliteration may stand for: "oe" in "Koeberl" for the ö of Köberl.
_LETTER_OF = {"ae": "a", "oe": "o", "ue": "u", "aa": "a"}
MAX_UNTRANSLITERATIONS = 8


def untransliterations(term: str) -> list[str]:
    """The folded spellings a folded ``term`` is the German or Nordic transliteration of, if its
    ae, oe, ue or aa stand for ä, ö, ü or å: ``"koeberl"`` → ``["koberl"]``, ``"aasen"`` →
    ``["asen"]``; at most ``MAX_UNTRANSLITERATIONS``, never ``term`` itself. Only candidates: a
    "ue" is often no umlaut (Manuel, Bauer), so a match must also show the transliteration in the
    customer's document, where only a name written with the letter puts it (``name_condition``)."""
    # The spellings of term[:n], for each n: a pair may start at any letter ("aae" is "aä" too).
    found: list[list[str]] = [[""]] + [[] for _ in term]
    for index, letter in enumerate(term):
        starts = found[index][: MAX_UNTRANSLITERATIONS + 1]
        found[index + 1] = list(dict.fromkeys([*found[index + 1], *(start + letter for start in starts)]))
        pair = term[index : index + 2]
        if pair in _LETTER_OF:
            found[index + 2] = [start + _LETTER_OF[pair] for start in starts]
    return [spelling for spelling in found[-1] if spelling != term][:MAX_UNTRANSLITERATIONS]


def name_condition(value: str, *, part: str) -> Q:
    """The customers whose name a list filter's ``value`` finds, folded the way the omnibox folds:
    "Köberl" finds Köberl, Koberl and Koeberl; "Koeberl", Koeberl and Köberl; "Aasen", Aasen and
    Åsen, never a plain Asen. ``part`` is where the value sits in the folded ``name_key``:
    ``"last"`` at its start (a B-tree prefix), ``"first"`` after the tab, ``"legal"`` anywhere.

    A typed transliteration ("Koeberl") also matches the key of a name written with the letter
    ("koberl") when the customer's document holds the transliterated spelling ("koeberl"), as
    only names with ä, ö, ü, å or ø have it there: the trigram index checks that, so a plain Koberl
    or a Baur (for "Bauer") is not found. Terms under three characters cannot use trigrams: they
    match their folded and transliterated spellings only."""
    spelled = spellings(value.strip())
    typed = spelled[-1]  # transliterated ("koeberl" for "Köberl"), or the folded value itself
    long_enough = len(spelled[0]) >= MIN_TRIGRAM_LENGTH

    def key(spelling: str) -> Q:
        if part == "last" or (part == "legal" and not long_enough):
            return Q(name_key__startswith=spelling)
        if part == "first":
            return Q(name_key__contains=f"{NAME_KEY_SEPARATOR}{spelling}")
        return Q(name_key__contains=spelling)

    condition = Q()
    for spelling in spelled:
        condition |= key(spelling)
    if not long_enough:
        return condition
    letters = [spelling for spelling in untransliterations(typed) if spelling not in spelled]
    if letters:
        with_letter = Q()
        for spelling in letters:
            with_letter |= key(spelling)
        condition |= with_letter & Q(search_document__contains=typed)
    if part != "last":  # the trigram column narrows the rows; the name key makes the match exact
        in_document = Q()
        for spelling in spelled:
            in_document |= Q(search_document__contains=spelling)
        condition &= in_document
    return condition


MAX_QUERY_LENGTH = 200


def clean_query(text: str) -> str:
    """What a typed query is searched as: control and invisible characters (a NUL byte, which
    PostgreSQL refuses in text; the replacement of invalid UTF-8; a right-to-left override) become
    spaces, runs of spaces one, at most ``MAX_QUERY_LENGTH`` characters."""
    kept = "".join(" " if unicodedata.category(char)[0] in "CZ" or char == "\ufffd" else char for char in text or "")
    return " ".join(kept.split())[:MAX_QUERY_LENGTH].rstrip()  # the cut may fall on a space


def phone_digits(value: str) -> str:
    """The digits a phone number is searched by: ``+33 6 12…`` → ``33612…``; a national
    ``06 12…`` → ``612…`` (without its trunk zero, so it matches inside the international form)."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return digits[1:]
    return digits


def name_key(*, kind_is_person: bool, first_name: str, last_name: str, legal_name: str) -> str:
    """How a customer sorts by name and is found by a short prefix: last name first for persons."""
    if kind_is_person and (first_name or last_name):
        return fold(f"{last_name}{NAME_KEY_SEPARATOR}{first_name}")[:255]
    return fold(legal_name)[:255]


def document(
    *,
    public_id: str,
    user_tag: str,
    names: Iterable[str],
    emails: Iterable[str],
    phones: Iterable[str],
) -> str:
    """The folded text a customer is found by (the id is matched on the primary key). Names
    appear in every spelling (``spellings``); phones as stored and as bare digits."""
    parts = [fold(public_id), fold(user_tag)]
    for name in names:
        parts += spellings(name)
    parts += [fold(email) for email in emails]
    for phone in phones:
        parts += [fold(str(phone)), phone_digits(str(phone))]
    return " | ".join(part for part in parts if part)


def words(query: str) -> list[str]:
    return [word for word in fold(query).split() if word]


def looks_like_phone(query: str) -> bool:
    """``+33 6 12 34 56 78``, ``06.12.34.56.78``: searched as one number, not word by word."""
    return bool(re.fullmatch(r"[+\d\s().-]+", query.strip())) and len(phone_digits(query)) >= 6


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """The customers of ``queryset`` that ``query`` finds (none for an empty query)."""
    if EMAIL.fullmatch(query.strip()):
        return _by_email(queryset, query)
    words = _word_conditions(query)
    return queryset.filter(_every_word(words)) if words else queryset.none()


def _by_email(queryset: QuerySet, query: str) -> QuerySet:
    """A whole address: the email index answers at once (a long term through trigrams reads many
    posting lists)."""
    from .models import ContactEmail

    owners = ContactEmail.objects.annotate(lower=Lower("email")).filter(lower=query.strip().lower())
    return queryset.filter(pk__in=owners.values("customer_id"))


# A word of the query is found either way: ``exact`` (the id, public id or user tag: None for a
# phone number) or ``in_columns`` (the folded document, or the name key's start for a short word).
type WordCondition = tuple[Q | None, Q]


def _word_conditions(query: str) -> list[WordCondition]:
    """What finds each word of ``query``, in any of its spellings; empty for a query of no word."""
    if looks_like_phone(query) and not query.strip().isdigit():
        return [(None, Q(search_document__contains=phone_digits(query)))]
    spelled_words = word_spellings(query)
    # A short word beside a long one ("Prystupa Sp. z o.o.") also matches the start of any word:
    # the long word's trigrams narrow the rows first. Short words alone stay exact or prefix matches.
    with_long_word = any(len(spellings[0]) >= MIN_TRIGRAM_LENGTH for spellings in spelled_words)
    conditions: list[WordCondition] = []
    for spellings in spelled_words:
        exact, in_columns = Q(), Q()
        for word in spellings:
            word_exact, word_in_columns = _word_condition(word, with_long_word=with_long_word)
            exact |= word_exact
            in_columns |= word_in_columns
        conditions.append((exact, in_columns))
    return conditions


def _every_word(words: list[WordCondition]) -> Q:
    condition = Q()
    for exact, in_columns in words:
        condition &= in_columns if exact is None else exact | in_columns
    return condition


# --- the newest matches, in one query ------------------------------------------------------

NEWEST_FIRST = ("-created_at", "-pk")
# The longest document ``customers_customer_search_newest`` carries, in bytes: a B-tree entry must
# fit in a third of a page (2,704 bytes), and the name key beside it takes at most 1,020 (255
# characters). A longer document (dozens of emails) is found through ``customers_customer_search_long``.
# The predicates of both indexes are repeated in the queries (migration 0017): change them together.
INDEXED_DOCUMENT_BYTES = 1300
NAME_KEY_BYTES = 4 * 255  # the name key's most, in UTF-8: always true of every customer
# The fewest ids the subquery asks for: a results page's worth, also for the suggestions' 8 and one
# more. The planner walks the index from the newest customer when it expects the matches sooner
# than the trigram index would read them, so the fewer asked, the rarer the terms it walks for;
# asking for 9 it walked for a term it estimated at 1,000 matches that had 113 (31 ms).
FEWEST_CANDIDATES = 51


class _AnyOf(Lookup):
    """``lhs = ANY(rhs)``, ``rhs`` an array (PostgreSQL): the ids a subquery gives, computed once,
    which the primary key's index reads beside the other branches of an ``OR`` (``IN (SELECT …)``
    there would be checked row by row)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _octet_length(column: str) -> Func:
    return Func(column, function="octet_length", output_field=IntegerField())


def _indexed() -> Q:
    """The customers ``customers_customer_search_newest`` holds (its predicate), and a condition
    that every customer meets, for the planner's sake: without statistics on ``octet_length`` it
    keeps a third of the rows for each, where the index's predicate cancels out only the first.
    PostgreSQL prices walking the index at a thirtieth of reading a match through the trigram index,
    where here it costs a third (0.33 µs a customer against ~1 µs a match): it walked for terms it
    estimated at 1,300 matches, and terms of 480 matches estimated at 2,000 took 26–49 ms. With
    the walk weighed three times, it walks from ~2,200 (the two ways cost the same near 4,000)."""
    return Q(
        LessThanOrEqual(_octet_length("search_document"), INDEXED_DOCUMENT_BYTES),
        LessThanOrEqual(_octet_length("name_key"), NAME_KEY_BYTES),
    )


def _too_long() -> Q:
    """The customers ``customers_customer_search_long`` holds (its predicate): the others."""
    return Q(GreaterThan(_octet_length("search_document"), INDEXED_DOCUMENT_BYTES))


def newest_matching(queryset: QuerySet, query: str, count: int) -> QuerySet:
    """The ``count`` newest customers of ``queryset`` that ``query`` finds, newest first (the
    larger id first among customers created in the same instant), in one query.

    On PostgreSQL the newest matches' ids come first, from a subquery that reads whichever index
    the planner finds cheaper for the term: the trigram index for a rare term (few rows to read
    and sort), or ``customers_customer_search_newest`` walked from the newest customer down to the
    last match asked for, for a common one. That index carries the document and the name key
    (``INCLUDE``), so the walk tests each customer in the index alone: without it a term of a few
    thousand matches read them all from the table to sort them (10–35 ms at a million customers),
    or walked the creation date's index reading each row (up to 700 ms when the planner's
    estimate was wrong). A second subquery gives the customers too long for that index, through
    an index of their own (none in the demo data; each one is read by every search). The outer
    query reads the rows of those ids and of the exact matches (id, public id, user tag: the
    document does not hold the id) by primary key, and keeps the newest ``count`` that match: the
    rows, and the order, that filtering the whole table keeps (a match among the newest ``count``
    is among the newest of those it matched by). Elsewhere (SQLite) it is that filter.

    A query naming a holding (an IBAN, an account number, a card: ``search_holdings``) finds its
    owners through the holding's index, in the same query, each row saying which (``held_as``)."""
    from .search_holdings import reference

    held = reference(query)
    if held is not None and not held.with_words:
        return queryset.filter(held.condition).annotate(held_as=held.matched).order_by(*NEWEST_FIRST)[:count]
    if EMAIL.fullmatch(query.strip()):
        return _by_email(queryset, query).order_by(*NEWEST_FIRST)[:count]
    words = _word_conditions(query)
    if not words:
        return queryset.none()
    condition = _every_word(words)
    if held is not None:  # an account number, or a customer id: either
        condition |= held.condition
        queryset = queryset.annotate(held_as=held.matched)
    found = queryset.filter(condition).order_by(*NEWEST_FIRST)
    if connections[queryset.db].vendor != "postgresql":
        return found[:count]
    from django.contrib.postgres.expressions import ArraySubquery

    in_columns = [in_columns for _, in_columns in words]
    newest = queryset.filter(*in_columns, _indexed()).order_by(*NEWEST_FIRST).values("pk")
    too_long = queryset.filter(_too_long()).order_by().values("pk")
    candidates = Q(_AnyOf(F("pk"), ArraySubquery(newest[: max(count, FEWEST_CANDIDATES)]))) | Q(
        _AnyOf(F("pk"), ArraySubquery(too_long))
    )
    for exact, _ in words:
        if exact is not None:
            candidates |= exact
    if held is not None:
        candidates |= held.condition
    return found.filter(candidates)[:count]


def word_spellings(query: str) -> list[list[str]]:
    """The query's words as the search matches them: each folded, with its transliterated spelling
    beside it when it has ä, ö, ü, å or ø (``"Köberl"`` → ``["koberl", "koeberl"]``)."""
    folded, transliterated = words(query), transliterate(query).split()
    if len(folded) != len(transliterated):
        return [[word] for word in folded]
    return [[a] if a == b else [a, b] for a, b in zip(folded, transliterated, strict=True)]


def _word_condition(term: str, *, with_long_word: bool) -> tuple[Q, Q]:
    """``term``'s exact match (id, public id, user tag) and its match in the folded columns."""
    exact = Q(public_id=term) | Q(user_tag=term)
    number = term.lstrip("#")
    if number.isascii() and number.isdigit() and len(number) <= 18:
        exact |= Q(pk=int(number))
    if len(term) < MIN_TRIGRAM_LENGTH:
        in_columns = Q(name_key__startswith=term)
        if with_long_word:
            in_columns |= Q(search_document__contains=f" {term}")  # the start of a word
        return exact, in_columns
    in_columns = Q(search_document__contains=term)
    if term.isascii() and term.isdigit() and term.startswith("0") and len(term) >= 6:  # a national phone number
        in_columns |= Q(search_document__contains=phone_digits(term))
    return exact, in_columns


# --- what matched, for the results page ------------------------------------------------------


@dataclass(frozen=True)
class Match:
    group: str  # "Customer id", "Public id", "User tag", "Email", "Phone", "Name"
    value: SafeString  # the field's value with the matched part in <mark>


GROUP_ORDER = (
    "Customer id",
    "Public id",
    "User tag",
    "Account number",
    "Wallet id",
    "Account IBAN",
    "Beneficiary IBAN",
    "Card",
    "Card public token",
    "Email",
    "Phone",
    "Name",
)


def highlight(value: str, terms: Iterable[str]) -> SafeString | None:
    """``value`` escaped, with every folded occurrence of a term in ``<mark>``; None if none."""
    marked = [False] * len(value)
    for folding in (fold, transliterate):  # "Koeberl" marks the whole of "Köberl"
        folded_chars = [folding(char) for char in value]
        folded = "".join(folded_chars)
        # Map each position of the folded text back to the character it came from.
        origin = [index for index, part in enumerate(folded_chars) for _ in part]
        for term in terms:
            start = folded.find(term)
            while start != -1 and term:
                for position in range(start, start + len(term)):
                    marked[origin[position]] = True
                start = folded.find(term, start + len(term))
    if not any(marked):
        return None
    html, open_mark = [], False
    for char, on in zip(value, marked, strict=True):
        if on and not open_mark:
            html.append("<mark>")
        elif not on and open_mark:
            html.append("</mark>")
        open_mark = on
        html.append(escape(char))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))


def explain_match(customer, query: str, *, emails: Iterable[str], phones: Iterable[str]) -> Match:
    """Which of ``customer``'s fields the query found, highlighted (the first, in GROUP_ORDER)."""
    is_phone = looks_like_phone(query) and not query.strip().isdigit()
    terms = [phone_digits(query)] if is_phone else [word for spelled in word_spellings(query) for word in spelled]
    number = terms[0].lstrip("#") if len(terms) == 1 else ""
    if number.isascii() and number.isdigit() and str(customer.pk) == number:
        return Match("Customer id", mark_safe(f"<mark>{customer.pk}</mark>"))
    candidates = [("Public id", customer.public_id), ("User tag", customer.user_tag)]
    candidates += [("Email", email) for email in emails]
    phone_terms = [phone_digits(term) for term in terms if len(phone_digits(term)) >= 6]
    for phone in phones:
        spaced = _spaced_phone(phone)
        if phone_terms and any(digits in phone_digits(phone) for digits in phone_terms):
            return Match("Phone", mark_safe(f"<mark>{escape(spaced)}</mark>"))
        candidates.append(("Phone", spaced))
    candidates.append(("Name", customer.display_name))
    if customer.legal_name and customer.legal_name != customer.display_name:
        candidates.append(("Name", customer.legal_name))
    for group, value in candidates:
        if value and (marked := highlight(value, terms)):
            return Match(group, marked)
    return Match("Name", escape(customer.display_name))


def _spaced_phone(phone: str) -> str:
    import phonenumbers

    try:
        return phonenumbers.format_number(phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return phone
