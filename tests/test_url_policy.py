"""Every URL of the project, for every role and method, answers what the policy declares.

A URL missing from ``POLICY`` fails ``test_every_url_has_a_declared_policy``: adding a page
means declaring who may open it. See docs/permissions.md for the same policy in prose.

The subject here is the answer (status and redirect), not the page: most cases run with Django's
templates replaced by a stand-in naming the template (pretix's ``perf_patch`` idea), which skips
rendering and the queries templates trigger. A rendered sample (``RENDERED``) still renders every
URL and method once, as its most privileged persona, plus the 403 page, so a template error in any
page fails here too.
"""

import uuid
from contextlib import contextmanager, nullcontext
from functools import cached_property
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backoffice import audit
from backoffice.checks import iter_patterns
from backoffice.models import AuditEntry
from backoffice.roles import ADMINISTRATOR
from compliance.models import LimitPack
from customers.choices import KycLevel
from customers.models import Customer, CustomerMetadata, EmploymentRecord, PriceList, Tag, TopUpCard
from kyc import services as kyc_services
from kyc.models import KycForm, LivenessSession
from kyc.services.reviews import request_review
from tests.conftest import sign_in
from tests.customers.factories import make_company, make_person
from tests.customers.holdings import IBANS, make_account, make_beneficiary, make_card, make_device, make_note
from tests.kyc.files import PNG
from tests.kyc.reviews import upload_all

PERSONAS = ("anonymous", "outsider", "support_agent", "compliance_officer", "administrator")
STAFF = PERSONAS[1:]


class Redirect:
    """A 302 whose Location starts with the named URL."""

    def __init__(self, url_name):
        self.url_name = url_name

    def __repr__(self):
        return f"302 to {self.url_name}"


LOGIN = Redirect("login")  # anonymous users, and the second sign-in steps without a first
REAUTH = Redirect("reauthenticate")  # a sensitive action first asks for the password again
DASHBOARD = Redirect("dashboard")


def answers(allowed=STAFF, ok=200, denied=403, anonymous=LOGIN):
    """Expected answer per persona: ``ok`` for the allowed ones, ``denied`` for the others."""
    expected = {persona: (ok if persona in allowed else denied) for persona in STAFF}
    expected["anonymous"] = anonymous
    return expected


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


ADMIN = ("administrator",)
AUDITORS = ("compliance_officer", "administrator")
ROLES = ("support_agent", "compliance_officer", "administrator")
EDITORS = ("compliance_officer", "administrator")  # create customers, edit identity and relationships
OPERATIONS = ("support_agent", "compliance_officer")  # beneficiaries, tax residences, documents
PROFILE = Redirect("customer-profile")
DECIDERS = ("compliance_officer",)

