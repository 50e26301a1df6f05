"""The type of a model's ``CountryField`` for mypy.

django-stubs reads a ``CountryField`` as the ``CharField`` it subclasses, whose value is a ``str``;
django-countries' descriptor gives a ``Country`` (``.code``, ``.name``, false when blank), and
takes a code or a ``Country``. Annotating each field with this alias says so to mypy; at run time
the alias is never evaluated (``type`` statements are lazy)."""

from django.db import models
from django_countries.fields import Country

type CountryColumn = models.Field[str | Country, Country]
