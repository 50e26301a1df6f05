"""Whether a customer is a listed subject (issue 20): one function decides, ``compare``, with a
score and an explanation a compliance officer can read: which name matched which alias, token by
token, and which attributes agreed or conflicted.

The name score aligns the tokens of the two names one to one, in any order (swapped first and
last names, "LAST, First"), each pair scored by ``token_similarity``: equal; an initial and a
name it begins; equal once transliterations are folded (``names.skeleton``); within an edit
budget (rigour's Levenshtein, a fifth of the shorter token, 4 edits at most); or Jaro–Winkler
(rapidfuzz) of 0.88 or more. The shorter name's coverage weighs most: a missing middle name or
patronymic costs little, a different given name a lot. A person's birth date and nationality,
a company's country, then move the score up or down: a same-surname different-person is told
apart by them. Weights and the threshold are set on the labelled pairs of
``tests/perf/screening.py`` (figures in docs/performance.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from rigour.text.distance import levenshtein_similarity

from customers.countries import country_name

from .names import consonants, skeleton, tokens_of
from .records import ORGANISATION

# A hit from here: the highest threshold whose recall on the labelled pairs is 0.95 or more
# (tests/perf/screening.py: 0.87 gives recall 0.956 at precision 0.969; 0.88 gave 0.949).
THRESHOLD = 0.87
WEAK_NAME = 0.9  # a low-quality alias counts for less, and needs two tokens matched
ONE_WORD = 0.8  # a one-word name against a longer one: never a hit on the name alone
# The USSR's nationality, as old listings give it ("SU"), agrees with its successor states'.
SUCCESSORS = {"SU": {"RU", "UA", "BY", "KZ", "UZ", "TM", "KG", "TJ", "AM", "AZ", "GE", "MD", "LT", "LV", "EE"}}


@dataclass(frozen=True)
class Subject:
    """One side of a comparison: a customer, or a listed subject."""

    kind: str  # records.PERSON or ORGANISATION
    names: tuple[tuple[str, bool], ...]  # (name, weak)
    birth_dates: tuple[str, ...] = ()  # ISO, whole or partial ("1965")
    countries: tuple[str, ...] = ()  # a person's nationalities, a company's countries (ISO2)


@dataclass
class Match:
    score: float
    customer_name: str
    listed_name: str
    tokens: list[tuple[str, str, float]] = field(default_factory=list)  # (customer's, listed, similarity)
    agreed: list[str] = field(default_factory=list)
    conflicted: list[str] = field(default_factory=list)

    def explanation(self) -> dict:
        """As stored with the hit (JSON) and shown beside it."""
        return {
            "score": round(self.score, 3),
            "customer_name": self.customer_name,
            "listed_name": self.listed_name,
            "tokens": [[mine, theirs, round(similarity, 2)] for mine, theirs, similarity in self.tokens],
            "agreed": self.agreed,
            "conflicted": self.conflicted,
        }


@lru_cache(maxsize=262144)
def token_similarity(mine: str, theirs: str, *, winkler: bool = True) -> float:
    if mine == theirs:
        return 1.0
    if len(mine) == 1 or len(theirs) == 1:  # an initial: "J." for John
        return 0.9 if mine[0] == theirs[0] else 0.0
    if skeleton(mine) == skeleton(theirs):
        return 0.95
    if len(mine) >= 4 and len(theirs) >= 4 and consonants(mine) == consonants(theirs):
        return 0.9  # vowels a romanisation wrote otherwise: Mohammed / Muhammad, Ahmed / Ahmad
    edits = max(levenshtein_similarity(mine, theirs), levenshtein_similarity(skeleton(mine), skeleton(theirs)))
    if not winkler:
        return edits
    similarity = JaroWinkler.similarity(mine, theirs)
    return max(edits, similarity if similarity >= 0.88 else 0.0)


@lru_cache(maxsize=65536)
def _pieces(tokens: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Each token, and two or three adjacent tokens written as one when one of them is short:
    Abd al-Karim / Abdelkarim, Feng-hung / Fenghong, Abd Allah / Abdallah."""
    pieces = [(token, index, index) for index, token in enumerate(tokens)]
    for size in (2, 3):
        for start in range(len(tokens) - size + 1):
            part = tokens[start : start + size]
            if min(len(token) for token in part) <= 4 and all(len(token) > 1 for token in part):
                pieces.append(("".join(part), start, start + size - 1))
    return tuple(pieces)


