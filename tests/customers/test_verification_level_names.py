"""Administrators name the verification levels (a dictionary); the profile and the KYC tab use
their names, the default label otherwise."""

import pytest
from django.urls import reverse

from customers.models import Customer, VerificationLevelName
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_named_level_shows_by_its_name(signed_in, administrator, support_agent):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(verification_level=3)
    admin = signed_in(administrator)
    url = reverse("customer-dictionary-create", args=["verification-levels"])
    response = admin.post(url, {"level": "3", "name": "Level 3 — address checked by video", "is_active": "on"})
    assert response.status_code == 302
    response = admin.post(url, {"level": "3", "name": "Twice", "is_active": "on"})
    assert response.status_code == 200 and VerificationLevelName.objects.count() == 1
    assert "Level 3 — address checked by video" in page_text(admin.get(reverse("customer-dictionaries")))
    client = signed_in(support_agent)
    for tab in ("kyc", "profile"):
        page = page_text(client.get(reverse("customer-tab", args=[person.pk, tab])))
        assert "Level 3 — address checked by video" in page, tab


def test_an_unnamed_level_keeps_its_default_label(signed_in, support_agent):
    person = make_person()
    page = page_text(signed_in(support_agent).get(reverse("customer-tab", args=[person.pk, "kyc"])))
    assert "Level 0 (not verified)" in page
