"""The tipping-off guard (DOMAIN.md: never let the customer learn that their assets are frozen).

Canary strings are planted in every confidential field of one customer (the state reason, the
freeze and legal freeze comments, a compliance-only note); then every page that names no other
object, every tab of that customer and every list export is read as each role. Support agents
never meet a canary; compliance officers do (so the crawl is not blind); what leaves for
other systems (the payment systems' endpoint, the user.update events) carries none; and what
reaches the customer (statements in every format, the password-reset email) carries neither a
canary nor a word about a restriction."""

import json

import pytest
from django.urls import reverse

from backoffice.checks import iter_patterns
from backoffice.commands import commands
from backoffice.models import ApprovalRequest
from backoffice.services import approvals
from backoffice.tabs import profile_tabs
from compliance.models import OutboxEvent
from compliance.services.client_systems import issue_key
from compliance.services.restrictions import freeze_assets, set_legal_freeze, suspend
from customers.choices import NoteVisibility
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_note

pytestmark = pytest.mark.django_db

CANARIES = {
    "state reason": "canary-STATE-5f1",
    "freeze comment": "canary-FREEZE-8c2",
    "legal freeze comment": "canary-LEGAL-3d9",
    "compliance note": "canary-NOTE-7a4",
    "watchlist hit": "canary-WATCHLIST-6e1",
}
# Pages that are not about staff work on customers, or that act rather than show.
SKIPPED = {"login", "login-verify", "login-enrol", "logout", "set-password", "health", "kyc-liveness-webhook"}
# URLs whose only argument, ``pk``, is a customer.
NOT_CUSTOMERS = ("staff-", "audit-", "kyc-document-", "kyc-form-")
EXPORTS = ("customer-list", "customer-persons", "compliance-restricted", "audit-list", "work-list", "screening-hits")


@pytest.fixture
def canary(compliance_officer, make_staff):
    person = make_person("Cora", "Canary")
    suspend(actor=ROBOT, customer=person, reason=CANARIES["state reason"])
    freeze_assets(actor=ROBOT, customer=person, comment=CANARIES["freeze comment"])
    set_legal_freeze(actor=ROBOT, customer=person, comment=CANARIES["legal freeze comment"])
    make_note(person, compliance_officer, body=CANARIES["compliance note"], visibility=NoteVisibility.COMPLIANCE)
    # Four-eyes requests about the freezes, one pending and one rejected, carry the comments too.
    maker = make_staff("maker", "Compliance officer")
    lift = commands.get("compliance.freeze.lift")
    approvals.request_approval(
        command=lift,
        actor=maker,
        target=person,
        parameters={"comment": CANARIES["freeze comment"]},
        customer_id=person.pk,
    )
    rejected = approvals.request_approval(
        command=commands.get("compliance.legal_freeze.lift"),
        actor=maker,
        target=person,
        parameters={"comment": CANARIES["legal freeze comment"]},
        customer_id=person.pk,
    )
    approvals.reject(approval=rejected, checker=compliance_officer, reason=CANARIES["legal freeze comment"])
    watchlist_hit(person, CANARIES["watchlist hit"])
    return person


def watchlist_hit(person, canary_text):
    """A watchlist hit on the person (issue 20), the listed subject named by the canary: its work
    item and its pages carry it."""
    from screening import work_items
    from screening.models import ListedEntity, ListVersion, LoadStatus, ScreeningHit

    version = ListVersion.objects.create(
        source="eu-fsf", file_name="canary.xml", checksum="c", status=LoadStatus.LOADED
    )
    entity = ListedEntity.objects.create(
        source="eu-fsf",
        source_id="EU.CANARY",
        kind="person",
        caption=f"Cora {canary_text}",
        names=[[f"Cora {canary_text}", False]],
        reason=canary_text,
        fingerprint="0" * 64,
        first_version=version,
        last_version=version,
        changed_in=version,
    )
    hit = ScreeningHit.objects.create(
        customer=person,
        entity=entity,
        version=version,
        score=0.93,
        explanation={"customer_name": "Cora Canary", "listed_name": entity.caption, "tokens": []},
        customer_fingerprint="1" * 64,
        entity_fingerprint="0" * 64,
    )
    work_items.hits_found([hit])


def crawl(client, person) -> dict[str, str]:
    """URL → text, for every page the client may open (GET) and every list export (POST)."""
    urls = []
    for _, pattern in iter_patterns():
        name, arguments = pattern.name, set(pattern.pattern.converters)
        if name in SKIPPED or (name.startswith(NOT_CUSTOMERS) and arguments):
            continue
        if not arguments:
            urls.append(reverse(name))
        elif arguments == {"pk"}:
            urls.append(reverse(name, args=[person.pk]))
    urls += [reverse("customer-tab", args=[person.pk, tab.key]) for tab in profile_tabs.all()]
    for approval in ApprovalRequest.objects.all():
        urls += [reverse("approval-detail", args=[approval.pk]), reverse("approval-approve", args=[approval.pk])]
    urls += [reverse("approval-list") + f"?show={show}" for show in ("awaiting", "mine", "all")]
    from screening.models import ScreeningHit
    from work.models import WorkItem

    urls += [reverse("screening-hit", args=[hit.pk]) for hit in ScreeningHit.objects.all()]
    urls += [reverse("work-item", args=[item.pk]) for item in WorkItem.objects.all()]
    urls += [reverse("work-list") + "?status=any", reverse("screening-hits") + "?status=any"]
    make_person("Cora", "Cousin")  # two matches: the search shows its results page, not a redirect
    urls += [reverse("search") + "?q=cora", reverse("customer-list") + "?q=cora"]
    seen = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            seen[url] = _text(response)
    for name in EXPORTS:
        for fmt in ("csv", "xlsx"):
            response = client.post(reverse(name), {"export": fmt})
            if response.status_code == 200:
                seen[f"{reverse(name)} export {fmt}"] = _text(response)
    return seen


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        return _xlsx_text(body)
    return body.decode(errors="replace")