POLICY = {
    "dashboard": {"GET": answers()},
    "health": {"GET": everyone(200)},
    "login": {"GET": answers(ok=DASHBOARD, anonymous=200), "POST": answers(ok=DASHBOARD, anonymous=200)},
    "login-verify": {"GET": everyone(LOGIN), "POST": everyone(LOGIN)},
    "login-enrol": {"GET": everyone(LOGIN), "POST": everyone(LOGIN)},
    "logout": {"GET": answers(ok=405), "POST": answers(ok=LOGIN)},
    "reauthenticate": {"GET": answers(), "POST": answers()},
    # A valid link moves its token into the session and redirects to itself (Django's reset flow).
    "set-password": {"GET": everyone(Redirect("set-password")), "POST": everyone(Redirect("set-password"))},
    "account": {"GET": answers()},
    "account-password": {"GET": answers(ok=REAUTH), "POST": answers(ok=REAUTH)},
    # Replacing an enrolled authenticator asks for the password again.
    "account-second-factor": {"GET": answers(ok=REAUTH), "POST": answers(ok=REAUTH)},
    # A list's POST is its export or its "Columns" form; with neither, a bad request.
    "staff-list": {"GET": answers(ADMIN), "POST": answers(ADMIN, ok=400)},
    "staff-create": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "staff-detail": {"GET": answers(ADMIN)},
    "staff-edit": {"GET": answers(ADMIN, ok=REAUTH), "POST": answers(ADMIN, ok=REAUTH)},
    "staff-roles": {"GET": answers(ADMIN, ok=REAUTH), "POST": answers(ADMIN, ok=REAUTH)},
    "staff-deactivate": {"GET": answers(ADMIN, ok=REAUTH), "POST": answers(ADMIN, ok=REAUTH)},
    "staff-reactivate": {"GET": answers(ADMIN, ok=REAUTH), "POST": answers(ADMIN, ok=REAUTH)},
    "staff-reset-second-factor": {"GET": answers(ADMIN, ok=REAUTH), "POST": answers(ADMIN, ok=REAUTH)},
    "staff-unlock": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "staff-send-password-link": {"GET": answers(ADMIN), "POST": answers(ADMIN, ok=Redirect("staff-detail"))},
    "audit-list": {"GET": answers(AUDITORS), "POST": answers(AUDITORS, ok=400)},
    # Work (issue 19): every role has work of some kind; "Take next" opens what it gave, or the list.
    "work-list": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    "work-take-next": {"GET": answers(ROLES, ok=405), "POST": answers(ROLES, ok=302)},
    # An item any role sees (a document to pre-review); administrators do no pre-review.
    "work-item": {"GET": answers(ROLES)},
    "work-item-take": {
        # Administrators do no pre-review: refused before the form, back to the item.
        "GET": {**answers(OPERATIONS), "administrator": Redirect("work-item")},
        "POST": answers(ROLES, ok=Redirect("work-item")),
    },
    "work-item-give-back": {
        "GET": answers(ROLES, ok=Redirect("work-item")),
        "POST": answers(ROLES, ok=Redirect("work-item")),
    },
    "work-item-snooze": {"GET": answers(ROLES), "POST": answers(ROLES)},
    # An empty POST gives the unassigned item to nobody: "Nobody has it already", by the field.
    "work-item-reassign": {"GET": answers(ROLES), "POST": answers(ROLES)},
    # Targets: administrators (an empty POST shows the form's errors); metrics: those who see all work.
    "work-targets": {"GET": answers(ADMIN)},
    "work-target-edit": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "work-metrics": {"GET": answers(AUDITORS)},
    # Screening (issue 20): outcomes for compliance officers and administrators, never support
    # agents; deciding a hit for compliance officers (an empty POST shows the reason's error).
    "screening-hits": {"GET": answers(AUDITORS), "POST": answers(AUDITORS, ok=400)},
    "screening-hit": {"GET": answers(AUDITORS)},
    "screening-hit-clear": {"GET": answers(DECIDERS), "POST": answers(DECIDERS)},
    "screening-hit-confirm": {"GET": answers(DECIDERS), "POST": answers(DECIDERS)},
    "screening-lists": {"GET": answers(AUDITORS)},
    # Loading a list: compliance officers and administrators (an empty POST shows the form's errors).
    "screening-list-load": {"GET": answers(AUDITORS), "POST": answers(AUDITORS)},
    "audit-detail": {"GET": answers(AUDITORS)},
    # Four-eyes: every staff member has the list (their own requests); a request (here a freeze
    # lift asked by another administrator) is seen by those who may decide it or read the audit log.
    "approval-list": {"GET": answers()},
    "approval-detail": {"GET": answers(AUDITORS, denied=404)},
    "approval-approve": {"GET": answers(AUDITORS, denied=404), "POST": answers(AUDITORS, denied=404)},
    "approval-reject": {"GET": answers(AUDITORS, denied=404), "POST": answers(AUDITORS, denied=404)},
    "command-rules": {"GET": answers(ADMIN)},
    "command-rule-edit": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "approval-withdraw": {"GET": answers(AUDITORS, ok=403, denied=404), "POST": answers(AUDITORS, ok=403, denied=404)},
    # Customers: every role browses; an empty POST to a form shows its errors (200).
    "search": {"GET": answers(ROLES)},
    "customer-list": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    "customer-persons": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    "account-list": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    # Saved views: every staff member, their own and their roles' (a view of another's: 404).
    # Bulk actions (issue 21): each action's page needs its command's permission, then a list to act
    # on (none named here: 404); the result page is its requester's alone (none here: 404).
    "bulk-export": {"GET": answers(STAFF, ok=404), "POST": answers(STAFF, ok=404)},
    "bulk-job": {"GET": answers(STAFF, ok=404)},
    "bulk-tag": {"GET": answers(ADMIN, ok=404), "POST": answers(ADMIN, ok=404)},
    "bulk-untag": {"GET": answers(ADMIN, ok=404), "POST": answers(ADMIN, ok=404)},
    "bulk-statements": {"GET": answers(ROLES, ok=404), "POST": answers(ROLES, ok=404)},
    "bulk-assign": {"GET": answers(ROLES, ok=404), "POST": answers(ROLES, ok=404)},
    "saved-views": {"GET": answers(STAFF)},
    "saved-view-delete": {"GET": answers(STAFF, ok=405), "POST": answers(STAFF, ok=404)},
    # Help (issue 21): every staff member reads every page (each says who may use its screen).
    "help-index": {"GET": answers(STAFF)},
    "help-page": {"GET": answers(STAFF)},
    # Panel settings (issue 21): administrators; an empty POST shows the form's errors.
    "panel-settings": {"GET": answers(ADMIN)},
    "panel-setting-edit": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "card-list": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    "transaction-list": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    "customer-companies": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    "customer-onboarding": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    "customer-person-lookup": {"GET": answers(ROLES)},
    "customer-person-create": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "customer-company-create": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    # A prospect needs no detail: an empty form creates one and opens their profile (/customers/<new id>/).
    "customer-prospect-create": {"GET": answers(EDITORS), "POST": answers(EDITORS, ok=Redirect("customer-list"))},
    # The person of the sample is a prospect with every detail an active customer needs.
    "customer-prospect-activate": {"GET": answers(EDITORS), "POST": answers(EDITORS, ok=PROFILE)},
    "customer-profile": {"GET": answers(ROLES)},
    "customer-tab": {"GET": answers(ROLES)},
    "customer-edit-identity": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "customer-edit-contacts": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-edit-addresses": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-edit-settings": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    # Skipping the transfer pre-approval (four-eyes); requiring it again is refused while it is required.
    "customer-pre-approval-skip": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "customer-pre-approval-require": {"GET": answers(ADMIN, ok=PROFILE), "POST": answers(ADMIN, ok=PROFILE)},
    # No tag chosen on a customer without tags: nothing changes, back to the profile.
    "customer-edit-tags": {"GET": answers(ADMIN), "POST": answers(ADMIN, ok=PROFILE)},
    "customer-relationship-add": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "customer-relationship-remove": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    # The profile board: closing a profile goes to the next one, or the list when none is left.
    "customer-close": {"GET": answers(ROLES, ok=405), "POST": answers(ROLES, ok=Redirect("customer-list"))},
    "customer-account": {"GET": answers(ROLES), "POST": answers(ROLES, ok=400)},
    # Employment records (compliance officers and administrators) and metadata (administrators).
    "customer-employment-add": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "customer-employment-remove": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "customer-metadata-set": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "customer-metadata-remove": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    # Blocking, unblocking and closing accounts: compliance officers and administrators.
    "customer-account-block": {"GET": answers(AUDITORS), "POST": answers(AUDITORS)},
    "customer-account-unblock": {"GET": answers(AUDITORS), "POST": answers(AUDITORS)},
    "customer-account-close": {"GET": answers(AUDITORS), "POST": answers(AUDITORS)},
    "customer-card-issue": {"GET": answers(ROLES), "POST": answers(ROLES)},
    # Activating needs no reason: an empty POST activates the card and goes back to the tab.
    "customer-card-activate": {"GET": answers(ROLES), "POST": answers(ROLES, ok=PROFILE)},
    "customer-card-lock": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-card-unlock": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-card-reissue": {"GET": answers(ROLES), "POST": answers(ROLES)},
    # Cards around the customer (issue 21): expedite a card's shipment, link and unlink top-up cards.
    "customer-card-expedite": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-topup-card-link": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-topup-card-unlink": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-beneficiary-link": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    "customer-beneficiary-deactivate": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    "customer-beneficiary-reactivate": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    "customer-sca-secure": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-sca-unlock": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-sca-reset-pin": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-sca-delete": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "customer-note-add": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "customer-note-pin": {"GET": answers(ROLES, ok=405), "POST": answers(ROLES, ok=PROFILE)},
    "customer-note-unpin": {"GET": answers(ROLES, ok=405), "POST": answers(ROLES, ok=PROFILE)},
    "kyc-tax-residences": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    "kyc-tax-residence-add": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    "kyc-document-upload": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    # A document's file: every role that opens profiles, each look audited; never by POST.
    "kyc-document-view": {"GET": answers(ROLES), "POST": answers(ROLES, ok=405)},
    "kyc-document-file": {"GET": answers(ROLES), "POST": answers(ROLES, ok=405)},
    "kyc-document-download": {"GET": answers(ROLES), "POST": answers(ROLES, ok=405)},
    # A page of a document rendered as a PNG (kyc.document_pages): who may see the file may see its
    # pages; audited as viewing the document, once per staff member and document in a few minutes.
    "kyc-document-page": {"GET": answers(ROLES), "POST": answers(ROLES, ok=405)},
    # Pre-validating needs no comment: an empty POST pre-validates and goes back to the KYC tab.
    "kyc-document-prevalidate": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS, ok=PROFILE)},
    "kyc-document-prerefuse": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    "kyc-document-cancel": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    # Live verification: confirming (an empty form) starts a session and goes back to the KYC tab.
    # The provider's webhook and the sandbox provider's page are public: the webhook answers only
    # signed POSTs (401 unsigned), the sandbox page refuses a POST that chooses no outcome (400).
    "kyc-liveness-start": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS, ok=PROFILE)},
    # Asking the provider again for documents it has not sent: for those who request reviews; a
    # session whose documents are not awaited sends back to the KYC tab with why.
    "kyc-liveness-ask-again": {"GET": answers(OPERATIONS, ok=PROFILE), "POST": answers(OPERATIONS, ok=PROFILE)},
    "kyc-liveness-webhook": {"GET": everyone(405), "POST": everyone(401)},
    "kyc-liveness-sandbox": {"GET": everyone(200), "POST": everyone(400)},
    # Requesting a review of a customer with no document: refused, back to the KYC tab with why.
    "kyc-review-request": {"GET": answers(OPERATIONS, ok=PROFILE), "POST": answers(OPERATIONS, ok=PROFILE)},
    "kyc-verification-level": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "kyc-prereview-queue": {"GET": answers(OPERATIONS)},
    "kyc-prereview-document": {"GET": answers(OPERATIONS), "POST": answers(OPERATIONS)},
    # Deciding reviews: compliance officers only (DESIGN.md).
    "kyc-review-queue": {"GET": answers(DECIDERS)},
    "kyc-review-decide": {"GET": answers(DECIDERS), "POST": answers(DECIDERS)},
    "kyc-review-assign": {
        "GET": answers(DECIDERS, ok=405),
        "POST": answers(DECIDERS, ok=Redirect("kyc-review-decide")),
    },
    "kyc-identification-requests": {"GET": answers(ROLES)},
    "kyc-identification-request": {"GET": answers(ROLES)},
    # Mark a refused customer's vigilance transfer refunded: compliance officers; an empty POST
    # shows the reference field's error.
    "kyc-vigilance-refunded": {"GET": answers(DECIDERS), "POST": answers(DECIDERS)},
    # Restrictions: an empty POST shows the form's errors; a command the customer's state does
    # not offer (reactivate an active customer, lift a freeze never set) goes back to the tab.
    "compliance-suspend": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "compliance-block": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "compliance-reactivate": {"GET": answers(EDITORS, ok=PROFILE), "POST": answers(EDITORS, ok=PROFILE)},
    "compliance-freeze": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "compliance-unfreeze": {"GET": answers(EDITORS, ok=PROFILE), "POST": answers(EDITORS, ok=PROFILE)},
    "compliance-legal-freeze": {"GET": answers(DECIDERS), "POST": answers(DECIDERS)},
    "compliance-lift-legal-freeze": {"GET": answers(DECIDERS, ok=PROFILE), "POST": answers(DECIDERS, ok=PROFILE)},
    # The payment systems' endpoint: an API key, not a staff sign-in (none sent here: 401).
    "api-customer-operations": {"GET": everyone(401), "POST": everyone(405)},
    "api-password-reset-redeem": {"GET": everyone(405), "POST": everyone(401)},
    "compliance-custom-thresholds": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "compliance-limit-packs": {"GET": answers(ADMIN)},
    "compliance-limit-pack": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "compliance-limit-pack-create": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "compliance-limit-pack-edit": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "compliance-price-lists": {"GET": answers(ADMIN)},
    "compliance-fees": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "compliance-risk": {"GET": answers(DECIDERS), "POST": answers(DECIDERS)},
    "compliance-deactivate": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "compliance-restricted": {"GET": answers(EDITORS), "POST": answers(EDITORS, ok=400)},
    # Statements: every role; an empty POST shows the form's errors. An export is its requester's
    # (here an administrator's): others get 404, but compliance officers and administrators see
    # all. The export named here is still waiting: no file to download (404), nothing to retry.
    "customer-statement": {"GET": answers(ROLES), "POST": answers(ROLES)},
    # Send forgot password: every role; an empty POST (no confirmed address) shows the form again.
    "customer-password-reset": {"GET": answers(ROLES), "POST": answers(ROLES)},
    "exports": {"GET": answers(ROLES)},
    "export-detail": {"GET": {**answers(EDITORS), "support_agent": 404}},
    "export-download": {"GET": answers(ROLES, ok=404), "POST": {**answers(EDITORS, ok=405), "support_agent": 404}},
    "export-retry": {
        "GET": {**answers(EDITORS, ok=405), "support_agent": 404},
        "POST": {**answers(EDITORS, ok=Redirect("exports")), "support_agent": 404},
    },
    # Regulator dossiers (issue 21): compliance officers and administrators; an empty POST shows
    # the form's error (the reason). The dossier named here is an administrator's, still waiting:
    # both roles see everyone's exports; no file to download (404), nothing to retry.
    "customer-dossier": {"GET": answers(EDITORS), "POST": answers(EDITORS)},
    "dossier-detail": {"GET": answers(EDITORS)},
    "dossier-download": {"GET": answers(EDITORS, ok=404), "POST": answers(EDITORS, ok=405)},
    "dossier-retry": {"GET": answers(EDITORS, ok=405), "POST": answers(EDITORS, ok=Redirect("exports"))},
    "customer-dictionaries": {"GET": answers(ADMIN)},
    "customer-dictionary-create": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "customer-dictionary-edit": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    # The KYC form: administrators only; an empty POST to the edit page shows its errors (200),
    # deleting a country's own form goes back to the list.
    "kyc-forms": {"GET": answers(ADMIN)},
    "kyc-form-create": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "kyc-form-edit": {"GET": answers(ADMIN), "POST": answers(ADMIN)},
    "kyc-form-delete": {"GET": answers(ADMIN), "POST": answers(ADMIN, ok=Redirect("kyc-forms"))},
}


