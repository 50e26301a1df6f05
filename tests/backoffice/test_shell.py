"""The shell: settings by environment, deploy checks, CSP, offline assets, declared access,
navigation and the profile-tab registry, the demo command."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import path, reverse

from backoffice.access import ANY_STAFF
from backoffice.checks import check_every_view_declares_access
from backoffice.models import ApprovalRequest, AuditEntry, StaffUser
from backoffice.tabs import ProfileTab, TabRegistry
from tests.conftest import NO_BROKER_URL, sign_in

ROOT = Path(__file__).resolve().parents[2]


def clean_environment(**extra):
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**environment, **extra}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "backoffice.example.com",
    "DATABASE_URL": "postgres://backoffice@db.example.com/backoffice",
    "REDIS_URL": "redis://redis.example.com:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "LIVENESS_WEBHOOK_SECRET": "whsec_YS1zZWNyZXQtc2hhcmVkLXdpdGgtdGhlLXByb3ZpZGVyLTAxMjM=",
    "CUSTOMER_PASSWORD_RESET_URL": "https://app.example.com/reset-password",
    "AUDIT_CHAIN_KEY": "a-long-random-key-that-seals-the-audit-log-kept-as-long-as-the-log",
}


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_about_the_demo_defaults():
    result = run_manage("check", "--deploy", env={"DEBUG": "false", "DATABASE_URL": "", "REDIS_URL": ""})
    assert "security.W009" in result.stderr  # the demo's insecure SECRET_KEY
    assert "security.W008" in result.stderr  # no HTTPS redirect


def test_check_deploy_refuses_the_liveness_sandbox_and_the_demo_secret():
    sandbox = run_manage("check", "--deploy", env={**PRODUCTION, "LIVENESS_SANDBOX_ENABLED": "true"})
    assert sandbox.returncode != 0 and "kyc.E001" in sandbox.stderr
    demo_secret = {
        **PRODUCTION,
        "LIVENESS_WEBHOOK_SECRET": "whsec_ZGVtby1saXZlbmVzcy13ZWJob29rLXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24=",
    }
    assert "kyc.E002" in run_manage("check", "--deploy", env=demo_secret).stderr
    short = run_manage("check", "--deploy", env={**PRODUCTION, "LIVENESS_WEBHOOK_SECRET": "whsec_c2hvcnQ="})
    assert short.returncode != 0 and "kyc.E003" in short.stderr
    missing = run_manage("check", "--deploy", env={**PRODUCTION, "LIVENESS_WEBHOOK_SECRET": ""})
    assert "kyc.W001" in missing.stderr


def test_check_deploy_refuses_plain_reset_links_and_console_emails():
    plain = run_manage(
        "check", "--deploy", env={**PRODUCTION, "CUSTOMER_PASSWORD_RESET_URL": "http://app.example.com/r"}
    )
    assert "customers.E001" in plain.stderr and "customers.E002" not in plain.stderr
    console = run_manage("check", "--deploy", env={**PRODUCTION, "EMAIL_URL": ""})
    assert "customers.E002" in console.stderr and "reset tokens would be logged" in console.stderr


def test_check_deploy_warns_when_the_audit_log_is_sealed_with_a_key_derived_from_secret_key():
    derived = run_manage("check", "--deploy", env={**PRODUCTION, "AUDIT_CHAIN_KEY": ""})
    assert "backoffice.W001" in derived.stderr and "rotating SECRET_KEY" in derived.stderr


GOOD_EVENT_SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # 24 bytes once decoded


def test_check_deploy_refuses_unsigned_or_odd_event_endpoints():
    unsigned = run_manage("check", "--deploy", env={**PRODUCTION, "EVENT_WEBHOOK_URLS": "https://ledger.example.com/h"})
    assert unsigned.returncode != 0 and "compliance.E001" in unsigned.stderr
    odd = {**PRODUCTION, "EVENT_WEBHOOK_URLS": "ftp://x/", "EVENT_WEBHOOK_SECRETS": GOOD_EVENT_SECRET}
    odd_check = run_manage("check", "--deploy", env=odd)
    assert "compliance.E002" in odd_check.stderr and "compliance.E003" not in odd_check.stderr
    ledger = {**PRODUCTION, "EVENT_WEBHOOK_URLS": "https://ledger.example.com/h"}
    short = {**ledger, "EVENT_WEBHOOK_SECRETS": "whsec_c2hvcnQ="}
    short_check = run_manage("check", "--deploy", env=short).stderr
    assert "compliance.E003" in short_check and "secret 1 is 5 bytes" in short_check
    rotating = {
        **PRODUCTION,
        "EVENT_WEBHOOK_URLS": "https://ledger.example.com/h",
        "EVENT_WEBHOOK_SECRETS": f"{GOOD_EVENT_SECRET},not-base64!",
    }
    rotating_check = run_manage("check", "--deploy", env=rotating).stderr
    assert "compliance.E003" in rotating_check and "secret 2 is not a base64 secret" in rotating_check


def test_settings_follow_the_environment():
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL,"
        " s.MAILERS['default']['BACKEND'])"
    )
    base = {
        "DJANGO_SETTINGS_MODULE": "backoffice.settings",
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "EMAIL_URL": "",
        "EMAIL_HOST": "",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{script}"],
        cwd=ROOT,
        env=clean_environment(**base),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # No broker: tasks run in a thread of the process that queues them (not inline: eager off).
    console = "django.core.mail.backends.console.EmailBackend"
    assert out == ["django.db.backends.sqlite3", "False", NO_BROKER_URL, console]
    out = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{script}"],
        cwd=ROOT,
        env=clean_environment(**{**base, **PRODUCTION}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [
        "django.db.backends.postgresql",
        "False",
        "redis://redis.example.com:6379/0",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_celery_is_configured_for_jobs_that_never_lose_or_duplicate():
    from backoffice.celery import app

    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    # Enqueued after commit: see test_the_invitation_leaves_only_once_the_account_is_saved.


def test_every_page_carries_a_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url_name", ["login", "customer-list"])  # not "page": pytest-playwright's fixture
def test_every_page_switches_off_the_browsers_powerful_features(client, db, support_agent, url_name):
    """Camera, microphone, location, payments, USB…: no page of ours (signed in or not) may use
    them, and the browser is told so on every response."""
    if url_name != "login":
        sign_in(client, support_agent)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture", "serial", "hid"):
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}


def test_nothing_loads_from_another_site():
    """The panel works offline: no template or stylesheet of ours points at a CDN."""
    offenders = []
    for folder in ("templates", "static/css", "static/js", "backoffice", "customers", "kyc", "compliance"):
        for file in (ROOT / folder).rglob("*"):
            if file.suffix in {".html", ".css", ".js"} and re.search(
                r"(src|href)=\"https?://|url\(https?://", file.read_text()
            ):
                offenders.append(str(file))
    assert not offenders
    for asset in (
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
        "vendor/bootstrap/LICENSE",
        "vendor/bootstrap-icons/LICENSE",
    ):
        assert (ROOT / "static" / asset).exists(), asset


def test_no_inline_script_or_style_would_break_the_policy():
    for file in (ROOT / "templates").rglob("*.html"):
        text = file.read_text()
        assert " style=" not in text, f"inline style in {file}"
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"inline script in {file}"
        assert not re.search(r"\son[a-z]+=", text), f"inline event handler in {file}"


def test_the_system_check_refuses_a_view_that_declares_nothing(settings):
    from django.views.generic import TemplateView

    class Forgetful(TemplateView):
        template_name = "base.html"

    module = type(sys)("forgetful_urls")
    module.urlpatterns = [path("forgetful/", Forgetful.as_view(), name="forgetful")]
    sys.modules["forgetful_urls"] = module
    with override_settings(ROOT_URLCONF="forgetful_urls"):
        errors = check_every_view_declares_access(None)
    assert [error.id for error in errors] == ["backoffice.E001"] and "forgetful/" in errors[0].msg
    assert check_every_view_declares_access(None) == [], "every view of the project declares its access"


def test_navigation_follows_permissions(signed_in, support_agent, compliance_officer, administrator):
    def nav(user):
        page = signed_in(user).get(reverse("dashboard")).content.decode()
        menu = page[page.index('id="main-navigation"') : page.index("</nav>", page.index('id="main-navigation"'))]
        return [label for label in ("Dashboard", "Audit log", "Staff") if f"</i> {label}" in menu]

    assert nav(support_agent) == ["Dashboard"]
    assert nav(compliance_officer) == ["Dashboard", "Audit log"]
    assert nav(administrator) == ["Dashboard", "Audit log", "Staff"]


def test_apps_register_profile_tabs_by_permission_and_order(support_agent, compliance_officer):
    registry = TabRegistry()
    registry.register(ProfileTab("kyc", "KYC", "kyc.views.KycTab", ANY_STAFF, 20, badge=lambda customer, user: 3))
    registry.register(
        ProfileTab("compliance", "Compliance", "compliance.views.Tab", "backoffice.view_confidential", 30)
    )
    registry.register(ProfileTab("profile", "Profile", "customers.views.ProfileTab", ANY_STAFF, 0))
    assert [tab.key for tab in registry.visible_to(compliance_officer)] == ["profile", "kyc", "compliance"]
    assert [tab.key for tab in registry.visible_to(support_agent)] == ["profile", "kyc"]
    assert registry.visible_tab("kyc", support_agent).badge_for(None, support_agent) == 3
    assert registry.visible_tab("compliance", support_agent) is None
    assert registry.visible_tab("compliance", compliance_officer).label == "Compliance"
    assert registry.visible_tab("nothing", compliance_officer) is None
    assert ProfileTab("home", "Home", "backoffice.views.dashboard.DashboardView", ANY_STAFF, 0).resolve_view()
    with pytest.raises(ValueError, match="already registered"):
        registry.register(ProfileTab("kyc", "Other", "x.Y", ANY_STAFF, 1))


def test_backoffice_imports_no_domain_app():
    for file in (ROOT / "backoffice").rglob("*.py"):
        if "migrations" in file.parts:
            continue
        assert not re.search(r"^\s*(from|import) (customers|kyc|compliance)\b", file.read_text(), re.M), file


def test_the_demo_command_refuses_to_run_without_debug(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="only with DEBUG=true"):
        call_command("demo")
    assert not StaffUser.objects.exists()


def test_the_demo_command_creates_its_accounts_once(db, settings):
    """One per role, and a second compliance officer and administrator to approve what the first
    asked (four-eyes)."""
    settings.DEBUG = True
    call_command("demo", customers=20)  # the accounts come whatever the demo's size
    call_command("demo", customers=20)
    accounts = {user.username: user.role_names for user in StaffUser.objects.all()}
    assert accounts == {
        "support": ["Support agent"],
        "compliance": ["Compliance officer"],
        "admin": ["Administrator"],
        "compliance2": ["Compliance officer"],
        "admin2": ["Administrator"],
        "newhire": [],  # invited as a compliance officer: the role waits for a compliance officer
    }
    grant = ApprovalRequest.objects.get(command="backoffice.staff.roles.set", status="pending")
    assert (grant.approver_role, grant.maker.username) == ("Compliance officer", "admin")
    assert StaffUser.objects.get(username="admin2").check_password("backoffice-demo")
    assert AuditEntry.objects.filter(action="staff.created", actor_label="system:command:demo").count() == 5


def test_demo_accounts_are_listed_on_the_login_page_only_with_debug_on(client, db, settings):
    settings.DEBUG = True
    call_command("demo", customers=20)
    settings.DEBUG = False
    assert "demo-accounts" not in client.get(reverse("login")).content.decode()
    settings.DEBUG = True
    page = client.get(reverse("login")).content.decode()
    assert 'id="demo-accounts"' in page and "backoffice-demo" in page and "Compliance officer" in page


def test_createstaff_bootstraps_the_first_administrator(db, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "createstaff",
            "first",
            "--email",
            "first@example.test",
            "--role",
            "Administrator",
            "--role",
            "Compliance officer",
        )
    first = StaffUser.objects.get(username="first")
    assert first.role_names == ["Administrator", "Compliance officer"]
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.get(action="staff.created").actor_label == "system:command:createstaff"
    call_command("setstaffroles", "first", "--role", "Administrator")
    assert StaffUser.objects.get(username="first").role_names == ["Administrator"]


NEXT_EVENT_SECRET = "whsec_bmV4dC1zZWNyZXQtZm9yLXRoZS1yb3RhdGlvbi0wMTIzNDU2Nzg5"


def test_webhook_secrets_are_trimmed_and_whitespace_inside_one_is_refused():
    """ "whsec_A, whsec_B" (a space after the comma) is two secrets, the second one whole; a
    secret with whitespace inside is refused by the deploy check, not silently another key."""
    show = "from django.conf import settings as s; print(s.EVENT_WEBHOOK_SECRETS, repr(s.LIVENESS_WEBHOOK_SECRET))"
    spaced = {
        **PRODUCTION,
        "EVENT_WEBHOOK_URLS": "https://ledger.example.com/h",
        "EVENT_WEBHOOK_SECRETS": f" {GOOD_EVENT_SECRET}, {NEXT_EVENT_SECRET} ",
        "LIVENESS_WEBHOOK_SECRET": f" {PRODUCTION['LIVENESS_WEBHOOK_SECRET']}\n",
    }
    shown = run_manage("shell", "-c", show, env=spaced).stdout
    assert (
        shown.strip().splitlines()[-1]
        == f"{[GOOD_EVENT_SECRET, NEXT_EVENT_SECRET]} {PRODUCTION['LIVENESS_WEBHOOK_SECRET']!r}"
    )
    assert run_manage("check", "--deploy", "--fail-level", "WARNING", env=spaced).returncode == 0

    inside = {
        **spaced,
        "EVENT_WEBHOOK_SECRETS": f"{GOOD_EVENT_SECRET},whsec_bmV4dC1zZWNy ZXQtZm9yLXRoZS1yb3RhdGlvbi0wMTIzNDU2Nzg5",
    }
    check = run_manage("check", "--deploy", env=inside)
    assert check.returncode != 0 and "secret 2 is not one secret: it contains whitespace" in check.stderr
    liveness = {**PRODUCTION, "LIVENESS_WEBHOOK_SECRET": "whsec_YS1zZWNyZXQtc2hhcmVkLXdpdGgtdGhl LXByb3ZpZGVyLTAxMjM="}
    check = run_manage("check", "--deploy", env=liveness)
    assert check.returncode != 0 and "kyc.E003" in check.stderr and "contains whitespace" in check.stderr
