"""What the browser tests leave to a database test after them: the migrated database, without the
demo they shared nor anything they did in it.

The e2e conftest runs this module's tests right after the last browser test (and in their xdist
group), as pytest-xdist's ``--dist loadgroup`` may run any database test there. Run alone, it has
nothing before it to check.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from backoffice.models import AuditEntry, StaffUser
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from customers.models import Customer
from kyc.models import Document


@pytest.mark.django_db
def test_a_database_test_after_the_browser_tests_finds_the_migrated_database():
    assert not StaffUser.objects.exists()
    assert not Customer.objects.exists()
    assert not Document.objects.exists()
    assert not AuditEntry.objects.exists()
    roles = Group.objects.filter(permissions__isnull=False).distinct()
    assert set(roles.values_list("name", flat=True)) == {SUPPORT_AGENT, COMPLIANCE_OFFICER, ADMINISTRATOR}
    assert Permission.objects.filter(codename="view_customer").exists()
