"""Administrators set each kind's target (issue 19): ``/work/targets/`` lists every kind with the
target in force (theirs or the default, and which), its grace and escalation; each row opens
the declared command ``work.target.set``, whose form shows only what applies to the kind."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry, CommandRule
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER
from backoffice.services import approvals
from tests.customers.factories import make_person
from tests.helpers import count_queries, page_text
from work import services, targets
from work.calendar import add_working_hours
from work.choices import WorkKind
from work.commands import TARGET_COMMAND
from work.models import WorkTarget

pytestmark = pytest.mark.django_db

EDIT = "work-target-edit"


def edit_url(kind: str) -> str:
    return reverse(EDIT, args=[kind])


def posted(**changes) -> dict:
    """A KYC review's target as the form posts it (nothing changed but ``changes``)."""
    return {
        "working_hours": "24",
        "grace_hours": "8",
        "escalation_role": ADMINISTRATOR,
        "reason": "Agreed with the head of compliance.",
        **changes,
    }


def set_by_service(admin, kind: str, **values) -> WorkTarget:
    current = targets.stored_or_default_target(kind)
    fields = {name: getattr(current, name) for name in targets.TARGET_FIELDS}
    return targets.set_target(actor=admin, target=current, **{**fields, **values, "reason": "Test."})


def test_the_page_lists_every_kind_with_its_target_and_says_whose(signed_in, administrator):
    set_by_service(administrator, WorkKind.KYC_REVIEW, working_hours=12, escalation_role="")
    text = page_text(signed_in(administrator).get(reverse("work-targets")))
    for label in WorkKind.labels:
        assert label in text
    kyc_row = text.split("KYC review decision")[1].split("</tr>")[0]
    assert "Due 12 working hours after opening" in kyc_row and "Administrators" in kyc_row and "Nobody" in kyc_row
    expiry_row = text.split("Identity document expiring")[1].split("</tr>")[0]
    assert "Opens 30 days before its date" in expiry_row and "Default" in expiry_row
    risk_row = text.split("Risk review due")[1].split("</tr>")[0]
    assert "Reviews every 12 months (high risk), 24 (medium), 36 (low)" in risk_row
    assert edit_url(WorkKind.KYC_REVIEW) in kyc_row


def test_opening_the_edit_page_stores_nothing(signed_in, administrator):
    response = signed_in(administrator).get(edit_url(WorkKind.PRE_REVIEW))
    assert response.status_code == 200 and "The default: nobody changed it yet" in page_text(response)
    assert not WorkTarget.objects.exists(), "a page that only shows the defaults saves no row"


@pytest.mark.parametrize(
    ("kind", "shown", "hidden"),
    [
        (
            WorkKind.KYC_REVIEW,
            ["working_hours", "holidays_country", "opens_at", "closes_at"],
            ["days_ahead", "months_high", "months_medium", "months_low"],
        ),
        (WorkKind.DOCUMENT_EXPIRY, ["days_ahead"], ["working_hours", "months_high", "holidays_country", "opens_at"]),
        (
            WorkKind.RISK_REVIEW,
            ["days_ahead", "months_high", "months_medium", "months_low"],
            ["working_hours", "holidays_country", "closes_at"],
        ),
    ],
)
def test_the_form_shows_only_what_applies_to_the_kind(signed_in, administrator, kind, shown, hidden):
    html = signed_in(administrator).get(edit_url(kind)).content.decode()
    for name in [*shown, "grace_hours", "escalation_role", "reason"]:
        assert f'name="{name}"' in html, name
    for name in hidden:
        assert f'name="{name}"' not in html, name