def url_names():
    return sorted({pattern.name for _, pattern in iter_patterns()})


def test_every_url_has_a_declared_policy():
    missing = set(url_names()) - set(POLICY)
    assert not missing, f"URLs without a declared policy in tests/test_url_policy.py: {sorted(missing)}"
    stale = set(POLICY) - set(url_names())
    assert not stale, f"Policies for URLs that no longer exist: {sorted(stale)}"


class UrlObjects:
    """Arguments for each URL that names an object: objects every allowed role may see, made
    only when a URL needs them (a case creates what its one URL names, not everything)."""

    def __init__(self, make_staff):
        self.make_staff = make_staff

    @cached_property
    def target(self):
        return self.make_staff("target", ADMINISTRATOR)  # within every administrator's scope

    @cached_property
    def entry(self):
        with transaction.atomic():
            return audit.record(action="staff.updated", actor=self.target, target=self.target)

    @cached_property
    def person(self):
        return make_person()

    @cached_property
    def company(self):
        return make_company(representative=make_person("Marc", "Lefèvre"))

    @cached_property
    def account(self):
        return make_account(self.person)

    @cached_property
    def approval(self):
        """A pending request to lift the person's asset freeze, asked by another administrator."""
        from backoffice.commands import commands
        from backoffice.services.approvals import request_approval
        from compliance.services.restrictions import freeze_assets

        freeze_assets(actor=self.target, customer=self.person, comment="Court order.")
        return request_approval(
            command=commands.get("compliance.freeze.lift"),
            actor=self.target,
            target=self.person,
            parameters={"comment": "Order lifted."},
            customer_id=self.person.pk,
        )

    @cached_property
    def document(self):
        details = kyc_services.DocumentDetails(document_type=12)
        files = [("proof.png", PNG)]
        return kyc_services.upload_documents(actor=self.target, customer=self.person, details=details, files=files)[0]

    @cached_property
    def export(self):
        """A waiting statement of the person, requested by an administrator."""
        from datetime import date

        from customers.models import StatementExport

        return StatementExport.objects.create(
            customer=self.person,
            requested_by=self.target,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 31),
            format="csv",
        )

    @cached_property
    def dossier(self):
        """A waiting regulator dossier of the person, requested by an administrator."""
        from customers.models import DossierExport

        return DossierExport.objects.create(customer=self.person, requested_by=self.target)

    @cached_property
    def review(self):
        upload_all(self.person)
        return request_review(actor=self.target, customer=self.person)

    @cached_property
    def vigilance_refund(self):
        """A refund requested for the person's vigilance transfer."""
        from decimal import Decimal

        from django.utils import timezone

        from customers.models import Transaction
        from kyc.models import VigilanceRefund

        now = timezone.now()
        payin = Transaction.objects.create(
            account=self.account,
            value_date=now.date(),
            amount=Decimal("20.00"),
            direction="payin",
            operation_type="sct_received",
            label="Vigilance transfer",
            counterparty_iban=IBANS[1],
        )
        return VigilanceRefund.objects.create(
            customer=self.person, payin=payin, review=self.review, amount=payin.amount, currency=payin.currency
        )

    def work_item(self):
        from django.utils import timezone

        from work.choices import WorkKind
        from work.models import WorkItem

        if getattr(self, "_work_item", None) is not None:  # the URL and its redirect name one item
            return self._work_item
        self._work_item = WorkItem.objects.create(
            kind=WorkKind.PRE_REVIEW,
            subject_model="kyc.document",
            subject_id=str(uuid.uuid4().int % 10**9),  # another test's item may still wait in this database
            title="A document to pre-review",
            permission="kyc.prereview_documents",
            customer=self.person,
            due_at=timezone.now(),
        )
        return self._work_item

    def screening_hit(self):
        """A hit of the person on a one-subject list (the URL and its redirect name one hit)."""
        from screening.models import ListedEntity, ListVersion, ScreeningHit

        if getattr(self, "_screening_hit", None) is not None:
            return self._screening_hit
        version = ListVersion.objects.create(source="eu-fsf", file_name="policy.xml", checksum=uuid.uuid4().hex)
        entity = ListedEntity.objects.create(
            source="eu-fsf",
            source_id=uuid.uuid4().hex[:12],
            kind="person",
            caption="Zoe DUPONT",
            names=[["Zoe DUPONT", False]],
            fingerprint="0" * 64,
            first_version=version,
            last_version=version,
            changed_in=version,
        )
        self._screening_hit = ScreeningHit.objects.create(
            customer=self.person,
            entity=entity,
            version=version,
            score=0.95,
            explanation={"customer_name": "Zoë Dupont", "listed_name": "Zoe DUPONT", "tokens": []},
            customer_fingerprint="1" * 64,
            entity_fingerprint="0" * 64,
        )
        return self._screening_hit

    def card_holder(self):
        """The person, KYC-validated: seed 002 lets no card be issued or used at level None."""
        Customer.objects.filter(pk=self.person.pk).update(kyc_level=KycLevel.REGULAR)
        return self.of_person()

    def card(self, status, **fields):
        self.card_holder()
        return make_card(self.person, self.account, status=status, **fields).pk

    def device(self, status):
        return make_device(self.person, status=status).pk

    def prospect(self):
        Customer.objects.filter(pk=self.person.pk).update(onboarding_completed=False)
        return self.of_person()

    def of_person(self, **kwargs):
        return {"pk": self.person.pk, **kwargs}

    def get(self, name):
        builders = {
            "customer-tab": lambda: self.of_person(tab="history"),
            "customer-account": lambda: self.of_person(account=self.account.pk),
            "saved-view-delete": lambda: {"pk": 999_999},
            "bulk-job": lambda: {"pk": 999_999},
            "customer-employment-add": self.of_person,
            "customer-metadata-set": self.of_person,
            "customer-employment-remove": lambda: self.of_person(
                record=EmploymentRecord.objects.create(customer=self.person, employer="Acme").pk
            ),
            "customer-metadata-remove": lambda: self.of_person(
                entry=CustomerMetadata.objects.get_or_create(customer=self.person, key="crm.id", value="42")[0].pk
            ),
            "customer-prospect-activate": self.prospect,
            "customer-account-block": lambda: self.of_person(account=self.account.pk),
            "customer-account-unblock": lambda: self.of_person(
                account=make_account(self.person, primary=False, status="blocked").pk
            ),
            "customer-account-close": lambda: self.of_person(
                account=make_account(self.person, primary=False, balance="0.00").pk
            ),
            "customer-card-issue": self.card_holder,
            "customer-card-activate": lambda: self.of_person(card=self.card("inactive")),
            "customer-card-lock": lambda: self.of_person(card=self.card("active")),
            "customer-card-unlock": lambda: self.of_person(card=self.card("locked")),
            "customer-card-reissue": lambda: self.of_person(card=self.card("active")),
            "customer-card-expedite": lambda: self.of_person(card=self.card("inactive", shipping_status="ordered")),
            "customer-topup-card-unlink": lambda: self.of_person(
                topup_card=TopUpCard.objects.create(
                    customer=self.person,
                    brand="Visa",
                    masked_pan="4970 10•• •••• 1234",
                    expiry_month=6,
                    expiry_year=2031,
                ).pk
            ),
            "customer-beneficiary-deactivate": lambda: self.of_person(beneficiary=make_beneficiary(self.person).pk),
            "customer-beneficiary-reactivate": lambda: self.of_person(
                beneficiary=make_beneficiary(self.person, iban=IBANS[2], status="deactivated").pk
            ),
            "customer-sca-secure": lambda: self.of_person(device=self.device("active")),
            "customer-sca-unlock": lambda: self.of_person(device=self.device("locked")),
            "customer-sca-reset-pin": lambda: self.of_person(device=self.device("active")),
            "customer-sca-delete": lambda: self.of_person(device=self.device("active")),
            "customer-note-pin": lambda: self.of_person(note=make_note(self.person, self.target).pk),
            "customer-note-unpin": lambda: self.of_person(note=make_note(self.person, self.target).pk),
            "kyc-document-view": lambda: {"pk": self.document.pk},
            "kyc-document-file": lambda: {"pk": self.document.pk},
            "kyc-document-prevalidate": lambda: {"pk": self.document.customer_id, "document": self.document.pk},
            "kyc-document-prerefuse": lambda: {"pk": self.document.customer_id, "document": self.document.pk},
            "kyc-document-cancel": lambda: {"pk": self.document.customer_id, "document": self.document.pk},
            "kyc-document-download": lambda: {"pk": self.document.pk},
            "kyc-document-page": lambda: {"pk": self.document.pk, "number": 1},
            "kyc-prereview-document": lambda: {"document": self.document.pk},
            "kyc-review-decide": lambda: {"review": self.review.pk},
            "kyc-review-assign": lambda: {"review": self.review.pk},
            "kyc-identification-request": lambda: {"kind": "review", "pk": self.review.pk},
            "kyc-vigilance-refunded": lambda: self.of_person(refund=self.vigilance_refund.pk),
            "kyc-liveness-ask-again": lambda: self.of_person(
                session=LivenessSession.objects.create(customer=self.person, reference="sbx_again", url="http://x/").pk
            ),
            "kyc-liveness-sandbox": lambda: {
                "reference": LivenessSession.objects.create(
                    customer=self.person, reference="sbx_policy", url="http://x/"
                ).reference
            },
            "customer-relationship-add": lambda: {"pk": self.company.pk},
            "customer-relationship-remove": lambda: {
                "pk": self.company.pk,
                "relationship": self.company.relationships.get().pk,
            },
            "help-page": lambda: {"slug": "approvals"},  # a screen every staff member opens
            "panel-setting-edit": lambda: {"pk": "sca-devices"},
            "customer-dictionary-create": lambda: {"dictionary": "tags"},
            "customer-dictionary-edit": lambda: {
                "dictionary": "tags",
                "entry": Tag.objects.get_or_create(name="VIP")[0].pk,
            },
            "compliance-limit-pack-edit": lambda: {
                "pk": LimitPack.objects.get_or_create(verification_level=5, defaults={"name": "Level 5"})[0].pk
            },
            "compliance-fees": lambda: {"pk": PriceList.objects.get_or_create(name="Policy list")[0].pk},
            "export-detail": lambda: {"pk": self.export.pk},
            "export-download": lambda: {"pk": self.export.pk},
            "export-retry": lambda: {"pk": self.export.pk},
            **dict.fromkeys(("dossier-detail", "dossier-download", "dossier-retry"), lambda: {"pk": self.dossier.pk}),
            "customer-dossier": self.of_person,
            "kyc-form-edit": lambda: {"pk": KycForm.objects.get(kind=1, country="").pk},
            "kyc-form-delete": lambda: {"pk": KycForm.objects.create(kind=2, country="DE").pk},
            "audit-detail": lambda: {"pk": self.entry.pk},
            "approval-detail": lambda: {"pk": self.approval.pk},
            **dict.fromkeys(
                ("work-item", "work-item-take", "work-item-give-back", "work-item-snooze", "work-item-reassign"),
                lambda: {"pk": self.work_item().pk},
            ),
            "approval-approve": lambda: {"pk": self.approval.pk},
            "approval-reject": lambda: {"pk": self.approval.pk},
            "approval-withdraw": lambda: {"pk": self.approval.pk},
            "command-rule-edit": lambda: {"command": "compliance.freeze.lift"},
            "work-target-edit": lambda: {"kind": "kyc_review"},
            **dict.fromkeys(
                ("screening-hit", "screening-hit-clear", "screening-hit-confirm"),
                lambda: {"pk": self.screening_hit().pk},
            ),
            "set-password": lambda: {
                "uidb64": urlsafe_base64_encode(force_bytes(self.target.pk)),
                "token": default_token_generator.make_token(self.target),
            },
        }
        if name in builders:
            return builders[name]()
        if name.startswith("staff-") and name not in ("staff-list", "staff-create"):
            return {"pk": self.target.pk}
        if name in PERSON_URLS:
            return self.of_person()
        return None


