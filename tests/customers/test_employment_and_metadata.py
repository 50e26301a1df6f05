"""Synctera's employment records and metadata (issue 21): on the profile's "Employment &
metadata" tab; employment added and removed by compliance officers and administrators, metadata
set and removed by administrators; bad input said next to the field; every change audited."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from customers.models import CustomerMetadata, EmploymentRecord
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_compliance_officer_adds_and_removes_an_employment(signed_in, compliance_officer):
    person = make_person("Zoé", "Dupont")
    client = signed_in(compliance_officer)
    tab = reverse("customer-tab", args=[person.pk, "details"])
    assert "No employment on record." in page_text(client.get(tab))
    url = reverse("customer-employment-add", args=[person.pk])
    response = client.post(url, {"employer": "", "started_on": "2020-01-01", "ended_on": "2019-01-01"})
    assert response.status_code == 200 and "This field is required." in page_text(response)
    response = client.post(url, {"employer": "Acme", "started_on": "2020-01-01", "ended_on": "2019-01-01"})
    assert "It ends before it starts." in page_text(response) and not EmploymentRecord.objects.exists()
    future = (date.today() + timedelta(days=30)).isoformat()
    assert "starts today at the latest" in page_text(client.post(url, {"employer": "Acme", "started_on": future}))
    response = client.post(url, {"employer": " Acme   SAS ", "position": "Engineer", "started_on": "2020-01-01"})
    assert response.status_code == 302
    record = EmploymentRecord.objects.get()
    assert (record.employer, record.ended_on) == ("Acme SAS", None)
    page = page_text(client.get(tab))
    assert "Acme SAS" in page and "Engineer" in page and "2020-01-01" in page and ">now<" in page
    entry = AuditEntry.objects.get(action="customers.employment.added")
    assert entry.customer_id == person.pk and "Engineer at Acme SAS" in str(entry.changes)
    remove = reverse("customer-employment-remove", args=[person.pk, record.pk])
    assert client.post(remove, {"reason": "Entered on the wrong customer."}).status_code == 302
    assert not EmploymentRecord.objects.exists()
    assert AuditEntry.objects.get(action="customers.employment.removed").reason == "Entered on the wrong customer."


def test_an_administrator_sets_changes_and_removes_metadata(signed_in, administrator):
    person = make_person()
    client = signed_in(administrator)
    url = reverse("customer-metadata-set", args=[person.pk])
    response = client.post(url, {"key": "CRM id!", "value": "42"})
    assert "Lower-case letters, digits" in page_text(response) and not CustomerMetadata.objects.exists()
    client.post(url, {"key": "crm.id", "value": "42"})
    client.post(url, {"key": "crm.id", "value": "43"})
    entry = CustomerMetadata.objects.get()
    assert entry.value == "43"
    changes = list(
        AuditEntry.objects.filter(action="customers.metadata.set").order_by("pk").values_list("changes", flat=True)
    )
    assert changes == [{"metadata “crm.id”": [None, "42"]}, {"metadata “crm.id”": ["42", "43"]}]
    page = page_text(client.get(reverse("customer-tab", args=[person.pk, "details"])))
    assert "crm.id" in page and "43" in page
    client.post(reverse("customer-metadata-remove", args=[person.pk, entry.pk]), {"reason": "No longer used."})
    assert not CustomerMetadata.objects.exists()


def test_support_agents_read_but_change_neither(signed_in, support_agent):
    person = make_person()
    EmploymentRecord.objects.create(customer=person, employer="Acme")
    CustomerMetadata.objects.create(customer=person, key="crm.id", value="42")
    client = signed_in(support_agent)
    page = page_text(client.get(reverse("customer-tab", args=[person.pk, "details"])))
    assert "Acme" in page and "crm.id" in page and "Add a record" not in page and "Set a key" not in page
    assert (
        client.post(reverse("customer-metadata-set", args=[person.pk]), {"key": "a", "value": "b"}).status_code == 403
    )
    response = client.post(reverse("customer-employment-add", args=[person.pk]), {"employer": "X"})
    assert response.status_code == 403