def test_a_target_is_saved_with_its_audit_entry(signed_in, administrator):
    client = signed_in(administrator)
    response = client.post(
        edit_url(WorkKind.KYC_REVIEW),
        posted(working_hours="12", grace_hours="4", escalation_role=COMPLIANCE_OFFICER, version=""),
    )
    assert response.status_code == 302 and response["Location"] == reverse("work-targets")
    target = WorkTarget.objects.get(kind=WorkKind.KYC_REVIEW)
    assert (target.working_hours, target.days_ahead, target.grace_hours) == (12, None, 4)
    assert target.escalation_role == COMPLIANCE_OFFICER and target.months_high is None
    entry = AuditEntry.objects.get(action="work.target.set")
    assert entry.actor == administrator and entry.reason == "Agreed with the head of compliance."
    assert entry.target_type == "work.worktarget" and entry.target_id == WorkKind.KYC_REVIEW
    assert entry.changes == {
        "working_hours": [24, 12],
        "grace_hours": [8, 4],
        "escalation_role": [ADMINISTRATOR, COMPLIANCE_OFFICER],
    }
    assert "The target is saved" in page_text(client.get(reverse("work-targets")))


def test_a_risk_reviews_intervals_are_saved(signed_in, administrator):
    data = {
        "days_ahead": "45",
        "grace_hours": "0",
        "escalation_role": "",
        "months_high": "6",
        "months_medium": "18",
        "months_low": "36",
        "reason": "New risk policy.",
    }
    assert signed_in(administrator).post(edit_url(WorkKind.RISK_REVIEW), data).status_code == 302
    target = WorkTarget.objects.get(kind=WorkKind.RISK_REVIEW)
    assert (target.days_ahead, target.months_high, target.months_medium, target.months_low) == (45, 6, 18, 36)
    assert target.escalation_role == "" and target.grace_hours == 0
    from work.kinds import target_of

    assert target_of(WorkKind.RISK_REVIEW).months_for("high") == 6


