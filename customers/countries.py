"""Countries: the type of a model's ``CountryField`` for mypy, and the countries to choose from.

django-stubs reads a ``CountryField`` as the ``CharField`` it subclasses, whose value is a ``str``;
django-countries' descriptor gives a ``Country`` (``.code``, ``.name``, false when blank), and
takes a code or a ``Country``. Annotating each field with this alias says so to mypy; at run time
the alias is never evaluated (``type`` statements are lazy)."""

from django.db import models
from django.utils.translation import get_language
from django_countries import countries
from django_countries.fields import Country

type CountryColumn = models.Field[str | Country, Country]


_NAMES_BY_LANGUAGE: dict[str | None, list[tuple[str, str]]] = {}


def country_choices() -> list[tuple[str, str]]:
    """Every country as ``(code, name)`` in the active language, in django-countries' order,
    worked out once per language: iterating ``countries`` translates and sorts 250 names, and
    the list filters did it on every page (issue 17)."""
    language = get_language()
    if language not in _NAMES_BY_LANGUAGE:
        _NAMES_BY_LANGUAGE[language] = [(code, str(name)) for code, name in countries]
    return _NAMES_BY_LANGUAGE[language]


_NAMES_BY_CODE: dict[str | None, dict[str, str]] = {}


def country_name(code: str) -> str:
    """A country's name in the active language ("" for no country), from ``country_choices``:
    ``instance.country.name`` builds a ``Country`` and translates, some forty Python calls."""
    if not code:
        return ""
    language = get_language()
    if language not in _NAMES_BY_CODE:
        _NAMES_BY_CODE[language] = dict(country_choices())
    return _NAMES_BY_CODE[language].get(code, code)


def country_code(instance, field: str = "country") -> str:
    """The code a ``CountryField`` holds, read where django-countries keeps it (the instance's
    ``__dict__``, under the field's name) instead of through a ``Country`` built for it."""
    code = instance.__dict__.get(field)
    if code is None or code.__class__ is str:
        return code or ""
    return getattr(instance, field).code or ""
