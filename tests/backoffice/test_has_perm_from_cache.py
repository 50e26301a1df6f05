"""``StaffUser.has_perm`` answers from the permissions ModelBackend loaded (issue 17) exactly as
Django's own check through every backend would."""

import pytest
from django.contrib.auth.models import AbstractUser, Permission

from backoffice.models import StaffUser
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT

pytestmark = pytest.mark.django_db


def djangos_answer(user, perm, obj=None) -> bool:
    return AbstractUser.has_perm(user, perm, obj)


@pytest.mark.parametrize("role", [SUPPORT_AGENT, COMPLIANCE_OFFICER, ADMINISTRATOR, None])
def test_every_permission_answered_as_django_answers_it(make_staff, role):
    member = make_staff(role=role)
    member.user_permissions.add(Permission.objects.get(codename="view_confidential"))
    everything = [f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")]
    member = StaffUser.objects.get(pk=member.pk)
    member.get_all_permissions()  # what ModelBackend loads on the first check
    assert "_perm_cache" in member.__dict__
    for perm in [*everything, "nothing.at_all"]:
        assert member.has_perm(perm) == djangos_answer(member, perm), perm
    assert member.has_perms(everything[:3]) == all(djangos_answer(member, p) for p in everything[:3])


def test_inactive_superuser_and_object_permissions(make_staff):
    boss = make_staff(is_superuser=True)
    boss.get_all_permissions()
    assert boss.has_perm("customers.browse_customers") is True
    boss.is_active = False
    assert boss.has_perm("customers.browse_customers") == djangos_answer(boss, "customers.browse_customers") is False
    agent = make_staff(role=SUPPORT_AGENT)
    agent.get_all_permissions()
    # An object permission is Django's to answer (ModelBackend grants none).
    assert agent.has_perm("customers.browse_customers", obj=agent) is False


def test_another_backend_is_asked_as_django_asks_it(make_staff, settings):
    settings.AUTHENTICATION_BACKENDS = ["tests.backoffice.test_has_perm_from_cache.GrantsEverything"]
    agent = make_staff(role=SUPPORT_AGENT)
    agent._perm_cache = set()
    assert agent.has_perm("anything.at_all") is True


def test_a_string_is_not_a_list_of_permissions(make_staff):
    with pytest.raises(ValueError):
        make_staff().has_perms("customers.browse_customers")


class GrantsEverything:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        return True