# URLs whose only argument is the customer.
PERSON_URLS = {
    "kyc-tax-residences",
    "kyc-tax-residence-add",
    "kyc-document-upload",
    "kyc-liveness-start",
    "kyc-review-request",
    "compliance-suspend",
    "compliance-block",
    "compliance-reactivate",
    "compliance-freeze",
    "compliance-unfreeze",
    "compliance-legal-freeze",
    "compliance-lift-legal-freeze",
    "compliance-deactivate",
    "compliance-risk",
    "customer-statement",
    "customer-password-reset",
    "compliance-custom-thresholds",
    "compliance-limit-pack",
    "api-customer-operations",
    "kyc-verification-level",
    "customer-profile",
    "customer-close",
    "customer-edit-identity",
    "customer-edit-contacts",
    "customer-edit-addresses",
    "customer-edit-settings",
    "customer-pre-approval-skip",
    "customer-pre-approval-require",
    "customer-edit-tags",
    "customer-card-issue",
    "customer-topup-card-link",
    "customer-beneficiary-link",
    "customer-note-add",
}


@pytest.fixture
def url_kwargs(make_staff):
    return UrlObjects(make_staff)


CASES = [(name, method, persona) for name in sorted(POLICY) for method in POLICY[name] for persona in PERSONAS]


