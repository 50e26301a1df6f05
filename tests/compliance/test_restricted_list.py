"""The restricted customers' list: only the restricted, filtered by restriction, exported with
its restrictions (the export's audit entry confidential), for compliance officers and
administrators only, in a fixed number of queries."""

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from compliance.services.restrictions import block, freeze_assets, set_legal_freeze, suspend
from tests.customers.factories import ROBOT, make_person
from tests.helpers import count_queries, page_text

pytestmark = pytest.mark.django_db
URL = reverse("compliance-restricted")


@pytest.fixture
def restricted():
    people = {
        "calm": make_person("Carl", "Calm"),
        "frozen": make_person("Fanny", "Fridge"),
        "legal": make_person("Leo", "Ledger"),
        "suspended": make_person("Sue", "Spender"),
        "blocked": make_person("Bob", "Barrier"),
    }
    freeze_assets(actor=ROBOT, customer=people["frozen"], comment="c1")
    set_legal_freeze(actor=ROBOT, customer=people["legal"], comment="c2")
    suspend(actor=ROBOT, customer=people["suspended"], reason="Unusual activity")
    block(actor=ROBOT, customer=people["blocked"], reason="Fraud confirmed")
    return people


def test_only_restricted_customers_are_listed(signed_in, compliance_officer, restricted):
    page = page_text(signed_in(compliance_officer).get(URL))
    for name in ("Fanny Fridge", "Leo Ledger", "Sue Spender", "Bob Barrier"):
        assert name in page
    assert "Carl Calm" not in page
    assert "Unusual activity" in page and "Fraud confirmed" in page and "Legal freeze" in page


@pytest.mark.parametrize(
    ("restriction", "expected"),
    [
        ("frozen", "Fanny Fridge"),
        ("legal_frozen", "Leo Ledger"),
        ("suspended", "Sue Spender"),
        ("blocked", "Bob Barrier"),
    ],
)
def test_filter_by_restriction(signed_in, compliance_officer, restricted, restriction, expected):
    page = page_text(signed_in(compliance_officer).get(URL, {"restriction": restriction}))
    names = [n for n in ("Fanny Fridge", "Leo Ledger", "Sue Spender", "Bob Barrier") if n in page]
    assert names == [expected]


def test_the_export_lists_the_restrictions_and_is_audited_as_confidential(signed_in, administrator, restricted):
    response = signed_in(administrator).post(f"{URL}?restriction=blocked", {"export": "csv"})
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Bob Barrier" in content and "Fraud confirmed" in content and "Blocked" in content
    assert "Fanny Fridge" not in content
    entry = AuditEntry.objects.get(action="compliance.restricted.exported")
    assert entry.confidential


def test_support_agents_are_refused(signed_in, support_agent):
    assert signed_in(support_agent).get(URL).status_code == 403


def test_the_list_reads_a_fixed_number_of_queries(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    freeze_assets(actor=ROBOT, customer=make_person(), comment="x")

    few = count_queries(client, URL)
    for _ in range(6):
        block(actor=ROBOT, customer=make_person(), reason="y")
    assert count_queries(client, URL) == few
