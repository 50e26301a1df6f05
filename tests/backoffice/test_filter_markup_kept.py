"""A list's filter markup is written once for what it is written from (issue 17): whatever
changes what it shows (a value typed, a dictionary's entries, a label) writes it afresh."""

import pytest
from django.urls import reverse

from backoffice.filter_form import _written, filter_fields
from customers.filtersets import PersonFilterSet
from customers.models import Tag
from customers.services.dictionaries import save_dictionary_entry
from tests.customers.factories import ROBOT
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
PERSONS = reverse("customer-persons")


def test_the_kept_markup_is_what_writing_it_again_gives(agent):
    for query in ("", "?last_name=Dup", "?last_name=Mar&status=VALIDATED", "?sort=name"):
        form = PersonFilterSet(agent.get(PERSONS + query).wsgi_request.GET or None).form
        assert str(filter_fields(form)) == str(filter_fields(form)) == str(_written(form))


def test_a_value_typed_shows_in_its_box(agent):
    assert 'value="Dupont"' in page_text(agent.get(PERSONS + "?last_name=Dupont"))
    assert 'value="Martin"' in page_text(agent.get(PERSONS + "?last_name=Martin"))
    assert 'value="Dupont"' not in page_text(agent.get(PERSONS + "?last_name=Martin"))


def test_a_new_tag_shows_in_the_filter_at_once(agent, django_capture_on_commit_callbacks):
    agent.get(PERSONS)
    with django_capture_on_commit_callbacks(execute=True):  # the service clears the choices then
        save_dictionary_entry(actor=ROBOT, entry=Tag(), values={"name": "Newly made"})
    assert "Newly made" in page_text(agent.get(PERSONS))


def test_a_label_changed_on_one_form_is_not_kept_for_the_others(agent):
    form = PersonFilterSet(None).form
    form.fields["last_name"].label = "Family name (changed)"
    assert "Family name (changed)" in str(filter_fields(form))
    assert "Family name (changed)" not in str(filter_fields(PersonFilterSet(None).form))
