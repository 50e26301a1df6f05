"""The panel's form renderer writes a ``<select>`` in Python (issue 17): the markup must be exactly
what Django's templates write, for any menu and for every list's filters."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe

from backoffice.form_rendering import FormRenderer
from tests.customers.factories import make_person

CHOICES = [
    ("", "—"),
    (1, "One & <two>"),
    ("x\"y'z", mark_safe("<b>safe</b>")),
    ("Group <a>", [("g1", "First"), ("g2", "Second")]),
    (None, "None as a value"),
]


class Menus(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    multiple = forms.MultipleChoiceField(choices=CHOICES, required=False)
    flagged = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"class": "form-select", "disabled": True, "hidden": False, "data-x": '"<&>'}),
    )
    typed = forms.TypedChoiceField(choices=[(1, "a"), (2, "b")], coerce=int)


@pytest.mark.parametrize("data", [None, {"single": "1", "multiple": ["g2", "x\"y'z"], "typed": "2"}])
def test_every_menu_is_written_as_django_writes_it(data):
    for name in Menus.base_fields:
        ours = Menus(data, renderer=FormRenderer())[name].as_widget()
        django = Menus(data, renderer=DjangoTemplates())[name].as_widget()
        assert ours == django, name


LISTS = ["customer-list", "customer-persons", "customer-companies", "customer-onboarding", "staff-list", "audit-list"]


@pytest.mark.parametrize("url_name", LISTS)
def test_the_filters_of_every_list_look_exactly_as_before(signed_in, administrator, settings, url_name):
    make_person()
    client = signed_in(administrator)
    url = reverse(url_name) + "?sort=-created_at&country=FR"

    def filters() -> str:
        page = client.get(url).content.decode()
        return re.search(r'<form[^>]*id="list-filters".*?</form>', page, re.S).group(0)

    ours = filters()
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    assert ours == filters()
    assert "<select" in ours or url_name == "audit-list"  # the audit filters hold no menu


HOSTILE_ATTRS = {"class": "form-select", "required": True, "disabled": False, "data-x": '"<&>'}


@pytest.mark.parametrize("value", [None, "", "1", 1, "g1", "x\"y'z", "not a choice"])
@pytest.mark.parametrize("attrs", [None, HOSTILE_ATTRS])
def test_a_menu_widget_writes_what_django_s_select_writes(value, attrs):
    from backoffice.form_rendering import Menu

    flat = [choice for choice in CHOICES if not isinstance(choice[1], list)]
    flat.append(("1", "a second 1: only the first is selected"))
    ours = Menu(attrs=attrs, choices=flat).render("menu", value, attrs={"id": "id_menu"}, renderer=DjangoTemplates())
    django = forms.Select(attrs=attrs, choices=flat).render(
        "menu", value, attrs={"id": "id_menu"}, renderer=DjangoTemplates()
    )
    assert ours == django
    given = Menu(choices=lambda: flat).render("menu", value, renderer=DjangoTemplates())  # choices a function gives
    assert given == forms.Select(choices=lambda: flat).render("menu", value, renderer=DjangoTemplates())
    grouped = Menu(choices=CHOICES).render("menu", value, renderer=DjangoTemplates())
    assert grouped == forms.Select(choices=CHOICES).render("menu", value, renderer=DjangoTemplates())


class Boxes(forms.Form):
    text = forms.CharField(required=False, widget=forms.TextInput(attrs=HOSTILE_ATTRS))
    number = forms.IntegerField(required=False, min_value=1)
    email = forms.EmailField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    url = forms.URLField(required=False)
    marked = forms.CharField(required=False, initial=mark_safe("<b>safe</b>"))
    safe_attr = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": mark_safe("a <i>")}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": "x\"y'z <&>", "number": "12", "email": "a@b.test", "day": "2024-02-29", "secret": "p<w>"},
        {"text": "", "number": "not a number", "day": "31/31/2024", "moment": "2024-01-01 10:00", "url": "x"},
    ],
)
def test_every_input_box_is_written_as_django_writes_it(data):
    for name in Boxes.base_fields:
        ours = Boxes(data, renderer=FormRenderer())[name].as_widget()
        django = Boxes(data, renderer=DjangoTemplates())[name].as_widget()
        assert ours == django, name


@pytest.mark.parametrize("required", [True, False])
@pytest.mark.parametrize("choices", [[("", "—"), ("a", "A")], [("a", "A"), ("", "—")], [], "function"])
def test_a_menu_is_required_when_a_select_would_be(required, choices):
    from backoffice.form_rendering import Menu

    given = (lambda: [("", "Any"), ("x", "X")]) if choices == "function" else choices
    ours = forms.ChoiceField(choices=given, required=required, widget=Menu())
    django = forms.ChoiceField(choices=given, required=required, widget=forms.Select())
    for initial in (None, "a"):
        assert ours.widget.use_required_attribute(initial) == django.widget.use_required_attribute(initial)
