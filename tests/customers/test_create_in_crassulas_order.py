"""Crassula's create form in its order (issue 21): "… Settings, Limit (a pack chosen by hand),
Custom threshold limits, Security (verification levels and access roles), Tags", each section
shown to those who may set it, asked through its own command once the customer exists (the
limits wait for a second administrator by default), all or nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from backoffice.models import ApprovalRequest, AuditEntry, CommandRule
from compliance.models import ChosenLimitPack, Threshold
from compliance.services.limits import ThresholdLine, save_pack
from customers.models import AccessGroup, AccessRole, Customer, CustomerType, Tag
from tests.customers.factories import ROBOT
from tests.customers.test_forms import PERSON
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
SECTIONS = ("Settings", "Limit and custom threshold limits", "Security", "Tags")


def level_4_pack(kind=None):
    return save_pack(
        actor=ROBOT,
        pack=None,
        name="Level 4" + (f" {kind}" if kind else ""),
        verification_level=4,
        customer_type=kind,
        currency="EUR",
        lines=[ThresholdLine("sct_emitted", "day", Decimal("5000"), None)],
    )


def legends(page: str) -> list[str]:
    import re

    return [legend.strip() for legend in re.findall(r"<legend[^>]*>([^<]+)</legend>", page)]


def test_an_administrator_sees_every_section_in_crassulas_order(signed_in, administrator):
    page = page_text(signed_in(administrator).get(reverse("customer-person-create")))
    shown = [legend for legend in legends(page) if legend in SECTIONS]
    assert shown == list(SECTIONS)
    assert "Verification level 0 (not verified)" in page


def test_a_compliance_officer_sees_neither_limits_security_nor_tags(signed_in, compliance_officer):
    page = page_text(signed_in(compliance_officer).get(reverse("customer-person-create")))
    assert [legend for legend in legends(page) if legend in SECTIONS] == ["Settings"]


def test_the_limits_chosen_at_creation_wait_for_a_second_administrator(signed_in, administrator):
    pack = level_4_pack()
    vip, web = Tag.objects.create(name="VIP"), AccessRole.objects.create(name="Web banking")
    group = AccessGroup.objects.create(name="Family")
    form = {
        **PERSON,
        "limit_pack": pack.pk,
        "threshold_1_operation": "sct_emitted",
        "threshold_1_period": "month",
        "threshold_1_max_amount": "20000",
        "limits_reason": "Private banking client, agreed by the desk.",
        "access_roles": [web.pk],
        "access_groups": [group.pk],
        "tags": [vip.pk],
    }
    client = signed_in(administrator)
    response = client.post(reverse("customer-person-create"), form, follow=True)
    person = Customer.objects.get()
    page = page_text(response)
    assert "was created with the public id" in page and page.count("waits for") + page.count("approv") >= 2
    assert list(person.tags.all()) == [vip] and list(person.access_roles.all()) == [web]
    assert list(person.access_groups.all()) == [group]
    assert not ChosenLimitPack.objects.exists() and not Threshold.objects.filter(customer=person).exists()
    asked = set(ApprovalRequest.objects.filter(customer_id=person.pk).values_list("command", flat=True))
    assert asked == {"compliance.limit_pack.choose", "compliance.custom_thresholds.set"}
    created = AuditEntry.objects.get(action="customers.person.created")
    assert created.changes["access_roles"] == [None, ["Web banking"]]


def test_without_four_eyes_the_limits_apply_at_once(signed_in, administrator):
    for command in ("compliance.limit_pack.choose", "compliance.custom_thresholds.set"):
        CommandRule.objects.create(command=command, four_eyes=False)
    pack = level_4_pack()
    form = {
        **PERSON,
        "limit_pack": pack.pk,
        "threshold_1_operation": "sct_emitted",
        "threshold_1_period": "month",
        "threshold_1_max_count": "40",
        "limits_reason": "Agreed.",
    }
    signed_in(administrator).post(reverse("customer-person-create"), form)
    person = Customer.objects.get()
    assert ChosenLimitPack.objects.get(customer=person).pack == pack
    assert Threshold.objects.get(customer=person).max_count == 40


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"threshold_1_max_amount": "100"}, "threshold_1_operation", "Choose the operation and the period."),
        ({"threshold_1_operation": "sct_emitted"}, "threshold_1_period", "Choose both."),
        (
            {"threshold_1_operation": "sct_emitted", "threshold_1_period": "day", "limits_reason": "x"},
            "threshold_1_max_amount",
            "Set a maximum amount, a maximum count, or both.",
        ),
        ({"limit_pack": "PACK"}, "limits_reason", "Say why the customer gets these limits"),
    ],
)
def test_bad_limits_are_said_next_to_their_field_and_nothing_is_created(
    signed_in, administrator, changes, field, message
):
    pack = level_4_pack()
    changes = {name: (pack.pk if value == "PACK" else value) for name, value in changes.items()}
    response = signed_in(administrator).post(reverse("customer-person-create"), {**PERSON, **changes})
    assert response.status_code == 200 and not Customer.objects.exists()
    assert any(message in error for error in response.context["form"].errors[field])


def test_a_refused_section_undoes_the_whole_creation(signed_in, administrator):
    """The same operation and period twice: the thresholds' own rule refuses, nothing is created."""
    form = {
        **PERSON,
        "threshold_1_operation": "sct_emitted",
        "threshold_1_period": "day",
        "threshold_1_max_amount": "100",
        "threshold_2_operation": "sct_emitted",
        "threshold_2_period": "day",
        "threshold_2_max_amount": "200",
        "limits_reason": "Agreed.",
    }
    response = signed_in(administrator).post(reverse("customer-person-create"), form)
    assert response.status_code == 200 and "twice" in page_text(response)
    assert not Customer.objects.exists() and not ApprovalRequest.objects.exists()


def test_a_pack_of_another_type_carries_its_type_for_the_page(signed_in, administrator):
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    typed, untyped = level_4_pack(premium), level_4_pack()
    page = signed_in(administrator).get(reverse("customer-person-create")).content.decode()
    assert f'value="{typed.pk}" data-type="{premium.pk}"' in page and f'value="{untyped.pk}" data-type="*"' in page


def test_a_pack_of_another_type_is_refused_next_to_the_limit(signed_in, administrator):
    """Outside attack 21c (L1): a forged pack of another type was said at the top of the page."""
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    retail = CustomerType.objects.create(name="Retail", applies_to="person")
    form = {**PERSON, "customer_type": retail.pk, "limit_pack": level_4_pack(premium).pk, "limits_reason": "Agreed."}
    response = signed_in(administrator).post(reverse("customer-person-create"), form)
    assert response.status_code == 200 and not Customer.objects.exists()
    assert "is a pack of another type" in response.context["form"].errors["limit_pack"][0]