def rendered_sample() -> set[tuple[str, str, str]]:
    """Per URL and method, the case of the most privileged persona that gets the page (200; the
    sign-in page's is the anonymous visitor), else of the most privileged one not refused; and the
    first refusal: the cases rendered in full."""
    sample = set()
    for name, methods in POLICY.items():
        for method, expected in methods.items():
            pages = [p for p in reversed(PERSONAS) if expected[p] == 200]
            sample.add((name, method, (pages or [p for p in reversed(PERSONAS) if expected[p] != 403])[0]))
    sample.add(next(case for case in CASES if POLICY[case[0]][case[1]][case[2]] == 403))
    return sample


RENDERED = rendered_sample()


@contextmanager
def templates_not_rendered():
    """Django templates answer a stand-in naming themselves instead of rendering."""

    def stand_in(template, context=None, request=None):
        return f"<!-- {template.origin.template_name} not rendered -->"

    with mock.patch("django.template.backends.django.Template.render", stand_in):
        yield


@pytest.mark.parametrize(("name", "method", "persona"), CASES, indirect=["persona"])
def test_url_answers_as_declared(client, name, method, persona, url_kwargs, request):
    persona_name = request.node.callspec.params["persona"]
    rendered = (name, method, persona_name) in RENDERED
    if persona is not None:
        sign_in(client, persona)
    url = reverse(name, kwargs=url_kwargs.get(name))
    with nullcontext() if rendered else templates_not_rendered():
        response = client.get(url) if method == "GET" else client.post(url, {})
    expected = POLICY[name][method][persona_name]
    if isinstance(expected, Redirect):
        assert response.status_code == 302, f"{method} {url} as {persona_name}"
        target = reverse(expected.url_name, kwargs=url_kwargs.get(expected.url_name))
        if expected.url_name == "set-password":
            target = target.rsplit("/", 2)[0] + "/"
        assert response.url.startswith(target), f"{method} {url} as {persona_name} went to {response.url}"
    else:
        assert response.status_code == expected, f"{method} {url} as {persona_name}"
    if expected == 403:
        refusal = b"Your role does not allow this" if rendered else b"403.html not rendered"
        assert refusal in response.content
    if rendered and expected == 200 and response.get("Content-Type", "").startswith("text/html"):
        assert response.templates, f"{method} {url} as {persona_name} rendered no template"


