"""What the browser tests leave to the tests after them: the migrated database, without the demo
they shared nor anything they did in it.

This module sorts after the browser tests' modules and shares their xdist group, so it runs after
them, in the same session and on the same worker, like any database test that follows them.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from backoffice.models import AuditEntry, StaffUser
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from customers.models import Customer
from kyc.models import Document


def test_the_next_test_finds_the_migrated_database_without_the_demo(committed_db, demo_database):
    if not demo_database.loads:
        pytest.skip("no browser test ran before this one in this session")
    assert not StaffUser.objects.exists()
    assert not Customer.objects.exists()
    assert not Document.objects.exists()
    assert not AuditEntry.objects.exists()
    roles = Group.objects.filter(permissions__isnull=False).distinct()
    assert set(roles.values_list("name", flat=True)) == {SUPPORT_AGENT, COMPLIANCE_OFFICER, ADMINISTRATOR}
    assert Permission.objects.filter(codename="view_customer").exists()
