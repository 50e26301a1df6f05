"""Jumps the index serves: "Go to" a day on a list ordered by a date or a time, "Go to" letters on
a list ordered by a column stored folded (the model's ``FOLDED_KEYS``)."""

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import Truncator

from .cursors import fields_of

DATE = "date"
LETTERS = "letters"
# What a letter jump accepts once folded as the column is: a few characters, a letter or a digit
# among them (“van d”, “o'b”); the bound is a parameter, whatever it holds.
_MAX_LETTERS = 40
# Sorts after every character a key may hold, in byte order and in language-aware collations
# alike (a noncharacter, the last code point): "z" + it bounds every key that starts with "z".
_AFTER_EVERY_CHARACTER = chr(0x10FFFF)
# The order of a list's first sort key, in words: "Go to created on or before", "Go to name from".
_NOUN_SUFFIXES = (" at", " key", " label")


def quoted(text: str) -> str:
    """``text`` as a sentence may quote it back: printable, and short."""
    printable = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    return Truncator(printable.strip()).chars(30) or "(empty)"


@dataclass(frozen=True)
class Jump:
    """A place the index can seek to on a list's first sort key: a day when the list is ordered by
    a date or a time (``DATE``), the first letters when it is ordered by a text key (``LETTERS``).
    ``condition`` is a bound on that one column, so the page is read from the index like the
    first one, then paged with its cursors."""

    kind: str
    field: models.Field
    descending: bool
    # LETTERS: how the column is folded (the model's ``FOLDED_KEYS``), so typed letters compare
    # with the stored keys as they were written.
    fold: Callable[[str], str] = str.casefold

    @property
    def noun(self) -> str:
        noun = str(self.field.verbose_name)
        for suffix in _NOUN_SUFFIXES:
            noun = noun.removesuffix(suffix)
        return noun

    @property
    def label(self) -> str:
        if self.kind == DATE:
            return f"Go to {self.noun} on or {'before' if self.descending else 'after'}"
        return f"Go to {self.noun} from"

    @property
    def hint(self) -> str:
        if self.kind == DATE:
            nearest = (
                "the newest row of that day or before" if self.descending else "the oldest row of that day or after"
            )
            return f"A day: the list opens at {nearest}."
        return f"Letters A to Z: the list opens at the first {self.noun} that starts with them, or the nearest one."

    def condition(self, text: str) -> Q:
        """The rows at or beyond ``text`` in the list's order; ValueError (a sentence) when
        ``text`` is no date, or no letters."""
        if self.kind == DATE:
            return self._on_or_beyond(text)
        letters = self.fold(text.strip())
        if not (0 < len(letters) <= _MAX_LETTERS and any(char.isalnum() for char in letters)):
            raise ValueError(
                f"“{quoted(text)}” is not a letter: type one or more letters from A to Z to go to the"
                f" {self.noun} that starts with them."
            )
        if self.descending:  # Z to A: the last key that starts with them, or the nearest before
            return Q(**{f"{self.field.attname}__lt": letters + _AFTER_EVERY_CHARACTER})
        return Q(**{f"{self.field.attname}__gte": letters})

    def _on_or_beyond(self, text: str) -> Q:
        try:
            day = datetime.date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(
                f"“{quoted(text)}” is not a date: type it as YYYY-MM-DD, for example 2024-03-12."
            ) from None
        name = self.field.attname
        if not isinstance(self.field, models.DateTimeField):
            return Q(**{f"{name}__lte" if self.descending else f"{name}__gte": day})
        try:  # midnight where the list shows its times; a day at the calendar's ends bounds nothing
            boundary = day + datetime.timedelta(days=1) if self.descending else day
            moment = datetime.datetime.combine(boundary, datetime.time.min)
            if settings.USE_TZ:
                moment = timezone.make_aware(moment).astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            return Q()
        return Q(**{f"{name}__lt" if self.descending else f"{name}__gte": moment})

    def normal(self, text: str) -> str:
        """``text`` as the form shows it back: ``2024-03-12``, ``MAR``."""
        if self.kind == DATE:
            return datetime.date.fromisoformat(text.strip()).isoformat()
        return self.fold(text.strip()).upper()

    def describe(self, text: str) -> str:
        """Where the page was opened (``text`` as ``condition`` took it), in words: "Created on
        or before 12 March 2024", "Name from “MAR”"."""
        if self.kind == DATE:
            day = datetime.date.fromisoformat(text.strip())
            return f"{self.noun.capitalize()} on or {'before' if self.descending else 'after'} {_day(day)}"
        return f"{self.noun.capitalize()} from “{self.fold(text.strip()).upper()}”"

    def nothing(self, text: str) -> str:
        """The sentence for a jump beyond the list's end."""
        if self.kind == DATE:
            day = datetime.date.fromisoformat(text.strip())
            return f"No row {self.noun} on or {'before' if self.descending else 'after'} {_day(day)} in this list."
        return f"No {self.noun} from “{self.fold(text.strip()).upper()}” on in this order."


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def jump_for(queryset: QuerySet, ordering) -> Jump | None:
    """The jump the list's first sort key allows: none unless the list pages by keyset."""
    if not ordering:
        return None
    name, descending = ordering[0]
    field = queryset.model._meta.pk if name == "pk" else fields_of(queryset.model)[name]
    if isinstance(field, models.DateField):  # DateTimeField too
        return Jump(DATE, field, descending)
    # Letters only on a column stored folded, which the model names with the function that folds
    # it: compared with a column stored as typed ("Miller", "Mallory@…"), folded letters would
    # skip every capital (in byte order, "Z" sorts before "a").
    folded = getattr(queryset.model, "FOLDED_KEYS", {})
    if field.attname in folded:
        return Jump(LETTERS, field, descending, fold=import_string(folded[field.attname]))
    return None