def test_the_rendered_sample_renders_every_url_and_method():
    assert {(name, method) for name, method, _ in RENDERED} == {(n, m) for n in POLICY for m in POLICY[n]}
    pages = {(n, m) for n in POLICY for m in POLICY[n] if 200 in POLICY[n][m].values()}
    assert pages == {(n, m) for n, m, p in RENDERED if POLICY[n][m][p] == 200}
    assert any(POLICY[n][m][p] == 403 for n, m, p in RENDERED)


def test_a_customer_or_tab_that_does_not_exist_answers_404(signed_in, administrator):
    client = signed_in(administrator)
    person = make_person()
    assert client.get(reverse("customer-profile", args=[999_999])).status_code == 404
    assert client.get(reverse("customer-tab", args=[person.pk, "no-such-tab"])).status_code == 404
    assert client.get(reverse("customer-dictionary-create", args=["no-such-dictionary"])).status_code == 404
    assert client.get(reverse("customer-dictionary-edit", args=["tags", 999_999])).status_code == 404


def test_a_staff_member_out_of_scope_answers_404(signed_in, administrator, make_staff):
    root = make_staff("root", is_superuser=True)
    client = signed_in(administrator)
    assert client.get(reverse("staff-detail", args=[root.pk])).status_code == 404
    assert client.get(reverse("staff-detail", args=[999_999])).status_code == 404


def test_a_confidential_audit_entry_is_out_of_scope_for_those_who_may_not_see_it(signed_in, make_staff):
    from django.contrib.auth.models import Permission
    from django.db import transaction

    from backoffice import audit

    auditor = make_staff("auditor")
    auditor.user_permissions.add(Permission.objects.get(codename="view_audit_log"))
    with transaction.atomic():
        entry = audit.record(action="compliance.freeze.set", actor=auditor, confidential=True)
    assert signed_in(auditor).get(reverse("audit-detail", args=[entry.pk])).status_code == 404
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