def _xlsx_text(body: bytes) -> str:
    """The workbook's text: every ``<t>`` of its parts (shared or inline strings), not its markup
    (which speaks of "frozen" panes)."""
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as book:
        parts = [book.read(name).decode() for name in book.namelist() if name.endswith(".xml")]
    return " ".join(text for part in parts for text in re.findall(r"<t[^>]*>(.*?)</t>", part, re.S))


def found(seen: dict[str, str]) -> dict[str, list[str]]:
    return {what: [url for url, text in seen.items() if canary in text] for what, canary in CANARIES.items()}


def test_support_agents_never_meet_a_canary(signed_in, support_agent, canary):
    seen = crawl(signed_in(support_agent), canary)
    assert len(seen) > 20, "the crawl read the pages"
    assert reverse("search") + "?q=cora" in seen
    assert found(seen) == {what: [] for what in CANARIES}
    # Nor the words: no flag, badge or reason names a freeze anywhere a support agent looks.
    assert [url for url, text in seen.items() if "frozen" in text.lower() or "freeze" in text.lower()] == []


@pytest.mark.parametrize("role", ["compliance_officer", "administrator"])
def test_compliance_and_administrators_see_them_where_they_belong(signed_in, canary, role, request):
    seen = crawl(signed_in(request.getfixturevalue(role)), canary)
    where = found(seen)
    compliance_tab = reverse("customer-tab", args=[canary.pk, "compliance"])
    assert compliance_tab in where["state reason"] and compliance_tab in where["freeze comment"]
    assert compliance_tab in where["legal freeze comment"]
    assert reverse("customer-tab", args=[canary.pk, "notes"]) in where["compliance note"]
    assert reverse("screening-hits") + "?status=any" in where["watchlist hit"]
    assert reverse("customer-tab", args=[canary.pk, "work"]) in where["watchlist hit"], "the hit's work item"
    # Outside the profile, only the restricted list and its exports name the state reason.
    for url in where["state reason"]:
        assert str(canary.pk) in url or url.startswith(reverse("compliance-restricted")) or "audit" in url, url


def test_nothing_leaving_for_other_systems_carries_a_canary(client, canary):
    key = issue_key(actor=ROBOT, name="card-processor")[1]
    answer = client.get(
        reverse("api-customer-operations", args=[canary.pk]), headers={"Authorization": f"Bearer {key}"}
    ).content.decode()
    events = json.dumps([event.payload for event in OutboxEvent.objects.all()])
    for text in (answer, events):
        assert not any(canary_text in text for canary_text in CANARIES.values())
    assert '"isFrozen": 1' in events and '"IsLegalFrozen": 1' in events  # the flags, for the systems


def test_what_reaches_the_customer_carries_no_canary(canary, support_agent, settings):
    """A statement in each format and the password-reset email of the frozen, legally frozen,
    suspended customer: both go out as for anyone (refusing them would tell), and say nothing."""
    import io

    from django.core import mail
    from django.db import transaction
    from django.utils import timezone
    from pypdf import PdfReader

    from customers.services import password_resets, statements
    from tests.customers.holdings import add_transactions, make_account

    add_transactions(make_account(canary), 30)
    texts = {}
    for fmt in ("pdf", "xlsx", "csv"):
        with transaction.atomic():
            job = statements.request_statement(
                actor=support_agent,
                customer=canary,
                start_date=timezone.localdate() - timezone.timedelta(days=60),
                end_date=timezone.localdate(),
                export_format=fmt,
            )
        job = statements.build_statement(job.pk)
        body = (settings.STATEMENTS_DIR / job.stored_name).read_bytes()
        if fmt == "pdf":
            texts[fmt] = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        else:
            texts[fmt] = _xlsx_text(body) if fmt == "xlsx" else body.decode()
        assert "statement" in texts[fmt].lower() and "Cora" in texts[fmt], "the file was read"
    reset = password_resets.request_password_reset(
        actor=support_agent, customer=canary, confirmed_email=canary.primary_email
    )
    password_resets.deliver_password_reset(reset.pk)
    [email] = mail.outbox
    texts["email"] = f"{email.subject} {email.body}"
    for what, text in texts.items():
        assert not any(canary_text in text for canary_text in CANARIES.values()), what
        words = ("freeze", "frozen", "suspend", "restrict", "blocked")
        assert [word for word in words if word in text.lower()] == [], what
