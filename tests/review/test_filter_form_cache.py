"""Outside review of issue 17's filter form class cache (backoffice/filtersets.py
``ListFilterSet.get_form_class``, kept per filterset class and set of filter names for the whole
process): whoever draws a list first, the next viewer gets the filters and choices that are theirs."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from backoffice import filtersets
from customers.models import Customer, Tag
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_support_agent_after_a_compliance_officer_gets_no_risk_level_filter(agent, officer):
    filtersets._FORM_CLASSES.clear()
    low = make_person("Low", "Risk")
    Customer.objects.filter(pk=low.pk).update(risk_level="low")
    make_person("High", "Risk")
    officer_page = page_text(officer.get(reverse("customer-persons"), {"risk_level": ["low"]}))
    assert "Risk level" in officer_page and "High Risk" not in officer_page
    agent_page = page_text(agent.get(reverse("customer-persons"), {"risk_level": ["low"]}))
    assert "Risk level" not in agent_page and "High Risk" in agent_page
    export = agent.post(reverse("customer-persons") + "?risk_level=low", {"export": "csv"})
    content = b"".join(export.streaming_content).decode()
    assert "High" in content  # the hand-written filter is ignored in the export too


def test_a_tag_added_after_the_form_class_was_made_is_offered_and_accepted(agent):
    filtersets._FORM_CLASSES.clear()
    assert agent.get(reverse("customer-persons")).status_code == 200  # the class is made
    tag = Tag.objects.create(name="Late tag")
    cache.clear()  # as services.save_dictionary_entry does
    assert "Late tag" in page_text(agent.get(reverse("customer-persons")))
    page = page_text(agent.get(reverse("customer-persons"), {"tags": [str(tag.pk)]}))
    assert "Select a valid choice" not in page
