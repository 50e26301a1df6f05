"""What the panel's models share: fast loading of rows read often, a version for edits made
concurrently, a leased background job, a holder of permissions."""

import functools
import inspect

from django.db import models
from django.db.models.base import ModelState


class FastLoading(models.Model):
    """A model read by the hundred on every list page (issue 17). ``Model.from_db`` builds each
    row through ``__init__``: a list of every concrete field with the deferred ones marked, then a
    ``setattr`` per field, some hundred Python calls a customer. This one writes the loaded values
    into the instance as ``__init__`` would: through the field's descriptor where it has a setter
    of its own (a country code is cleaned, a phone number parsed, a foreign key's cache kept
    right), straight into ``__dict__`` otherwise; a field not loaded stays deferred, as before.
    ``pre_init`` and ``post_init`` are not sent for such rows: a test fails if anything listens.
    """

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        setters = _fields_with_setters(cls)
        as_read = _text_kept_as_read(cls)
        new = cls.__new__(cls)
        new._state = state = ModelState()
        state.adding = False
        state.db = db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        loaded = new.__dict__
        for name, value in zip(field_names, values, strict=True):
            if name in setters and not (name in as_read and (value is None or value.__class__ is str)):
                setattr(new, name, value)
            else:
                loaded[name] = value
        return new


@functools.cache
def _text_kept_as_read(model: type[models.Model]) -> frozenset[str]:
    """Fields whose setter stores a text read from the database unchanged: a single country
    (django-countries keeps its code, ``force_str`` of it), some ten Python calls a row saved."""
    from django_countries.fields import CountryField

    return frozenset(
        field.attname for field in model._meta.concrete_fields if isinstance(field, CountryField) and not field.multiple
    )


@functools.cache
def _fields_with_setters(model: type[models.Model]) -> frozenset[str]:
    """The attribute names of ``model``'s fields whose descriptor has a ``__set__``."""
    return frozenset(
        field.attname
        for field in model._meta.concrete_fields
        if hasattr(type(inspect.getattr_static(model, field.attname, None)), "__set__")
    )


class Versioned(models.Model):
    """A record edited through forms: the form carries the version it was opened at, and the
    service refuses to save over a newer one (``backoffice.errors.ConcurrentEditError``)."""

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def check_version(self, expected: int | None, what: str = "this record"):
        from ..errors import ConcurrentEditError

        if expected is not None and expected != self.version:
            raise ConcurrentEditError(what)
        self.version += 1


class LeasedJob(models.Model):
    """A job row that ``backoffice.jobs.claim`` takes with a lease: ``claimed_at`` is when the
    current run took it (the run's token, renewed by its ``Heartbeat``), ``attempts`` how many runs
    took it. Each job declares its own ``status`` field and choices."""

    status: str
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class PermissionHolder(models.Model):
    """Base of the models that only carry an app's custom permissions: no table, no rows."""

    class Meta:
        abstract = True
        managed = False
        default_permissions = ()

    def __str__(self):
        return self._meta.verbose_name
