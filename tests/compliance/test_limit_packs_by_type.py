"""Crassula's limit packs per person / company type, and a customer's pack chosen by hand from a
drop-down (issue 21): the pack chosen by hand wins, then the pack of their type at their level,
then the level's pack without a type; only the packs of their type or without one are offered;
administrators choose, with a reason, audited, a second administrator approving by default."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry, CommandRule
from backoffice.roles import ADMINISTRATOR
from compliance.models import ChosenLimitPack, LimitPack
from compliance.selectors import pack_of
from compliance.services.limit_choice import choose_limit_pack
from compliance.services.limits import ThresholdLine, save_pack
from customers.models import Customer, CustomerType
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
SCT = "sct_emitted"


def pack(name, level, kind=None, amount="1000"):
    return save_pack(
        actor=ROBOT,
        pack=None,
        name=name,
        verification_level=level,
        customer_type=kind,
        currency="EUR",
        lines=[ThresholdLine(SCT, "day", Decimal(amount), None)],
    )


def person_of(kind=None, level=2):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(verification_level=level, person_type=kind)
    return Customer.objects.get(pk=person.pk)


def test_the_pack_of_the_type_wins_over_the_levels_pack_and_one_chosen_by_hand_over_both():
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    standard = pack("Level 2", 2)
    premium_pack = pack("Level 2 premium", 2, premium)
    level_4 = pack("Level 4", 4)
    assert pack_of(person_of()) == (standard, "of their verification level")
    customer = person_of(premium)
    assert pack_of(customer) == (premium_pack, "of their type and verification level")
    choose_limit_pack(actor=ROBOT, customer=customer, pack=level_4, reason="Agreed with the client's bank.")
    assert pack_of(customer) == (level_4, "chosen by hand")
    entry = AuditEntry.objects.get(action="compliance.limit_pack.chosen")
    assert entry.changes == {"limit_pack": ["automatic", "Level 4"]} and entry.customer_id == customer.pk
    choose_limit_pack(actor=ROBOT, customer=customer, pack=None, reason="Back to the rules.")
    assert pack_of(customer) == (premium_pack, "of their type and verification level")
    assert not ChosenLimitPack.objects.exists()


def test_one_pack_per_level_and_type():
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    pack("Level 2", 2)
    pack("Level 2 premium", 2, premium)
    with pytest.raises(DomainError, match="Another pack without a type"), transaction.atomic():
        pack("Level 2 bis", 2)
    with pytest.raises(DomainError, match="Another pack of the type “Premium”"), transaction.atomic():
        pack("Level 2 premium bis", 2, premium)


def test_a_pack_of_another_type_is_neither_offered_nor_accepted(signed_in, administrator):
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    students = CustomerType.objects.create(name="Students", applies_to="person")
    pack("Level 2", 2)
    students_pack = pack("Level 2 students", 2, students)
    customer = person_of(premium)
    client = signed_in(administrator)
    url = reverse("compliance-limit-pack", args=[customer.pk])
    form = client.get(url).context["form"]
    assert [str(p) for p in form.fields["pack"].queryset] == ["Level 2"]
    response = client.post(url, {"pack": students_pack.pk, "reason": "Try."})
    assert "Select a valid choice" in page_text(response) and not ChosenLimitPack.objects.exists()
    with pytest.raises(DomainError, match="a pack of another type"), transaction.atomic():
        choose_limit_pack(actor=ROBOT, customer=customer, pack=students_pack, reason="Try.")


def test_an_administrator_chooses_the_pack_and_a_second_one_approves(signed_in, administrator, make_staff):
    level_4 = pack("Level 4", 4)
    customer = person_of()
    client = signed_in(administrator)
    tab = page_text(client.get(reverse("customer-tab", args=[customer.pk, "limits"])))
    assert "Choose the pack" in tab and "No limit pack for this verification level" in tab
    url = reverse("compliance-limit-pack", args=[customer.pk])
    response = client.post(url, {"pack": level_4.pk, "reason": ""})
    assert "Say why" in page_text(response)
    client.post(url, {"pack": level_4.pk, "reason": "Agreed with the client's bank."})
    approval = ApprovalRequest.objects.get(command="compliance.limit_pack.choose")
    assert not ChosenLimitPack.objects.exists()  # it waits for a second administrator
    second = make_staff("admin2", ADMINISTRATOR)
    checker_page = page_text(signed_in(second).get(reverse("approval-detail", args=[approval.pk])))
    assert "Limit pack asked" in checker_page and "Their pack when asked" in checker_page
    assert "None: no pack for their level" in checker_page and "Emitted SEPA credit transfer, per day" in checker_page
    signed_in(second).post(reverse("approval-approve", args=[approval.pk]), {"text": "Checked."})
    assert ChosenLimitPack.objects.get(customer=customer).pack == level_4
    tab = page_text(client.get(reverse("customer-tab", args=[customer.pk, "limits"])))
    assert "Level 4 (verification level 4; chosen by hand)" in tab


def test_without_four_eyes_it_is_saved_at_once(signed_in, administrator):
    CommandRule.objects.create(command="compliance.limit_pack.choose", four_eyes=False)
    level_4 = pack("Level 4", 4)
    customer = person_of()
    client = signed_in(administrator)
    client.post(reverse("compliance-limit-pack", args=[customer.pk]), {"pack": level_4.pk, "reason": "Agreed."})
    assert ChosenLimitPack.objects.get(customer=customer).pack == level_4


@pytest.mark.parametrize("persona", ["support_agent", "compliance_officer"])
def test_others_read_the_pack_but_do_not_choose_it(signed_in, persona, request):
    pack("Level 2", 2)
    customer = person_of()
    client = signed_in(request.getfixturevalue(persona))
    tab = page_text(client.get(reverse("customer-tab", args=[customer.pk, "limits"])))
    assert "Level 2 (verification level 2; of their verification level)" in tab and "Choose the pack" not in tab
    assert client.get(reverse("compliance-limit-pack", args=[customer.pk])).status_code == 403


def test_the_packs_page_says_each_packs_type(signed_in, administrator):
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    pack("Level 2", 2)
    pack("Level 2 premium", 2, premium)
    page = page_text(signed_in(administrator).get(reverse("compliance-limit-packs")))
    assert "verification level 2 · any type · EUR" in page and "verification level 2 · Premium · EUR" in page


def test_a_typed_pack_is_created_and_renamed_through_a_second_administrator(signed_in, administrator, make_staff):
    """Outside attack 21c (H3): the type went into the waiting request as its name, and saving a
    typed pack answered 500."""
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    checker = make_staff("admin2", ADMINISTRATOR)
    form = {
        "name": "Level 4 premium",
        "verification_level": "4",
        "customer_type": premium.pk,
        "currency": "EUR",
        "reason": "Premium clients.",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": SCT,
        "form-0-period": "day",
        "form-0-max_amount": "9000",
    }
    response = signed_in(administrator).post(reverse("compliance-limit-pack-create"), form)
    assert response.status_code == 302
    approval = ApprovalRequest.objects.get(command="compliance.limit_pack.create")
    assert approval.parameters["customer_type"] == premium.pk
    second = signed_in(checker)
    assert "Premium" in page_text(second.get(reverse("approval-detail", args=[approval.pk])))
    second.post(reverse("approval-approve", args=[approval.pk]), {"text": "Checked."})
    created = LimitPack.objects.get(name="Level 4 premium")
    assert created.customer_type == premium
    edit = reverse("compliance-limit-pack-edit", args=[created.pk])
    response = signed_in(administrator).post(edit, {**form, "name": "Level 4 premium+"})
    assert response.status_code == 302
    renamed = ApprovalRequest.objects.get(command="compliance.limit_pack.update")
    signed_in(checker).post(reverse("approval-approve", args=[renamed.pk]), {"text": "Checked."})
    created.refresh_from_db()
    assert (created.name, created.customer_type) == ("Level 4 premium+", premium)


def test_a_new_type_changes_the_limits_only_once_a_second_administrator_approves(signed_in, administrator, make_staff):
    """Outside attack 21c (H4, M1): one administrator raised a card limit from 900 to 3,000 EUR a
    day by changing the customer's type, and a pack chosen by hand of the former type stayed."""
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    retail = CustomerType.objects.create(name="Retail", applies_to="person")
    premium_pack = pack("Level 2 premium", 2, premium, amount="900")
    customer = person_of(premium)
    ChosenLimitPack.objects.create(customer=customer, pack=premium_pack)
    url = reverse("customer-edit-settings", args=[customer.pk])
    form = {"customer_type": retail.pk, "default_currency": "EUR", "language": "en", "version": customer.version}
    response = signed_in(administrator).post(url, form)
    assert "Say why" in page_text(response)  # it waits: the page asks why
    response = signed_in(administrator).post(url, {**form, "approval_reason": "Moved to retail on request."})
    assert response.status_code == 302
    approval = ApprovalRequest.objects.get(command="customers.settings.update")
    assert approval.approver_role == ADMINISTRATOR and Customer.objects.get(pk=customer.pk).person_type == premium
    signed_in(make_staff("admin2", ADMINISTRATOR)).post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Checked."}
    )
    customer = Customer.objects.get(pk=customer.pk)
    assert customer.person_type == retail and not ChosenLimitPack.objects.exists()
    released = AuditEntry.objects.filter(action="compliance.limit_pack.chosen").latest("pk")
    assert released.changes["limit_pack"] == ["Level 2 premium", "automatic"]


def test_a_setting_that_changes_neither_type_nor_price_list_is_saved_at_once(signed_in, administrator):
    customer = person_of()
    url = reverse("customer-edit-settings", args=[customer.pk])
    form = {"default_currency": "EUR", "language": "fr", "version": customer.version}
    assert signed_in(administrator).post(url, form).status_code == 302
    assert Customer.objects.get(pk=customer.pk).language == "fr" and not ApprovalRequest.objects.exists()
