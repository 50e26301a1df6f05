"""Outside review of issue 17: every page whose rows, filters or menus are now written with
f-strings, fed hostile names, emails, file names, references, reasons, tags and staff names, for
every role. A marker element or attribute that reaches the page as markup is a defect."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from backoffice import audit
from compliance.services.restrictions import freeze_assets, suspend
from customers.models import AccessGroup, Tag
from kyc.models import Document, LivenessSession
from tests.customers.factories import ROBOT, make_company, make_person
from tests.kyc.reviews import upload
from tests.kyc.test_queues import a_review

pytestmark = pytest.mark.django_db

# Breaks out of text, of a double- and a single-quoted attribute, and of a comment.
EVIL = "\"'><x-evil onmouseover=alert(1)>-->&amp;"

PAGES = [
    "customer-list",
    "customer-persons",
    "customer-companies",
    "customer-onboarding",
    "compliance-restricted",
    "audit-list",
    "staff-list",
    "kyc-prereview-queue",
    "kyc-review-queue",
    "kyc-identification-requests",
]


class _Markers(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "x-evil":
            self.found.append(f"<{tag}>")
        for name, _ in attrs:
            if name == "onmouseover":
                self.found.append(f"{tag}[{name}]")


def markers(html: str) -> list[str]:
    parser = _Markers()
    parser.feed(html)
    return parser.found


@pytest.fixture
def hostile_world(make_staff):
    person = make_person(EVIL, EVIL, email="o'brien+x@example.test", other_emails=["second@example.test"])
    make_company(f"{EVIL} SAS")
    freeze_assets(actor=ROBOT, customer=person, comment=EVIL)
    suspend(actor=ROBOT, customer=person, reason=EVIL)
    Tag.objects.create(name=f"tag {EVIL}"[:80])
    AccessGroup.objects.create(name=f"group {EVIL}"[:80])
    from django.core.cache import cache

    cache.clear()  # the dictionaries' choices are cached
    reviewed = make_person("Rita", "Review")
    a_review(reviewed)
    document = upload(make_person("Pre", "Review"), name="scan.png")
    Document.objects.filter(pk=document.pk).update(original_name=f"{EVIL}.png")
    LivenessSession.objects.create(customer=person, reference=f"{EVIL}-reference", url="http://sandbox.test/")
    make_staff("evil", "Support agent", first_name=EVIL, last_name=EVIL)
    from django.db import transaction

    with transaction.atomic():
        audit.record(action="customers.note.added", actor=audit.SystemActor(EVIL), customer_id=person.pk, reason=EVIL)
    return person


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "administrator"])
def test_no_hostile_value_becomes_markup_on_any_list(request, signed_in, hostile_world, role):
    client = signed_in(request.getfixturevalue(role))
    checked, seen = 0, []
    for name in PAGES:
        for query in ("", "?sort=name", "?q=" + EVIL, "?first_name=" + EVIL, "?from=" + EVIL):
            response = client.get(reverse(name) + query)
            if response.status_code != 200:
                continue
            checked += 1
            html = response.content.decode()
            assert markers(html) == [], (name, query)
            if query == "":
                seen.append(name) if "&lt;x-evil" in html else None
            # the results part alone, as htmx asks for it
            part = client.get(reverse(name) + query, headers={"HX-Request": "true", "HX-Target": "list-results"})
            assert markers(part.content.decode()) == [], (name, query, "htmx")
    assert checked
    print(role, "pages showing the hostile value escaped:", seen)


def test_no_hostile_value_becomes_markup_in_search_and_profile(signed_in, administrator, hostile_world):
    client = signed_in(administrator)
    for url in (
        reverse("search") + "?q=Dupont",
        reverse("search") + "?q=" + EVIL[:10],
        reverse("search") + "?q=alert&suggest=1",
        reverse("customer-profile", args=[hostile_world.pk]),
        reverse("customer-tab", args=[hostile_world.pk, "kyc"]),
        reverse("customer-tab", args=[hostile_world.pk, "history"]),
    ):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert markers(response.content.decode()) == [], url