def name_score(
    mine: Sequence[str], theirs: Sequence[str], *, organisation: bool = False
) -> tuple[float, list[tuple[str, str, float]]]:
    """How well two names' tokens cover each other (0–1), and the pairs that made it: each token
    paired once, the most similar pairs first (tokens joined on one side only when the join
    matches well); a token weighs its length (3 at least). A company's long words get no
    Jaro–Winkler (its prefix bonus makes Stalmontazh of Stalmash)."""
    if not mine or not theirs:
        return 0.0, []
    candidates = []
    their_pieces = _pieces(tuple(theirs))
    for a, i0, i1 in _pieces(tuple(mine)):
        for b, j0, j1 in their_pieces:
            joined = i0 != i1 or j0 != j1
            if (i0 != i1 and j0 != j1) or (joined and abs(len(a) - len(b)) > 2):
                continue
            similarity = token_similarity(a, b, winkler=not organisation or abs(len(a) - len(b)) <= 1)
            if joined and similarity < 0.88:
                continue
            candidates.append((similarity, i1 - i0 + j1 - j0, i0, i1, j0, j1, a, b))
    candidates.sort(key=lambda candidate: (candidate[0], candidate[1]), reverse=True)
    mine_matched: dict[int, float] = {}
    theirs_matched: dict[int, float] = {}
    aligned = []
    for similarity, _size, i0, i1, j0, j1, a, b in candidates:
        if similarity <= 0:
            continue
        if any(i in mine_matched for i in range(i0, i1 + 1)) or any(j in theirs_matched for j in range(j0, j1 + 1)):
            continue
        mine_matched.update(dict.fromkeys(range(i0, i1 + 1), similarity))
        theirs_matched.update(dict.fromkeys(range(j0, j1 + 1), similarity))
        aligned.append((i0, j0, a, b, similarity))
    pairs = [(a, b, similarity) for _i, _j, a, b, similarity in sorted(aligned)]  # in the customer's order

    def coverage(tokens: Sequence[str], matched: dict[int, float]) -> float:
        weights = [max(len(token), 3) for token in tokens]
        return sum(weight * matched.get(index, 0.0) for index, weight in enumerate(weights)) / sum(weights)

    mine_covered, theirs_covered = coverage(mine, mine_matched), coverage(theirs, theirs_matched)
    shorter, longer = (mine_covered, theirs_covered) if len(mine) <= len(theirs) else (theirs_covered, mine_covered)
    # A person's name may lack a middle name; a company with words of its own is another company.
    weight = 0.65 if organisation else 0.8
    score = weight * shorter + (1 - weight) * longer
    if min(len(mine), len(theirs)) == 1 and max(len(mine), len(theirs)) > 1:
        score = min(score, ONE_WORD)  # "Mohammed" listed alone is not every Mohammed
    return score, pairs


def compare(customer: Subject, listed: Subject) -> Match | None:
    """The best of the listed subject's names against the customer's, adjusted by the other
    attributes; None when it is not a hit (under ``THRESHOLD``)."""
    organisation = customer.kind == ORGANISATION
    if organisation != (listed.kind == ORGANISATION):
        return None  # a person is never a listed company, nor a company a listed person
    best: Match | None = None
    for mine in customer.names:
        mine_tokens = tokens_of(mine[0], organisation=organisation)
        for theirs, weak in listed.names:
            score, pairs = name_score(
                mine_tokens, tokens_of(theirs, organisation=organisation), organisation=organisation
            )
            if weak:
                if len(pairs) < 2:
                    continue  # a one-word low-quality alias ("Vanya") would match half the customers
                score *= WEAK_NAME
            if best is None or score > best.score:
                best = Match(score, mine[0], theirs, pairs)
    if best is None or best.score < THRESHOLD - 0.15:  # no attribute can bring it to a hit
        return None
    if organisation:
        _countries(best, customer.countries, listed.countries, "Country", agree=0.03, conflict=0.05)
    else:
        _birth(best, customer.birth_dates, listed.birth_dates)
        _countries(best, customer.countries, listed.countries, "Nationality", agree=0.02, conflict=0.05)
    best.score = min(best.score, 1.0)
    return best if best.score >= THRESHOLD else None


def _birth(match: Match, mine: Sequence[str], theirs: Sequence[str]) -> None:
    """A whole date listed and the same: agrees. Only other whole dates listed: conflicts (born
    the same year is not the same day). A year listed within one of the customer's: agrees."""
    if not mine or not theirs:
        return
    whole = {day for day in theirs if len(day) == 10}
    if set(mine) & whole:
        match.score += 0.05
        match.agreed.append(f"Born {sorted(set(mine) & whole)[0]}, as listed")
        return
    if any(_slip(day, other) for day in mine if len(day) == 10 for other in whole):
        match.score += 0.03
        match.agreed.append(f"Born {', '.join(sorted(mine))}; listed born {', '.join(sorted(whole))} (a slip?)")
        return
    my_years = {int(day[:4]) for day in mine}
    their_years = {int(day[:4]) for day in theirs if len(day) < 10 and day[:4].isdigit()}
    close = {year for year in my_years for other in their_years if abs(year - other) <= 1}
    if close:
        match.score += 0.03
        match.agreed.append(f"Born in {min(close)}; listed born {', '.join(sorted(theirs))}")
    elif their_years or whole:
        match.score -= 0.25
        match.conflicted.append(f"Born {', '.join(sorted(mine))}; listed born {', '.join(sorted(theirs))}")


def _countries(match: Match, mine, theirs, what: str, *, agree: float, conflict: float) -> None:
    if not mine or not theirs:
        return
    agreeing = {code for country in theirs for code in (country, *SUCCESSORS.get(country, ()))}
    common = sorted(set(mine) & agreeing)
    if common:
        match.score += agree
        match.agreed.append(f"{what} {_named(common)}, as listed")
    else:
        match.score -= conflict
        match.conflicted.append(f"{what} {_named(mine)}; listed {_named(theirs)}")


def _named(codes) -> str:
    """Countries as a reader knows them, their codes beside: "Russia (RU), USSR (SU)"."""
    names = []
    for code in sorted(codes):
        name = "USSR" if code == "SU" else country_name(code)
        names.append(f"{name} ({code})" if name and name != code else code)
    return ", ".join(names)


def _slip(mine: str, theirs: str) -> bool:
    """Day and month swapped, a digit of the day or month mistyped, or the year one off on the
    same day: how a birth date is mistyped (1965 for 1995 is another person)."""
    swapped = f"{mine[:5]}{mine[8:10]}-{mine[5:7]}"
    if swapped == theirs:
        return True
    if mine[:4] == theirs[:4]:
        return sum(a != b for a, b in zip(mine, theirs, strict=True)) == 1
    return (
        mine[4:] == theirs[4:]
        and mine[:4].isdigit()
        and theirs[:4].isdigit()
        and abs(int(mine[:4]) - int(theirs[:4])) == 1
    )
