"""A list's filters are written in Python (issue 17): the markup must be what ``{{ form|crispy }}``
writes, for every list's filters, empty, filled with every value, and with hostile values; a form
the writer does not know goes to crispy whole."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from backoffice.filter_form import filter_fields
from backoffice.filtersets import AuditFilterSet, StaffFilterSet
from compliance.filtersets import RestrictedFilterSet
from customers.filtersets import (
    CompanyFilterSet,
    CustomerFilterSet,
    OnboardingFilterSet,
    PersonFilterSet,
    TransactionFilterSet,
)
from tests.customers.factories import make_person

FILTERSETS = [
    CustomerFilterSet,
    PersonFilterSet,
    CompanyFilterSet,
    OnboardingFilterSet,
    RestrictedFilterSet,
    TransactionFilterSet,
    AuditFilterSet,
    StaffFilterSet,
]
HOSTILE = "a&<b>\"c'd"


_BLOCK = (
    "div|p|ul|ol|li|fieldset|legend|select|option|optgroup|table|thead|tbody|tr|td|th"
    "|form|details|summary|h[1-6]|nav|section"
)
_AROUND_BLOCKS = re.compile(rf"\s*(</?(?:{_BLOCK})\b[^>]*>)\s*")
_INSIDE_EDGES = re.compile(r"(<(?:label|button|a)\b[^>]*>)\s+|\s+(</(?:label|button|a)>)")


def same_markup(html: str) -> str:
    """What a browser draws the same: whitespace collapsed, and dropped around block elements and
    at the inner edges of labels, buttons and links; kept between inline elements ("</form> <a>")."""
    html = re.sub(r"\s+", " ", str(html))
    html = re.sub(r"\s+>", ">", html)  # inside a tag: <div >
    html = _AROUND_BLOCKS.sub(r"\1", html)
    return _INSIDE_EDGES.sub(lambda match: match.group(1) or match.group(2), html).strip()


def filled(form: forms.Form, text: str) -> dict:
    """A value for every field: ``text`` in text boxes, a number, a date, the last two choices."""
    data: dict = {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.SelectMultiple)):
            data[name] = [str(value) for value, _label in list(field.choices)[-2:]]
        elif isinstance(widget, forms.Select):
            data[name] = str(list(field.choices)[-1][0])
        elif isinstance(widget, forms.DateInput):
            data[name] = "2024-01-31"
        elif isinstance(widget, forms.NumberInput):
            data[name] = "42"
        else:
            data[name] = text
    return data


def build(filterset_class, data, request):
    model = filterset_class._meta.model
    return filterset_class(data, queryset=model.objects.none(), request=request)


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda c: c.__name__)
def test_every_list_s_filters_are_written_as_crispy_writes_them(filterset_class, administrator):
    make_person()  # tags and other dictionaries may offer choices
    request = RequestFactory().get("/")
    request.user = administrator
    unbound = build(filterset_class, None, request)
    states = {
        "unbound": unbound,
        "bound, empty": build(filterset_class, {}, request),
        "every field filled": build(filterset_class, filled(unbound.form, "Zoë"), request),
        "hostile text": build(filterset_class, filled(unbound.form, HOSTILE), request),
    }
    written = {}
    for state, filterset in states.items():
        form = filterset.form
        assert not (form.is_bound and form.errors), (state, form.errors)
        # Ours first: crispy adds its classes to the widgets' attributes as it renders.
        written[state] = ours = str(filter_fields(form))
        assert same_markup(ours) == same_markup(as_crispy_form(form)), state
        assert "<label\n" not in ours  # written by the writer, not by crispy's templates
    has_text_box = any(type(f.widget) is forms.TextInput for f in unbound.form.fields.values())
    assert ("&lt;b&gt;&quot;c&#x27;d" in written["hostile text"]) == has_text_box


class Unusual(forms.Form):
    label = forms.CharField(label=mark_safe("<em>Marked</em> safe"), help_text=mark_safe("<b>help</b> & more"))
    menu = forms.ChoiceField(choices=[("", "Any"), ("a<", "A & B"), (1, mark_safe("<i>one</i>"))], required=False)
    flags = forms.MultipleChoiceField(
        choices=[(1, "x"), ('y"', "<y>")], widget=forms.CheckboxSelectMultiple, required=False
    )
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"data-x": '"<&>', "max": "2030-01-01"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].required = False


@pytest.mark.parametrize(
    "data", [None, {"label": HOSTILE, "menu": "a<", "flags": ["1", 'y"'], "when": "2024-02-29"}, {"menu": "1"}]
)
def test_marked_safe_labels_attributes_and_hostile_values_are_written_as_crispy_writes_them(data):
    ours = str(filter_fields(Unusual(data)))
    assert "<label\n" not in ours
    assert same_markup(ours) == same_markup(as_crispy_form(Unusual(data)))


class Required(forms.Form):
    name = forms.CharField()


class Grouped(forms.Form):
    menu = forms.ChoiceField(choices=[("Group", [("a", "A")])], required=False)


@pytest.mark.parametrize(
    "form",
    [
        Required(),  # crispy marks a required field with an asterisk
        Grouped(),
        Unusual({"when": "not a date"}),  # errors: the summary and the messages next to the fields
    ],
    ids=["required", "grouped choices", "with errors"],
)
def test_what_the_writer_does_not_know_is_left_to_crispy(form):
    assert str(filter_fields(form)) == str(as_crispy_form(form))


def test_errors_keep_their_summary_and_the_message_next_to_the_field():
    html = str(filter_fields(Unusual({"when": "not a date", "menu": "zz"})))
    assert "error-summary" in html and "Enter a valid date." in html and 'aria-invalid="true"' in html
