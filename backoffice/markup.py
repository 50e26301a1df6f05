"""Writing HTML in Python for the pages drawn many times a minute (issue 17): Django's escaping
and ``reverse()`` cost tens of Python calls each, and a list page of fifty rows calls them
hundreds of times. These do the same work in one or two calls; their output is Django's."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.translation import get_language

ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
_MARKER = 987_654_321_987_654_321


def escape(value: object) -> str:
    """Django's ``escape`` (the same entities), for text whether or not it is marked safe."""
    return str(value).translate(ESCAPES)


def text(value: object) -> str:
    """Django's ``conditional_escape``: markup marked safe (``__html__``) is kept as it is."""
    if value.__class__ is SafeString:  # what the cells' writers return: no attribute lookups
        return value
    return value.__html__() if hasattr(value, "__html__") else str(value).translate(ESCAPES)


_URL_MAKERS: dict[tuple, tuple[str, str]] = {}


def url_maker(name: str, *after: object) -> Callable[[int], str]:
    """``reverse(name, args=[pk, *after])`` for many integer keys: the route is reversed once
    with a marker in the key's place, then each key is written into it (the key is made an
    ``int``, so nothing needs quoting)."""
    key = (name, after, get_script_prefix())
    if key not in _URL_MAKERS:
        head, marker, tail = reverse(name, args=[_MARKER, *after]).partition(str(_MARKER))
        if not marker:
            raise ValueError(f"The route {name!r} does not take an integer key first.")
        _URL_MAKERS[key] = (head, tail)
    head, tail = _URL_MAKERS[key]
    return lambda pk: f"{head}{int(pk)}{tail}"


def route(name: str) -> str:
    """``reverse(name)`` of a route without arguments, reversed once (the shell's links)."""
    key = (name, (), get_script_prefix())
    if key not in _URL_MAKERS:
        _URL_MAKERS[key] = (reverse(name), "")
    return _URL_MAKERS[key][0]


def local_minute(moment, zone=None) -> str:
    """``{{ moment|date:"Y-m-d H:i" }}``: in the current time zone (or ``zone``, when a caller
    writing many rows looked it up once), empty for none."""
    if not moment:
        return ""
    return moment.astimezone(zone or timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M")


def choice_labels(model, name: str) -> dict:
    """Field ``name`` of ``model``: its choices' labels by value, in the active language (a table
    made once per field and language; a list reads it once for all its rows)."""
    key = (model, name, get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {choice: str(label) for choice, label in model._meta.get_field(name).flatchoices}
    return labels


def choice_label(model, name: str, value) -> str:
    """``instance.get_FOO_display()``: the label of ``value`` (the value itself when not a choice)."""
    return choice_labels(model, name).get(value, value)


_CHOICE_LABELS: dict[tuple, dict] = {}


def grouped(number: int) -> str:
    """``{{ number|intcomma }}`` for a whole number: "1,234,567". The panel speaks British English
    (``LANGUAGE_CODE``), whose separator is the comma in groups of three; ``intcomma`` looks
    the locale's format up each time, some 40 Python calls a number."""
    return f"{number:,}"


def plural(count: int, word: str) -> str:
    """``{{ count }} {{ word }}{{ count|pluralize }}``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


class _Plural:
    """One of Django's ``TIME_STRINGS`` ("%(num)d minute" / "minutes") in one language, its
    translation kept per number: the lazy translation costs some thirty Python calls each time.
    The language is the one active when ``since`` chose these strings."""

    def __init__(self, lazy):
        self.lazy = lazy
        self.written: dict[int, str] = {}

    def __mod__(self, mapping: dict) -> str:
        number = mapping["num"]
        if number not in self.written:
            self.written[number] = self.lazy % mapping
        return self.written[number]


_TIME_STRINGS: dict[str | None, dict[str, _Plural]] = {}


def since(moment) -> str:
    """``{{ moment|timesince }}``: the same words, from Django's ``timesince``."""
    if not moment:
        return ""
    language = get_language()
    strings = _TIME_STRINGS.get(language)
    if strings is None:
        strings = _TIME_STRINGS[language] = {unit: _Plural(lazy) for unit, lazy in TIME_STRINGS.items()}
    # Django's own strings are lazy objects too, which its stubs do not say.
    return timesince(moment, time_strings=cast(dict[str, str], strings))
