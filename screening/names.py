"""Names as the matcher compares them (issue 20), on both sides alike: a customer's and a listed
subject's. The OpenSanctions stack's rigour does the field's work (normalisation, titles,
transliteration to ASCII, legal forms, metaphone); this module adds a spelling "skeleton" that
folds the transliterations one language writes differently (Iwanow / Ivanov, Khaled / Haled) and
the blocking keys the candidate search looks up in PostgreSQL.

Measured choices (/work/briefs/screening-research.md, tests/perf/screening.py): rigour's
``ascii_text`` for every script (one romanisation on both sides), its legal-form table with the
flags the names were normalised with (with the default flags it silently removes nothing), and
a local pass for the Polish forms it misses when spaced ("sp. z o. o.", "sp. k.", "sp. j.")."""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.names import normalize_name, remove_org_types, remove_person_prefixes, tokenize_name
from rigour.text import ascii_text, metaphone
from rigour.text.normalize import Normalize

NAME_FLAGS = Normalize.CASEFOLD | Normalize.NAME
# Polish company forms rigour misses once spaced out, as they are often typed.
_POLISH_FORMS = re.compile(r"\b(sp\s*z\s*o\s*o|sp\s*k|sp\s*j|s\s*k\s*a|sp[oó][lł]ka komandytowa|sp[oó][lł]ka jawna)\b")
# Spellings transliterations disagree on, folded alike (order matters: longest first).
_SKELETON = (
    ("sch", "sh"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
    ("z", "s"),
)


@lru_cache(maxsize=131072)
def _person_tokens(name: str) -> tuple[str, ...]:
    normalized = normalize_name(remove_person_prefixes(name)) or ""
    return tuple(tokenize_name(ascii_text(normalized)))


@lru_cache(maxsize=131072)
def _organisation_tokens(name: str) -> tuple[str, ...]:
    normalized = normalize_name(name) or ""
    polish = _POLISH_FORMS.sub(" ", normalized)  # before rigour, which strips "sp" alone and leaves "z o o"
    stripped = remove_org_types(polish, normalize_flags=NAME_FLAGS) or ""
    return tuple(tokenize_name(ascii_text(stripped)) or tokenize_name(ascii_text(normalized)))


def person_tokens(name: str) -> list[str]:
    """A person's name as ASCII tokens, titles dropped: "Dr. Ali Ahmad Al-Hassan" → ali ahmad al
    hassan; "SIDOROV, Ivan" → sidorov ivan (order is the matcher's business). Kept per process:
    a listed name is compared with many customers."""
    return list(_person_tokens(name))


def organisation_tokens(name: str) -> list[str]:
    """A company's name as ASCII tokens, its legal form dropped: "Kowalski Budownictwo Sp. z o.o."
    and "KOWALSKI BUDOWNICTWO SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ" → kowalski budownictwo."""
    return list(_organisation_tokens(name))


def tokens_of(name: str, *, organisation: bool) -> list[str]:
    return organisation_tokens(name) if organisation else person_tokens(name)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """The token with the spellings transliterations disagree on folded, doubled letters once."""
    for spelling, folded in _SKELETON:
        token = token.replace(spelling, folded)
    return re.sub(r"(.)\1+", r"\1", token)


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    return metaphone(skeleton(token)) or skeleton(token)


# Words of a name that say "son of", "the", "of the": shared by half the names of a region's lists.
PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "ben", "bint", "abu", "abd", "abdul", "de", "del", "della", "la", "le"}
    | {"van", "von", "der", "den", "da", "di", "dos", "das", "du", "y"}
)
KEY_LENGTH = 150  # the index column's


def name_keys(names, *, organisation: bool) -> set[str]:
    """The blocking keys of ``names``, the same for a listed subject's index rows and a customer's
    lookup: each word's but a name particle's (with them, every Arabic name reached the cap of
    candidates: tests/perf/screening.py), and the whole name's with every word; cut to the
    column (two long names may share a cut key: once each)."""
    keys: set[str] = set()
    for name in names:
        tokens = tokens_of(name, organisation=organisation)
        words = [token for token in tokens if token not in PARTICLES] or tokens
        keys |= {key for key in blocking_keys(words) if not key.startswith("f:")}
        keys |= {key for key in blocking_keys(tokens) if key.startswith("f:")}
    return {key[:KEY_LENGTH] for key in keys}


def blocking_keys(tokens: list[str]) -> set[str]:
    """What the candidate search looks a name up by: each token of two letters or more, as
    written (``n:``) and as it sounds (``p:``), and the whole name, its tokens' skeletons sorted
    (``f:``: any order). An initial gives no key of its own."""
    words = [token for token in tokens if len(token) >= 2]
    keys = {f"n:{token}" for token in words} | {f"p:{phonetic(token)}" for token in words}
    if len(words) >= 2:
        keys.add("f:" + " ".join(sorted(skeleton(token) for token in words)))
    return keys


@lru_cache(maxsize=65536)
def consonants(token: str) -> str:
    """The token's skeleton without its vowels: romanisations of Arabic names differ in these."""
    return re.sub(r"[aeiou]", "", skeleton(token))
