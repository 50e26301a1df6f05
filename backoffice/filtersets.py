"""Filters of the staff and audit lists. Choices are static: no ``SELECT DISTINCT`` for a menu."""

import copy
from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from . import audit_labels
from .copying import shallow_copy
from .models import AuditEntry, StaffUser
from .roles import ROLES

YES_NO = (("yes", "Yes"), ("no", "No"))


class ListFilterSet(django_filters.FilterSet):
    """A list's filters, copied for each request one by one instead of deep-copied as a whole
    (django-filter's ``BaseFilterSet.__init__``, otherwise unchanged): a filter holds its
    declaration, and what a request sets on it (model, parent, label, form field) is set on its
    own copy; the deep copy cost a list page ~3,000 Python calls (issue 17)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: shallow_copy(declared) for name, declared in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # its FilterMethod must call this copy, not the declaration

    def get_form_class(self):
        """The form of these filters, made once per filterset class and set of filters (django-filter
        makes a class and its fields on every request). Each form still copies its fields, as
        every Django form does, but shares their lists of choices (``FieldsSharingChoices``);
        what a field shows that changes (a dictionary's entries) is read when it is drawn."""
        key = (type(self), tuple(self.filters))
        if key not in _FORM_CLASSES:
            form_class = super().get_form_class()
            form_class.base_fields = FieldsSharingChoices(form_class.base_fields)
            _FORM_CLASSES[key] = form_class
        return _FORM_CLASSES[key]


_FORM_CLASSES: dict[tuple, type] = {}


class FieldsSharingChoices(dict):
    """A form's ``base_fields`` whose copy for each form is lighter than Django's deep copy: each
    field and its widget are copied as Django copies them (their attributes, the widget's
    ``attrs`` and list of choices, the field's messages and validators, each a copy of its own)
    but without ``copy.copy``'s generic machinery, and the field's list of choices is shared
    instead of copied tuple by tuple. Both cost a list page ~2,000 Python calls (issue 17). A
    field's choices are replaced, never changed in place (the ``choices`` setter assigns a new
    list), so the copies stay independent. A field or widget with a copy of its own (a model
    choice field, a multi-widget) is deep-copied as Django does."""

    def __deepcopy__(self, memo):
        return {name: _copy_field(field) for name, field in self.items()}


_PLAIN_FIELD_COPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__)
_PLAIN_WIDGET_COPIES = (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)


def _copy_field(field: forms.Field) -> forms.Field:
    widget = field.widget
    if type(field).__deepcopy__ not in _PLAIN_FIELD_COPIES or type(widget).__deepcopy__ not in _PLAIN_WIDGET_COPIES:
        choices = getattr(field, "_choices", None)
        return copy.deepcopy(field, {id(choices): choices} if choices is not None else {})
    copied_widget = shallow_copy(widget)
    copied_widget.attrs = widget.attrs.copy()
    if isinstance(widget, forms.widgets.ChoiceWidget):
        copied_widget.choices = copy.copy(widget.choices)
    copied = shallow_copy(field)
    copied.widget = copied_widget
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    return copied


def _yes_no(queryset, field, value):
    return queryset.filter(**{field: value == "yes"}) if value else queryset


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number, with the error saying so."""

    field_class = forms.IntegerField


class StaffFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Search", method="search", help_text="Username, name or email")
    role = django_filters.ChoiceFilter(label="Role", choices=[(r, r) for r in ROLES], field_name="groups__name")
    status = django_filters.ChoiceFilter(
        label="Status", choices=(("active", "Active"), ("deactivated", "Deactivated")), method="by_status"
    )
    second_factor = django_filters.ChoiceFilter(
        label="Second factor enrolled", choices=YES_NO, method="by_second_factor"
    )
    locked = django_filters.ChoiceFilter(label="Locked out", choices=YES_NO, method="by_locked")

    class Meta:
        model = StaffUser
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )

    def by_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "active")

    def by_second_factor(self, queryset, name, value):
        return _yes_no(queryset, "has_second_factor", value)

    def by_locked(self, queryset, name, value):
        return _yes_no(queryset, "is_locked_out", value)


class DateRangeForm(forms.Form):
    """A filter form whose ``since`` / ``until`` dates must be in order."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return cleaned


class AuditFilterSet(ListFilterSet):
    actor = django_filters.CharFilter(
        label="Who", field_name="actor_label", lookup_expr="startswith", help_text="Username or system actor"
    )
    action = django_filters.CharFilter(
        label="Action", method="by_action", help_text="Words of its label (card locked) or its code (staff.)"
    )
    customer = IdFilter(label="Customer id", field_name="customer_id", min_value=1)
    since = django_filters.DateFilter(label="From", method="from_day", widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label="To", method="to_day", widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = DateRangeForm

    def by_action(self, queryset, name, value):
        """The actions whose code starts with ``value`` or whose label contains it."""
        value = value.strip()
        return queryset.filter(Q(action__startswith=value) | Q(action__in=audit_labels.actions_labelled(value)))

    # Days are the staff member's local days, as ranges on the indexed timestamp.
    def from_day(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=start_of_day(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=start_of_day(value + timedelta(days=1)))


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