@pytest.mark.parametrize(
    ("kind", "data", "field", "message"),
    [
        (WorkKind.KYC_REVIEW, posted(working_hours="0"), "working_hours", "from 1 to 500"),
        (WorkKind.KYC_REVIEW, posted(working_hours="501"), "working_hours", "from 1 to 500"),
        (WorkKind.KYC_REVIEW, posted(working_hours=""), "working_hours", "This field is required"),
        (WorkKind.KYC_REVIEW, posted(working_hours="two"), "working_hours", "Enter a whole number"),
        (WorkKind.KYC_REVIEW, posted(grace_hours="-1"), "grace_hours", "from 0 to 500"),
        (WorkKind.KYC_REVIEW, posted(reason="   "), "reason", ""),
        (WorkKind.KYC_REVIEW, posted(escalation_role="Superuser"), "escalation_role", "Select a valid choice"),
        (
            WorkKind.DOCUMENT_EXPIRY,
            {"days_ahead": "366", "grace_hours": "8", "reason": "x"},
            "days_ahead",
            "from 1 to 365",
        ),
        (
            WorkKind.KYC_REVIEW,
            {"working_hours": "24", "grace_hours": "8", "opens_at": "08:00"},
            "closes_at",
            "Give both the opening and the closing time",
        ),
        (
            WorkKind.KYC_REVIEW,
            {"working_hours": "24", "grace_hours": "8", "opens_at": "16:30", "closes_at": "17:00"},
            "closes_at",
            "at least an hour after it opens",
        ),
        (
            WorkKind.KYC_REVIEW,
            {"working_hours": "24", "grace_hours": "8", "holidays_country": "XX"},
            "holidays_country",
            "Select a valid choice",
        ),
        (
            WorkKind.DOCUMENT_EXPIRY,
            {"days_ahead": "0", "grace_hours": "8", "reason": "x"},
            "days_ahead",
            "from 1 to 365",
        ),
        (
            WorkKind.RISK_REVIEW,
            {"days_ahead": "30", "grace_hours": "8", "months_high": "121", "months_medium": "24", "months_low": "36"},
            "months_high",
            "From 1 to 120 months",
        ),
        (
            WorkKind.RISK_REVIEW,
            {"days_ahead": "30", "grace_hours": "8", "months_high": "30", "months_medium": "24", "months_low": "36"},
            "months_high",
            "At most 24: as often as medium risk",
        ),
        (
            WorkKind.RISK_REVIEW,
            {"days_ahead": "30", "grace_hours": "8", "months_high": "12", "months_medium": "48", "months_low": "36"},
            "months_medium",
            "At most 36: as often as low risk",
        ),
    ],
)
def test_bad_input_is_said_next_to_its_field_and_nothing_is_saved(signed_in, administrator, kind, data, field, message):
    data = {"reason": "Because.", **data}
    response = signed_in(administrator).post(edit_url(kind), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert f'id="error_1_id_{field}"' in response.content.decode(), "the message is rendered by the field"
    assert not WorkTarget.objects.exists(), "nor the row with the defaults the change was to be made on"
    assert not AuditEntry.objects.filter(action="work.target.set").exists()


def test_the_service_refuses_what_the_form_cannot_send(administrator):
    target = targets.stored_or_default_target(WorkKind.KYC_REVIEW)
    base = {"working_hours": 24, "days_ahead": None, "grace_hours": 8, "escalation_role": "", "reason": "x"}
    cases = [
        ({"escalation_role": "Root"}, "escalation_role"),
        ({"days_ahead": 3}, "days_ahead"),
        ({"months_high": 12}, "months_high"),
    ]
    for change, field in cases:
        with pytest.raises(DomainError) as refused:
            targets.set_target(actor=administrator, target=target, **{**base, **change})
        assert refused.value.field == field
    assert not WorkTarget.objects.exists()


@pytest.mark.parametrize("stored_before", [True, False], ids=["stored", "default"])
def test_someone_elses_save_meanwhile_is_said_not_overwritten(signed_in, administrator, make_staff, stored_before):
    if stored_before:
        set_by_service(administrator, WorkKind.KYC_REVIEW, working_hours=20)
    client = signed_in(administrator)
    seen = client.get(edit_url(WorkKind.KYC_REVIEW)).context["form"]["version"].value()
    set_by_service(make_staff("bea", ADMINISTRATOR), WorkKind.KYC_REVIEW, working_hours=16)
    response = client.post(edit_url(WorkKind.KYC_REVIEW), posted(working_hours="30", version=seen))
    assert response.status_code == 200 and "Someone else saved" in page_text(response)
    assert WorkTarget.objects.get(kind=WorkKind.KYC_REVIEW).working_hours == 16


def test_the_defaults_saved_unchanged_store_nothing(signed_in, administrator):
    response = signed_in(administrator).post(edit_url(WorkKind.KYC_REVIEW), posted())
    assert response.status_code == 302
    assert not WorkTarget.objects.exists() and not AuditEntry.objects.filter(action="work.target.set").exists()


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer"])
def test_only_administrators_set_targets(signed_in, request, role):
    client = signed_in(request.getfixturevalue(role))
    assert client.get(reverse("work-targets")).status_code == 403
    assert client.get(edit_url(WorkKind.KYC_REVIEW)).status_code == 403
    assert client.post(edit_url(WorkKind.KYC_REVIEW), posted(working_hours="1")).status_code == 403
    assert not WorkTarget.objects.exists()


def test_an_unknown_kind_is_not_found(signed_in, administrator):
    assert signed_in(administrator).get(edit_url("coffee_break")).status_code == 404


def test_a_new_target_moves_the_deadline_of_items_opened_afterwards_only(administrator):
    monday_ten = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
    before = services.open_item(
        kind=WorkKind.PRE_REVIEW,
        subject=make_person("Old", "Item"),
        title="Before",
        permission="p",
        opened_at=monday_ten,
    )
    assert before.due_at == add_working_hours(monday_ten, 4)
    set_by_service(administrator, WorkKind.PRE_REVIEW, working_hours=10)
    after = services.open_item(
        kind=WorkKind.PRE_REVIEW,
        subject=make_person("New", "Item"),
        title="After",
        permission="p",
        opened_at=monday_ten,
    )
    assert after.due_at == add_working_hours(monday_ten, 10) == timezone.make_aware(datetime(2026, 3, 3, 12, 0))
    before.refresh_from_db()
    assert before.due_at == add_working_hours(monday_ten, 4), "an open item keeps its deadline"


def test_with_four_eyes_on_the_change_waits_for_a_second_administrator(signed_in, administrator, make_staff):
    """The rules page may make it wait: the request names the target by its kind (a text primary
    key); nothing changes until another administrator approves, then the maker's values apply."""
    CommandRule.objects.create(command=TARGET_COMMAND, four_eyes=True)
    client = signed_in(administrator)
    response = client.post(edit_url(WorkKind.KYC_REVIEW), posted(working_hours="12"))
    assert response.status_code == 302
    approval = ApprovalRequest.objects.get(command=TARGET_COMMAND)
    assert (approval.target_model, approval.target_id) == ("work.worktarget", WorkKind.KYC_REVIEW)
    assert approval.parameters["working_hours"] == 12 and "version" not in approval.parameters
    assert WorkTarget.objects.get(kind=WorkKind.KYC_REVIEW).working_hours == 24, "the defaults, stored to ask on"
    waiting = page_text(client.get(reverse("work-targets")))
    assert f"A change waits for approval (request #{approval.pk})" in waiting
    assert "Administrators" not in waiting.split("KYC review decision")[1].split("</tr>")[0], "still the defaults"
    detail = page_text(signed_in(make_staff("bea", ADMINISTRATOR)).get(reverse("approval-detail", args=[approval.pk])))
    assert "Deadline (working hours)" in detail and "12 (now 24)" in detail
    approvals.approve(approval=approval, checker=make_staff("cid", ADMINISTRATOR), comment="Fine.")
    assert WorkTarget.objects.get(kind=WorkKind.KYC_REVIEW).working_hours == 12
    entry = AuditEntry.objects.get(action="work.target.set")
    assert entry.actor == administrator and entry.changes["approval_request"] == [None, approval.pk]


def test_the_page_makes_the_same_queries_whatever_is_stored(signed_in, administrator):
    client = signed_in(administrator)
    defaults = count_queries(client, reverse("work-targets"))
    for kind in (WorkKind.PRE_REVIEW, WorkKind.DOCUMENT_EXPIRY, WorkKind.RISK_REVIEW):
        set_by_service(administrator, kind, grace_hours=2)
    assert count_queries(client, reverse("work-targets")) == defaults


def test_a_team_s_own_calendar_counts_its_hours_and_skips_its_country_s_holidays(signed_in, administrator):
    """Epiphany (6 January) is a public holiday in Poland, not in France."""
    response = signed_in(administrator).post(
        edit_url(WorkKind.PRE_REVIEW),
        {
            "working_hours": "4",
            "grace_hours": "8",
            "escalation_role": COMPLIANCE_OFFICER,
            "holidays_country": "PL",
            "opens_at": "08:00",
            "closes_at": "16:00",
            "reason": "The Warsaw team pre-reviews.",
        },
    )
    assert response.status_code == 302
    stored = WorkTarget.objects.get(kind=WorkKind.PRE_REVIEW)
    assert (stored.holidays_country, stored.opens_at.hour, stored.closes_at.hour) == ("PL", 8, 16)
    entry = AuditEntry.objects.get(action="work.target.set")
    assert entry.changes["holidays_country"] == ["", "PL"] and entry.changes["opens_at"] == [None, "08:00:00"]
    tuesday_three = timezone.make_aware(datetime(2027, 1, 5, 15, 0))
    item = services.open_item(
        kind=WorkKind.PRE_REVIEW,
        subject=make_person("Jan", "Kowalski"),
        title="x",
        permission="p",
        opened_at=tuesday_three,
    )
    # 15:00–16:00 on Tuesday, Wednesday off (Epiphany), then 08:00 + 3 hours on Thursday.
    assert timezone.localtime(item.due_at) == timezone.make_aware(datetime(2027, 1, 7, 11, 0))
    french = add_working_hours(tuesday_three, 4)
    assert timezone.localtime(french) == timezone.make_aware(datetime(2027, 1, 6, 11, 0)), "the panel's calendar"
    page = page_text(signed_in(administrator).get(reverse("work-targets")))
    assert "08:00–16:00, public holidays of Poland" in page
