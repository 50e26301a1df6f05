"""The regulator dossier (issue 21): one PDF per customer for an auditor, built by the real task
(in-process, and by a real worker process through Redis), read back with pypdf: every section
there, as the requester may see it (personal data masked, the restriction and screening sections
withheld for a role that may not see them, saying nothing of what they hold); the file's SHA-256
in the audit entry and on the page; the request, the build and each download audited; a second
run of the task changes nothing; the pages' query counts."""

import hashlib
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from backoffice.models import AuditEntry
from compliance.services.restrictions import freeze_assets
from customers import tasks
from customers.models import DossierExport
from customers.services import dossiers
from kyc import services as kyc_services
from kyc.models import Document
from tests.customers.factories import ROBOT, link, make_company, make_person
from tests.customers.holdings import IBANS, make_account
from tests.helpers import count_queries, page_text, wait_for
from tests.kyc.files import PNG
from work.choices import WorkKind, WorkStatus
from work.models import WorkItem

SECTIONS = (
    "Identity",
    "Contacts",
    "Addresses",
    "Accounts summary",
    "Relationships",
    "KYC history",
    "Documents",
    "Tax residences",
    "Screening outcomes",
    "Restriction history",
    "Audit timeline",
)
WITHHELD = "Withheld: the requester's role may not see this section"


def a_customer(*, frozen=True, iban=IBANS[0]):
    """A person with an account, a document, a company they own part of, a watchlist hit and,
    unless told otherwise, an asset freeze."""
    person = make_person("Zoë", "Dossier")
    make_account(person, iban=iban)
    company = make_company("Dossier Holding SAS")
    link(company, person)
    with transaction.atomic():
        details = kyc_services.DocumentDetails(document_type=12)
        kyc_services.upload_documents(actor=ROBOT, customer=person, details=details, files=[("proof.png", PNG)])
        if frozen:
            freeze_assets(actor=ROBOT, customer=person, comment="Court order 2026-118.")
    hit_on(person)
    return person


def hit_on(person):
    import uuid

    from screening.models import ListedEntity, ListVersion, ScreeningHit

    version = ListVersion.objects.create(
        source="eu-fsf", file_name="eu.xml", checksum=uuid.uuid4().hex, status="loaded"
    )
    entity = ListedEntity.objects.create(
        source="eu-fsf",
        source_id=uuid.uuid4().hex[:12],
        kind="person",
        caption="Zoe DOSSIERE",
        names=[["Zoe DOSSIERE", False]],
        fingerprint="0" * 64,
        first_version=version,
        last_version=version,
        changed_in=version,
    )
    return ScreeningHit.objects.create(
        customer=person,
        entity=entity,
        version=version,
        score=0.91,
        explanation={"customer_name": "Zoë Dossier", "listed_name": "Zoe DOSSIERE", "tokens": []},
        customer_fingerprint="1" * 64,
        entity_fingerprint="0" * 64,
    )


def requested(staff, customer, reason="FCA request 2026/77.") -> DossierExport:
    with transaction.atomic():
        return dossiers.request_dossier(actor=staff, customer=customer, reason=reason)


def built(job) -> DossierExport:
    assert dossiers.build_dossier(job.pk) is not None
    job.refresh_from_db()
    return job


def file_of(job, settings):
    return settings.STATEMENTS_DIR / job.stored_name


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def section_text(text: str, title: str) -> str:
    """The text of section ``title`` (from its numbered heading to the next one)."""
    number = SECTIONS.index(title) + 1
    start = text.index(f"{number}. {title}\n", text.index("Page 1"))  # past the cover's list
    following = f"{number + 1}. {SECTIONS[number]}" if number < len(SECTIONS) else "\x00"
    end = text.find(following, start)
    return text[start : end if end > 0 else None]


@pytest.fixture
def support_agent_with_dossiers(support_agent):
    """A support agent who was given the dossier permission alone (no role has it so): what
    their dossier says is what a support agent may see."""
    support_agent.user_permissions.add(Permission.objects.get(codename="export_dossier"))
    return type(support_agent).objects.get(pk=support_agent.pk)  # permissions read afresh


