"""Each filter form copies its fields lightly (``FieldsSharingChoices``, issue 17): every field
must come out as Django's deep copy makes it, and as independent of the declaration and of the
other forms' copies."""

import copy

import pytest
from django import forms
from django.apps import apps

from backoffice.filtersets import FieldsSharingChoices, ListFilterSet


def every_subclass(base: type, module: str) -> list[type]:
    """Every subclass of ``base`` the apps' ``module`` modules declare (imported first)."""
    for config in apps.get_app_configs():
        try:
            __import__(f"{config.name}.{module}")
        except ModuleNotFoundError:
            continue
    found, pending = [], list(base.__subclasses__())
    while pending:
        klass = pending.pop()
        pending.extend(klass.__subclasses__())
        found.append(klass)
    return found


def every_filterset() -> list[type[ListFilterSet]]:
    return [klass for klass in every_subclass(ListFilterSet, "filtersets") if klass._meta.model is not None]


FILTERSETS = every_filterset()


def test_every_app_list_is_checked():
    assert len(FILTERSETS) >= 8, [klass.__name__ for klass in FILTERSETS]


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda klass: klass.__name__)
def test_fields_come_out_as_djangos_deep_copy_makes_them(filterset_class):
    form_class = filterset_class().get_form_class()
    assert isinstance(form_class.base_fields, FieldsSharingChoices)
    ours = copy.deepcopy(form_class.base_fields)
    djangos = {name: copy.deepcopy(field) for name, field in form_class.base_fields.items()}
    for name, declared in form_class.base_fields.items():
        mine, theirs = ours[name], djangos[name]
        assert type(mine) is type(theirs) and type(mine.widget) is type(theirs.widget), name
        assert mine is not declared and mine.widget is not declared.widget, name
        assert mine.widget.attrs == theirs.widget.attrs and mine.widget.attrs is not declared.widget.attrs, name
        assert mine.error_messages == theirs.error_messages, name
        assert mine.error_messages is not declared.error_messages, name
        assert mine.validators == theirs.validators and mine.validators is not declared.validators, name
        if isinstance(declared, forms.ChoiceField):
            assert list(mine.choices) == list(theirs.choices), name
            assert list(mine.widget.choices) == list(theirs.widget.choices), name
            assert mine.widget.choices is not declared.widget.choices, name
        assert set(vars(mine)) == set(vars(theirs)), name
    # Both forms draw the same fields.
    data = {}
    assert str(form_class(data)) == str(_django_copying(form_class)(data))


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda klass: klass.__name__)
def test_what_one_form_changes_stays_in_that_form(filterset_class):
    form_class = filterset_class().get_form_class()
    first, second = form_class(), form_class()
    for name, field in first.fields.items():
        field.widget.attrs["data-changed"] = "yes"
        field.error_messages["required"] = "changed"
        field.validators.append(lambda value: None)
        if isinstance(field, forms.ChoiceField):
            field.choices = [("changed", "Changed")]
        other = second.fields[name]
        assert "data-changed" not in other.widget.attrs, name
        assert other.error_messages.get("required") != "changed", name
        assert len(other.validators) == len(form_class.base_fields[name].validators), name
        if isinstance(field, forms.ChoiceField):
            assert ("changed", "Changed") not in list(other.choices), name
            assert ("changed", "Changed") not in list(form_class.base_fields[name].choices), name


def _django_copying(form_class):
    """The same form, with Django's own deep copy of its fields."""
    return type("DjangoCopying", (form_class,), {"base_fields": dict(form_class.base_fields)})


def every_table() -> list[type]:
    from backoffice.tables import BackofficeTable

    return every_subclass(BackofficeTable, "tables")


def test_filters_and_columns_are_copied_as_copy_copies_them():
    """``shallow_copy`` (a filterset's filters, a table's columns) makes what ``copy.copy`` makes."""
    from backoffice.copying import shallow_copy

    objects = [declared for klass in FILTERSETS for declared in klass.base_filters.values()]
    objects += [column for klass in every_table() for column in klass.base_columns.values()]
    assert len(objects) > 100
    for declared in objects:
        ours, theirs = shallow_copy(declared), copy.copy(declared)
        assert type(ours) is type(theirs) and ours is not declared
        assert vars(ours) == vars(theirs)
        assert not hasattr(type(declared), "__slots__") or "__dict__" in dir(declared)
