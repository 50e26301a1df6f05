"""The sidebar's sections are written in Python (issue 17): the markup must be what the template's
loop wrote, for each role, with the current page marked."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from backoffice.context_processors import shell
from backoffice.templatetags.backoffice import sidebar_sections
from tests.backoffice.test_filter_form import same_markup

BEFORE = """{% for section in navigation %}
      {% if section.label %}<h2 class="sidebar-heading" id="nav-section-{{ forloop.counter }}">{{ section.label }}</h2>{% endif %}
      <ul class="nav flex-column"{% if section.label %} aria-labelledby="nav-section-{{ forloop.counter }}"{% endif %}>
        {% for link in section.links %}
          <li class="nav-item">
            <a class="nav-link{% if link.active %} active{% endif %}" href="{{ link.url }}"{% if link.active %} aria-current="page"{% endif %}>
              <i class="bi bi-{{ link.item.icon }}" aria-hidden="true"></i> {{ link.item.label }}
            </a>
          </li>
        {% endfor %}
      </ul>
    {% endfor %}"""  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "administrator"])
def test_the_sidebar_is_written_as_the_template_wrote_it(request, role, rf: RequestFactory):
    http = rf.get(reverse("customer-persons"))
    http.user = request.getfixturevalue(role)
    http.session = {}
    navigation = shell(http)["navigation"]()  # the template calls it when it draws the sidebar
    ours = str(sidebar_sections(navigation))
    assert same_markup(ours) == same_markup(engines["django"].from_string(BEFORE).render({"navigation": navigation}))
    assert ours.count('aria-current="page"') == 1