@pytest.mark.django_db
def test_a_compliance_officer_asks_for_a_dossier_from_the_history_tab_and_downloads_it(
    signed_in, compliance_officer, django_capture_on_commit_callbacks, settings
):
    person = a_customer()
    client = signed_in(compliance_officer)
    history = page_text(client.get(reverse("customer-tab", args=[person.pk, "history"])))
    assert "Regulator dossier (PDF)" in history and reverse("customer-dossier", args=[person.pk]) in history
    form = page_text(client.get(reverse("customer-dossier", args=[person.pk])))
    assert "documents with their SHA-256" in form and "Why the dossier is needed" in form

    refused = client.post(reverse("customer-dossier", args=[person.pk]), {"reason": "  "})
    assert "Say why the dossier is needed" in page_text(refused) and not DossierExport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):  # the task runs (in-process) once the row commits
        response = client.post(reverse("customer-dossier", args=[person.pk]), {"reason": "FCA request 2026/77."})
    job = DossierExport.objects.get()
    assert response.url == reverse("dossier-detail", args=[job.pk])
    assert job.status == "done" and job.requested_by == compliance_officer and job.pages >= 2
    data = file_of(job, settings).read_bytes()
    assert job.sha256 == hashlib.sha256(data).hexdigest() and job.size == len(data)

    page = page_text(client.get(response.url))
    assert job.sha256 in page and "Ready:" in page and reverse("dossier-download", args=[job.pk]) in page
    assert 'hx-trigger="every 1s"' not in page, "built: nothing left to poll"

    download = client.get(reverse("dossier-download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment") and job.file_name in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == data

    entries = {e.action: e for e in AuditEntry.objects.filter(action__startswith="customers.dossier.")}
    assert set(entries) == {"customers.dossier.requested", "customers.dossier.built", "customers.dossier.downloaded"}
    assert entries["customers.dossier.requested"].reason == "FCA request 2026/77."
    assert entries["customers.dossier.requested"].actor == compliance_officer
    assert entries["customers.dossier.built"].changes["sha256"] == [None, hashlib.sha256(data).hexdigest()]
    assert entries["customers.dossier.built"].actor_label == "system:celery:regulator-dossier"
    assert entries["customers.dossier.downloaded"].actor == compliance_officer
    assert all(entry.customer_id == person.pk for entry in entries.values())

    exports = page_text(client.get(reverse("exports")))
    assert "Regulator dossiers" in exports and reverse("dossier-download", args=[job.pk]) in exports


@pytest.mark.django_db
def test_the_dossier_holds_every_section_as_a_compliance_officer_sees_it(compliance_officer, settings):
    person = a_customer()
    job = built(requested(compliance_officer, person))
    text = pdf_text(file_of(job, settings).read_bytes())
    cover = text[: text.index("Page 1")]
    assert "Regulator dossier" in cover and "Zoë Dossier" in cover and "chloe" in cover
    assert all(f"{n}. {title}" in cover for n, title in enumerate(SECTIONS, start=1))
    assert "withheld" not in cover.replace("0 withheld", "")
    assert job.sections == [[title, False] for title in SECTIONS]
    for title in SECTIONS:
        assert WITHHELD not in section_text(text, title), title

    assert "1985-04-12" in section_text(text, "Identity")  # the whole birth date
    assert "rue de la Paix" in section_text(text, "Addresses")
    assert IBANS[0][:4] in section_text(text, "Accounts summary").replace(" ", "")
    assert IBANS[0] in section_text(text, "Accounts summary").replace(" ", "").replace("\n", "")  # whole
    assert "Dossier Holding SAS" in section_text(text, "Relationships")
    document = Document.objects.get(customer=person)
    assert document.sha256 in re.sub(r"\s", "", section_text(text, "Documents"))
    assert "proof.png" in section_text(text, "Documents")
    assert "Zoe DOSSIERE" in section_text(text, "Screening outcomes")
    assert "Court order 2026-118." in " ".join(section_text(text, "Restriction history").split())
    timeline = " ".join(section_text(text, "Audit timeline").split())  # cells wrap where the column ends
    assert "Regulator dossier requested" in timeline and "FCA request 2026/77." in timeline
    assert "Court order 2026-118." in timeline  # confidential entries: this role may see them
    assert text.count("Page ") == job.pages


@pytest.mark.django_db
def test_a_support_agents_dossier_masks_personal_data_and_withholds_what_the_role_may_not_see(
    support_agent_with_dossiers, settings
):
    agent = support_agent_with_dossiers
    frozen, untouched = a_customer(frozen=True), a_customer(frozen=False, iban=IBANS[2])
    frozen_text = pdf_text(file_of(built(requested(agent, frozen)), settings).read_bytes())
    untouched_text = pdf_text(file_of(built(requested(agent, untouched)), settings).read_bytes())
    for text in (frozen_text, untouched_text):
        assert WITHHELD in section_text(text, "Restriction history")
        assert WITHHELD in section_text(text, "Screening outcomes")
        assert "1985 (age" in section_text(text, "Identity") and "1985-04-12" not in text
        flat = text.replace(" ", "").replace("\n", "")
        assert IBANS[0] not in flat and IBANS[2] not in flat  # masked: their first and last four
        assert "(withheld for the requester's role)" in text[: text.index("Page 1")]
        assert "Court order" not in text and "Zoe DOSSIERE" not in text
    # Whether the customer was ever frozen is not told: the section reads the same for both.
    assert section_text(frozen_text, "Restriction history") == section_text(untouched_text, "Restriction history")
    assert "freeze" not in section_text(frozen_text, "Audit timeline").lower()  # confidential entries left out
    job = DossierExport.objects.filter(customer=frozen).get()
    assert [title for title, withheld in job.sections if withheld] == ["Screening outcomes", "Restriction history"]


@pytest.mark.django_db
def test_a_support_agent_may_not_ask_for_a_dossier(signed_in, support_agent, compliance_officer):
    person = a_customer(frozen=False)
    client = signed_in(support_agent)
    assert "Regulator dossier" not in page_text(client.get(reverse("customer-tab", args=[person.pk, "history"])))
    assert client.get(reverse("customer-dossier", args=[person.pk])).status_code == 403
    assert client.post(reverse("customer-dossier", args=[person.pk]), {"reason": "Curious."}).status_code == 403
    job = requested(compliance_officer, person)
    assert client.get(reverse("dossier-detail", args=[job.pk])).status_code == 403
    assert "Regulator dossiers" not in page_text(client.get(reverse("exports")))


@pytest.mark.django_db
def test_a_dossier_is_its_requesters_unless_one_sees_every_export(make_staff, support_agent_with_dossiers, signed_in):
    """The agent given the permission sees their own dossier, not an officer's (404)."""
    person = a_customer(frozen=False)
    officer = make_staff("olga", "Compliance officer")
    theirs, mine = requested(officer, person), requested(support_agent_with_dossiers, person)
    client = signed_in(support_agent_with_dossiers)
    assert client.get(reverse("dossier-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("dossier-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("dossier-download", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_a_second_run_of_the_task_changes_nothing(compliance_officer, settings):
    job = requested(compliance_officer, a_customer(frozen=False))
    assert tasks.build_dossier(job.pk) is True
    job.refresh_from_db()
    assert tasks.build_dossier(job.pk) is False  # a duplicate delivery: done already
    after = DossierExport.objects.get(pk=job.pk)
    assert (after.stored_name, after.sha256, after.attempts, after.finished_at) == (
        job.stored_name,
        job.sha256,
        1,
        job.finished_at,
    )
    assert [p.name for p in settings.STATEMENTS_DIR.iterdir()] == [job.stored_name]
    assert AuditEntry.objects.filter(action="customers.dossier.built").count() == 1


@pytest.mark.django_db
def test_a_failed_dossier_leaves_no_file_and_is_built_again(compliance_officer, settings, monkeypatch, signed_in):
    job = requested(compliance_officer, a_customer(frozen=False))

    def broken(*args, **kwargs):
        raise OSError("Disk full")

    monkeypatch.setattr(dossiers, "write_dossier", broken)
    assert dossiers.build_dossier(job.pk) is None
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Disk full" and not any(settings.STATEMENTS_DIR.iterdir())
    page = page_text(signed_in(compliance_officer).get(reverse("dossier-detail", args=[job.pk])))
    assert "could not be built: Disk full" in page and reverse("dossier-retry", args=[job.pk]) in page
    (item,) = WorkItem.objects.filter(kind=WorkKind.FAILED_EMAIL)  # the requester's work, to retry
    assert item.assignee == compliance_officer and item.url == reverse("dossier-detail", args=[job.pk])
    monkeypatch.undo()
    with transaction.atomic():
        dossiers.retry_dossier(actor=compliance_officer, job=job)
    assert built(job).status == "done"
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE
    assert AuditEntry.objects.filter(action="customers.dossier.retried").count() == 1


@pytest.mark.django_db
def test_stuck_dossiers_are_queued_again_and_old_files_expire(compliance_officer, settings):
    from datetime import timedelta

    from django.utils import timezone

    job = requested(compliance_officer, a_customer(frozen=False))
    assert dossiers.requeue_stuck(older_than=timedelta(0)) == [job.pk]  # in-process: built by the sweep
    job.refresh_from_db()
    assert job.status == "done" and dossiers.requeue_stuck(older_than=timedelta(0)) == []
    DossierExport.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert dossiers.expire_dossiers() == 1
    job.refresh_from_db()
    assert job.status == "expired" and job.stored_name == "" and not any(settings.STATEMENTS_DIR.iterdir())
    assert job.sha256, "the hash stays with the row (and in the audit log)"


@pytest.mark.django_db
def test_a_deactivated_customers_dossier_may_still_be_asked_for(signed_in, compliance_officer):
    from customers.choices import Status
    from customers.models import Customer

    person = make_person("Dora", "Departed")  # no account: nothing stands in the way of deactivation
    Customer.objects.filter(pk=person.pk).update(status=Status.CANCELED)
    client = signed_in(compliance_officer)
    response = client.post(reverse("customer-dossier", args=[person.pk]), {"reason": "Former customer, FCA."})
    job = DossierExport.objects.get(customer=person)
    assert response.url == reverse("dossier-detail", args=[job.pk])


@pytest.mark.django_db
def test_the_dossier_page_and_the_exports_page_make_a_fixed_number_of_queries(signed_in, compliance_officer):
    person = a_customer(frozen=False)
    client = signed_in(compliance_officer)
    job = built(requested(compliance_officer, person))
    detail = count_queries(client, reverse("dossier-detail", args=[job.pk]))
    polled = count_queries(client, reverse("dossier-detail", args=[job.pk]), headers={"HX-Request": "true"})
    exports_one = count_queries(client, reverse("exports"))
    for _ in range(3):
        built(requested(compliance_officer, person))
    assert count_queries(client, reverse("exports")) == exports_one
    assert (detail, polled) == (DETAIL_QUERIES, POLLED_QUERIES)


# The session, the staff member, the dossier with its customer and requester (the permissions are
# remembered in the session).
DETAIL_QUERIES = 3
POLLED_QUERIES = 3


@pytest.mark.real_worker
def test_a_real_worker_process_builds_the_dossier_after_the_commit(worker_process, make_staff, settings):
    officer = make_staff("olivia", "Compliance officer")
    person = a_customer()
    worker_process()
    job = requested(officer, person)  # committed: the worker sees the row

    def done() -> bool:
        job.refresh_from_db()
        return job.status == "done"

    assert wait_for(done, timeout=60), f"still {job.status} ({job.error})"
    data = file_of(job, settings).read_bytes()
    built_entry = AuditEntry.objects.get(action="customers.dossier.built", target_id=str(job.pk))
    assert built_entry.changes["sha256"][1] == job.sha256 == hashlib.sha256(data).hexdigest()
    assert "Court order 2026-118." in pdf_text(data)


@pytest.mark.django_db
def test_a_document_stored_without_its_hash_is_listed_with_the_hash_of_its_file(compliance_officer, settings):
    person = a_customer(frozen=False)
    document = Document.objects.get(customer=person)
    Document.objects.filter(pk=document.pk).update(sha256="")
    expected = hashlib.sha256((settings.KYC_DOCUMENTS_DIR / document.stored_name).read_bytes()).hexdigest()
    text = pdf_text(file_of(built(requested(compliance_officer, person)), settings).read_bytes())
    listed = re.sub(r"\s", "", section_text(text, "Documents"))
    assert f"{expected}(computedfromthefile)" in listed


@pytest.mark.django_db
def test_when_administrators_make_it_wait_a_second_officer_approves_and_the_makers_dossier_is_built(
    signed_in, compliance_officer, make_staff, django_capture_on_commit_callbacks
):
    from backoffice.models import ApprovalRequest, CommandRule
    from backoffice.services.approvals import approve

    CommandRule.objects.create(command="customers.dossier.request", four_eyes=True)
    person = a_customer(frozen=False)
    client = signed_in(compliance_officer)
    response = client.post(reverse("customer-dossier", args=[person.pk]), {"reason": "FCA request 2026/80."})
    assert response.url == reverse("customer-tab", args=[person.pk, "history"])
    assert not DossierExport.objects.exists()
    request = ApprovalRequest.objects.get(command="customers.dossier.request")
    assert request.reason == "FCA request 2026/80." and request.maker == compliance_officer
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        approve(approval=request, checker=make_staff("olga", "Compliance officer"), comment="Seen the request.")
    job = DossierExport.objects.get()
    assert job.requested_by == compliance_officer and job.status == "done"


TRACFIN = "Tracfin: assets frozen, legal freeze requested by the court"


@pytest.mark.django_db
def test_a_support_agent_finds_no_trace_of_a_regulator_dossier(
    signed_in, support_agent, compliance_officer, monkeypatch, settings
):
    """Tipping-off: a regulator's request (its reason, and that a dossier exists at all) is
    confidential: the History tab, the profile, its Work tab and the Exports page say nothing of
    it to a support agent, who has no audit log; a compliance officer reads every entry."""
    person = make_person("Ines", "Martel")  # a name that does not say "dossier"
    download = built(requested(compliance_officer, person, reason=TRACFIN))
    signed_in(compliance_officer).get(reverse("dossier-download", args=[download.pk]))
    failed = requested(compliance_officer, person, reason=TRACFIN)

    def broken(*args, **kwargs):
        raise OSError("Disk full")

    monkeypatch.setattr(dossiers, "write_dossier", broken)
    assert dossiers.build_dossier(failed.pk) is None  # a failed one: its work item is the officer's
    monkeypatch.undo()
    actions = set(AuditEntry.objects.filter(customer_id=person.pk, confidential=True).values_list("action", flat=True))
    assert {f"customers.dossier.{what}" for what in ("requested", "built", "downloaded", "failed")} <= actions
    assert not AuditEntry.objects.filter(action__startswith="customers.dossier.", confidential=False).exists()

    officer = signed_in(compliance_officer)
    history = page_text(officer.get(reverse("customer-tab", args=[person.pk, "history"])))
    assert TRACFIN in history and "Regulator dossier built" in history and "Regulator dossier not built" in history
    assert "Regulator dossier of" in page_text(officer.get(reverse("customer-tab", args=[person.pk, "work"])))

    agent = signed_in(support_agent)
    pages = {
        "history": agent.get(reverse("customer-tab", args=[person.pk, "history"])),
        "profile": agent.get(reverse("customer-profile", args=[person.pk])),
        "work": agent.get(reverse("customer-tab", args=[person.pk, "work"])),
        "exports": agent.get(reverse("exports")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = page_text(response)
        assert "Tracfin" not in text, name
        assert "dossier" not in text.lower(), (name, re.findall(r".{60}dossier.{60}", text, re.I))
    assert agent.get(reverse("audit-list")).status_code == 403
    entry = AuditEntry.objects.filter(action="customers.dossier.requested").first()
    assert agent.get(reverse("audit-detail", args=[entry.pk])).status_code == 403


@pytest.mark.django_db
def test_a_request_for_a_dossier_waiting_for_a_second_person_is_confidential(compliance_officer):
    from backoffice.commands import commands

    assert commands.get("customers.dossier.request").confidential


@pytest.mark.django_db
def test_others_dossiers_only_for_a_reader_who_sees_at_least_what_their_requester_saw(
    make_staff, signed_in, compliance_officer, support_agent_with_dossiers
):
    """A dossier built for a more privileged requester (every section written) is 404 for a
    holder of ``view_all_exports`` who may not see its screening section; one built for a support
    agent (screening and restrictions withheld) is theirs to open; so is one's own."""
    reader = make_staff("rita")
    permissions = ("export_dossier", "export_statements", "view_all_exports", "view_confidential", "view_full_pii")
    for codename in (*permissions, "view_restrictions"):
        reader.user_permissions.add(Permission.objects.get(codename=codename))
    reader = type(reader).objects.get(pk=reader.pk)
    assert not reader.has_perm("screening.view_screening")
    person = a_customer(frozen=False)
    whole = built(requested(compliance_officer, person))
    masked = built(requested(support_agent_with_dossiers, person))
    own = built(requested(reader, person))
    assert [title for title, withheld in own.sections if withheld] == ["Screening outcomes"]

    client = signed_in(reader)
    for job, status in ((whole, 404), (masked, 200), (own, 200)):
        assert client.get(reverse("dossier-detail", args=[job.pk])).status_code == status, job.requested_by
        download = client.get(reverse("dossier-download", args=[job.pk]))
        assert download.status_code == status, job.requested_by
    exports = page_text(client.get(reverse("exports")))
    assert f'data-dossier="{whole.pk}"' not in exports
    assert f'data-dossier="{masked.pk}"' in exports and f'data-dossier="{own.pk}"' in exports

    officer = signed_in(compliance_officer)  # sees every section: every dossier
    for job in (whole, masked, own):
        assert officer.get(reverse("dossier-download", args=[job.pk])).status_code == 200
    # The agent given the permission alone lists only their own (no view_all_exports).
    agent = page_text(signed_in(support_agent_with_dossiers).get(reverse("exports")))
    assert f'data-dossier="{masked.pk}"' in agent and f'data-dossier="{whole.pk}"' not in agent


def readable(text: str) -> str:
    """The PDF's text as a reader copies it: Arabic presentation forms read as their letters
    (NFKC), runs of whitespace as one space."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.django_db
def test_names_in_every_script_are_drawn_faithfully_or_escaped_never_as_boxes(compliance_officer, settings):
    """Review 21c M4: a Chinese name is drawn in the fallback font when the machine has one
    (Debian's fonts-droid-fallback), else written as its code points with the cover's note; an
    Arabic name is shaped (joined letter forms) and laid right to left; a Hebrew one too; the bidi
    controls of a reason are left out of every text drawn."""
    from customers.dossier import pdf

    chinese, arabic = make_person("芳芳", "王"), make_person("محمد", "العلي")
    hebrew = make_person("דוד", "כהן")
    spoofed = "TIN EVIL\u202eLIVE\u202c, note \u2067שלום\u2069"
    texts = {
        person.pk: pdf_text(
            file_of(built(requested(compliance_officer, person, reason=spoofed)), settings).read_bytes()
        )
        for person in (chinese, arabic, hebrew)
    }
    for text in texts.values():
        assert not set(text) & set(pdf.BIDI_CONTROLS), "no bidi control reaches the PDF"
        assert "EVILLIVE" in text and "[U+738B]" in text  # the cover's note on escapes
        assert "\ufffd" not in text
    cover = readable(texts[chinese.pk][: texts[chinese.pk].index("Page 1")])
    if pdf.fallback_font() is not None:
        assert "芳芳 王" in cover and "[U+82B3]" not in cover
    else:
        assert "[U+82B3][U+82B3] [U+738B]" in cover
    arabic_text = texts[arabic.pk]
    assert "محمد العلي" in readable(arabic_text)
    assert "\ufee3" in arabic_text and "\ufeea" not in arabic_text  # meem joined to what follows, never isolated
    assert "דוד כהן" in readable(texts[hebrew.pk])


@pytest.mark.django_db
def test_without_a_cjk_font_a_chinese_name_is_written_as_its_code_points(compliance_officer, settings, monkeypatch):
    from customers.dossier import pdf

    monkeypatch.setattr(pdf, "FALLBACK_FONTS", ())  # a machine without fonts-droid-fallback
    pdf.fallback_font.cache_clear()
    try:
        text = pdf_text(file_of(built(requested(compliance_officer, make_person("芳芳", "王"))), settings).read_bytes())
    finally:
        monkeypatch.undo()
        pdf.fallback_font.cache_clear()
    cover = readable(text[: text.index("Page 1")])
    assert "[U+82B3][U+82B3] [U+738B]" in cover and "芳" not in text
    assert "written as its Unicode code point in brackets" in cover
