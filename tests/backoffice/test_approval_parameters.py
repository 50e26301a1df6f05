"""A waiting request keeps its parameters as JSON, where a record inside them would be kept as its
name and handed back to the service as text (outside attack 21c: saving a typed limit pack answered
500 once a second administrator was required). Every command is held to giving ids."""

import pytest
from django.db import transaction

from backoffice.commands import commands
from backoffice.roles import ADMINISTRATOR
from backoffice.services import approvals
from compliance.services.limits import ThresholdLine, save_pack
from customers.models import CustomerType
from tests.customers.factories import make_person

pytestmark = pytest.mark.django_db


def test_a_record_inside_a_requests_parameters_is_refused_before_anything_is_stored(make_staff):
    maker = make_staff("maker", ADMINISTRATOR)
    premium = CustomerType.objects.create(name="Premium", applies_to="person")
    refused = r"parameters\['customer_type'\] holds a record \(CustomerType\)"
    with pytest.raises(TypeError, match=refused), transaction.atomic():
        approvals.request_approval(
            command=commands.get("customers.settings.update"),
            actor=maker,
            target=make_person(),
            parameters={"customer_type": premium},
            reason="Moved to premium.",
        )
    # Its id is what the settings form gives, and what the request keeps.
    approval = approvals.request_approval(
        command=commands.get("customers.settings.update"),
        actor=maker,
        target=make_person(),
        parameters={"customer_type": premium.pk},
        reason="Moved to premium.",
    )
    assert approval.parameters == {"customer_type": premium.pk}


def test_records_in_a_list_are_refused_too(make_staff):
    pack = save_pack(
        actor=make_staff("maker", ADMINISTRATOR),
        pack=None,
        name="Level 4",
        verification_level=4,
        currency="EUR",
        lines=[ThresholdLine("sct_emitted", "day", None, 3)],
    )
    with pytest.raises(TypeError, match=r"holds a record \(LimitPack\)"):
        approvals.request_approval(
            command=commands.get("compliance.limit_pack.choose"),
            actor=make_staff("asker", ADMINISTRATOR),
            target=make_person(),
            parameters={"pack": [pack], "reason": "Agreed."},
        )
