"""The profile's tabs and counters are written in Python (issue 17): what they write must be
what the templates wrote, for each viewer, on the full page and on a tab loaded in place."""

from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from customers.templatetags.customers import profile_tab_strip, profile_toolbar
from tests.backoffice.test_filter_form import same_markup
from tests.customers.factories import link, make_company, make_person

pytestmark = pytest.mark.django_db

TABS_BEFORE = (Path(__file__).parent.parent / "backoffice" / "markup_before" / "_profile_tabs.html").read_text()
TOOLBAR_BEFORE = """{% for counter, count, url in toolbar %}
    <a class="counter border rounded px-3 py-2 text-decoration-none text-body bg-body" href="{{ url }}" data-counter="{{ counter.key }}">
      <div class="small text-body-secondary"><i class="bi bi-{{ counter.icon }}" aria-hidden="true"></i> {{ counter.label }}</div>
      <div class="count">{{ count }}</div>
    </a>
  {% endfor %}"""  # noqa: E501


def before(source: str, **context) -> str:
    return same_markup(engines["django"].from_string(source).render(context))


@pytest.mark.parametrize("viewer", ["agent", "officer"])
@pytest.mark.parametrize("tab", ["", "kyc", "accounts"])
def test_tabs_and_counters_are_what_the_templates_wrote(request, viewer, tab):
    client = request.getfixturevalue(viewer)
    company = make_company("Markup & Sons <SA>")
    link(company, make_person("Anna", "Owner"))
    url = reverse("customer-tab", args=[company.pk, tab]) if tab else reverse("customer-profile", args=[company.pk])
    response = client.get(url)
    context = response.context
    tabs, current, toolbar = context["tabs"], context["current_tab"], context["toolbar"]
    assert toolbar and len(tabs) > 5
    assert same_markup(profile_tab_strip(tabs, current)) == before(TABS_BEFORE, tabs=tabs, current_tab=current)
    assert same_markup(profile_toolbar(toolbar)) == before(TOOLBAR_BEFORE, toolbar=toolbar)
    # A tab loaded in place sends the strip again, out of band.
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "profile-tab"})
    ours = same_markup(profile_tab_strip(tabs, current, True))
    assert ours == before(TABS_BEFORE, tabs=tabs, current_tab=current, oob=True)
    assert 'id="profile-tabs" class="nav nav-tabs profile-tabs" hx-swap-oob="true"' in partial.content.decode()


def test_the_profile_tab_shows_labels_countries_and_times_as_django_writes_them(agent):
    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone
    from django.utils.html import escape

    from customers.models import Customer

    person = make_person("Zoë", "Labels")
    choice = {name: Customer._meta.get_field(name).choices[-1][0] for name in ("title", "gender")}
    Customer.objects.filter(pk=person.pk).update(
        **choice, nationality="PT", other_nationality="BR", birth_country="CI", birth_place="Abidjan"
    )
    person = Customer.objects.get(pk=person.pk)
    page = agent.get(reverse("customer-profile", args=[person.pk])).content.decode()
    for shown in (
        person.get_title_display(),
        person.get_gender_display(),
        person.get_language_display(),
        f"{person.nationality.name}, {person.other_nationality.name}",
        f"Abidjan, {person.birth_country.name}",
        date_filter(timezone.localtime(person.created_at), "Y-m-d H:i"),
        reverse("customer-edit-contacts", args=[person.pk]),
        reverse("customer-tab", args=[person.pk, "accounts"]),
    ):
        assert escape(str(shown)) in page, shown
