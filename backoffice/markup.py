"""Writing HTML in Python for the pages drawn many times a minute (issue 17): Django's escaping
and ``reverse()`` cost tens of Python calls each, and a list page of fifty rows calls them
hundreds of times. These do the same work in one or two calls; their output is Django's."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import get_script_prefix, reverse

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
_MARKER = 987_654_321_987_654_321


def escape(value: object) -> str:
    """Django's ``escape`` (the same entities), for text whether or not it is marked safe."""
    return str(value).translate(_ESCAPES)


def text(value: object) -> str:
    """Django's ``conditional_escape``: markup marked safe (``__html__``) is kept as it is."""
    return value.__html__() if hasattr(value, "__html__") else str(value).translate(_ESCAPES)


_URL_MAKERS: dict[tuple[str, str], tuple[str, str]] = {}


def url_maker(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many integer keys: the route is reversed once with a
    marker in the key's place, then each key is written into it (the key is made an ``int``,
    so nothing needs quoting)."""
    key = (name, get_script_prefix())
    if key not in _URL_MAKERS:
        head, marker, tail = reverse(name, args=[_MARKER]).partition(str(_MARKER))
        if not marker:
            raise ValueError(f"The route {name!r} does not take one integer key.")
        _URL_MAKERS[key] = (head, tail)
    head, tail = _URL_MAKERS[key]
    return lambda pk: f"{head}{int(pk)}{tail}"
