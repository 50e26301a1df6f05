"""Personas, signed-in clients and the rule that CI never skips a real service.

A test that needs PostgreSQL, Redis or Chromium skips on a laptop that lacks it, and fails in CI
(``CI=true``), so CI cannot go green without having used them.
"""

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.celery import app as celery_app
from backoffice.models import StaffUser
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT

# Playwright runs an event loop in the test thread; Django's ORM calls from it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The Redis URL this run was given, before a parallel worker points it at a database of its own.
GIVEN_REDIS_URL = os.environ.get("REDIS_URL", "")


def _redis_database_of_this_worker() -> None:
    """Under pytest-xdist each worker gets a Redis database of its own, as pytest-django gives it a
    test database of its own: ``redis://…/15`` stays 15 for ``gw0``, is 14 for ``gw1``, and so on
    (modulo Redis's 16; more workers are refused). A shared one would not do: a test's
    ``cache.clear()`` flushes the whole database, broker queues included, and one worker's Celery
    worker would take another's tasks.
    Django is set up before this module is imported, so the settings read from ``REDIS_URL`` are
    pointed at the worker's database here, before anything has used the cache or the broker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    from django.conf import settings
    from django.core.cache import caches

    index = int(worker[2:])
    if index >= 16:
        raise pytest.UsageError("Redis has 16 databases, one per worker: run at most 16 workers (-n 16).")
    for name in ("REDIS_URL", "TEST_REDIS_URL"):
        url = os.environ.get(name)
        if not url or urlsplit(url).scheme not in ("redis", "rediss"):
            continue
        parts = urlsplit(url)
        base = int(parts.path.strip("/") or 0)
        os.environ[name] = urlunsplit(parts._replace(path=f"/{(base - index) % 16}"))
    if settings.REDIS_URL:
        url = os.environ["REDIS_URL"]
        settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
        settings.CACHES["default"]["LOCATION"] = url
        caches.__dict__.pop("settings", None)  # the handler's cached copy of CACHES
        if hasattr(caches._connections, "default"):
            delattr(caches._connections, "default")
        celery_app.conf.update(broker_url=url, result_backend=url)


_redis_database_of_this_worker()

PASSWORD = "correct horse battery staple"
PERSONA_ROLES = {
    "support_agent": SUPPORT_AGENT,
    "compliance_officer": COMPLIANCE_OFFICER,
    "administrator": ADMINISTRATOR,
    "outsider": None,
}


def require_service(name: str, available: bool, how: str) -> None:
    """Skip without ``name`` on a developer machine; fail without it in CI."""
    if available:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{name} is required in CI but is not available: {how}")
    pytest.skip(f"{name} is not available here: {how}")


def pytest_collection_modifyitems(config, items):
    """A test marked ``applies_only(condition, why)`` is deselected where its subject does not
    exist (another database's behaviour, no restricted role, no parallel worker) instead of being
    skipped: a skip means a missing service, which CI refuses, and here nothing is missing."""
    kept, dropped = [], []
    for item in items:
        if "committed_db" in getattr(item, "fixturenames", ()):
            # pytest-django takes the serialized rollback from a ``django_db`` marker when there is
            # one (a module's plain ``pytestmark``), not from the fixture ``committed_db`` asks for:
            # the flush after such a test left the next committed test without roles.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        marker = item.get_closest_marker("applies_only")
        (kept if marker is None or marker.args[0] else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    """``--dist loadgroup`` sends the tests of one ``xdist_group`` to one worker by a suffix
    pytest-xdist (3.8) adds to their node ids, which pytest 9.2's structured node ids ignore:
    the groups were silently dealt out like any test (pytest-dev/pytest-xdist#1386). Where the
    suffix is missing, put it on the structured id, before the worker reports the ids."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    for item in session.items:
        groups = sorted(
            {
                str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                for mark in item.iter_markers("xdist_group")
            }
        )
        suffix = "@" + "_".join(groups)
        if groups and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = type(item._id).parse(item.nodeid + suffix)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Password hashing is deliberately slow; tests need it correct, not slow."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _static_files_looked_up_per_request():
    """WhiteNoise otherwise lists every static file (about 300, each stat'ed and typed) whenever
    a middleware chain is built, which each test client does: half the time of a short view test.
    Looking files up per request (as ``runserver`` with DEBUG does) serves the same files."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True, scope="session")
def _every_audit_action_labelled():
    """Every entry written in any test (``audit.record`` and bulk inserts alike pass through the
    chain's seal) names an action with a human label: an action added without one fails the
    test that records it (``backoffice.audit_labels``)."""
    from backoffice import audit_chain, audit_labels

    original = audit_chain.seal

    def seal(entries, using):
        entries = list(entries)
        for entry in entries:
            audit_labels.require_label(entry.action)
        return original(entries, using)

    audit_chain.seal = seal
    yield
    audit_chain.seal = original


@pytest.fixture(autouse=True, scope="session")
def _short_demo_histories():
    """Tests that run the demo need its customers and their holdings, not 100 000 transactions."""
    from django.conf import settings

    settings.DEMO_TRANSACTIONS_PER_ACCOUNT = (3, 8)
    settings.DEMO_STATEMENT_TRANSACTIONS = 300


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run in-process in tests, even with REDIS_URL set; the real-worker tests say otherwise."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


# The broker URL of the settings without REDIS_URL (tests/backoffice/test_shell.py checks it).
NO_BROKER_URL = "memory://localhost/"


@pytest.fixture
def tasks_in_background(committed_db, _tasks_run_in_process):
    """Tasks as the demo runs them, with no REDIS_URL (``backoffice.in_process_tasks``): in a
    thread of this process once the transaction commits (real commits: ``committed_db``), not
    inline. Waits for them after the test, before the database is emptied."""
    from backoffice import in_process_tasks

    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=NO_BROKER_URL, task_always_eager=False)
    try:
        yield
    finally:
        in_process_tasks.wait(timeout=120)
        celery_app.conf.update(saved)


@pytest.fixture(autouse=True)
def _private_documents(settings, tmp_path):
    """Uploaded KYC files and statements go to folders of the test's own."""
    settings.KYC_DOCUMENTS_DIR = tmp_path / "kyc-documents"
    settings.STATEMENTS_DIR = tmp_path / "statements"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached dictionary choices, for one)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Make the migrated database's serialised contents (roles, permissions) reach every
    connection object. Django keeps connections per context, and Playwright's event loop runs
    fixtures and tests in different contexts: a serialised rollback would find no contents on
    the connection it sees, and restore nothing."""
    from django.db import connections

    contents = getattr(connections["default"], "_test_serialized_contents", None)
    if contents is not None:
        type(connections["default"])._test_serialized_contents = contents


# --- The application's restricted database role -------------------------------------------------
# Production runs the application as a role that owns nothing (docs/operations.md, "Two database
# roles"). With TEST_DATABASE_ROLE=backoffice_app (PostgreSQL; .ci/run sets it for the audit
# tests), every test that touches the database acts as that role: the test database is still
# created, migrated and flushed by the owner (pytest-django's connection), then each test's
# statements run after ``SET ROLE``, so PostgreSQL checks every one of them against the
# restricted role's privileges, exactly as for a connection logged in as it.
TEST_DATABASE_ROLE = os.environ.get("TEST_DATABASE_ROLE", "")


def _quoted(role: str) -> str:
    from django.db import connection

    return connection.ops.quote_name(role)


@pytest.fixture(scope="session")
def application_role(django_db_setup, django_db_blocker) -> str:
    """The restricted role on the test database (PostgreSQL): created if missing (no login, no
    superuser; roles belong to the whole server), granted what docs/operations.md grants. On a
    connection of its own, so the grants are committed even when a test's transaction is open."""
    from django.db import connection

    from backoffice.db_roles import app_role_grants

    role = TEST_DATABASE_ROLE or "backoffice_app"
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://…")
    with django_db_blocker.unblock():
        owner = connection.get_new_connection(connection.get_connection_params())
        owner.autocommit = True
        try:
            if owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is None:
                try:
                    owner.execute(f"CREATE ROLE {_quoted(role)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
                except Exception:  # created meanwhile by another test run on the same server
                    if owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is None:
                        raise
            for statement in app_role_grants(role):
                owner.execute(statement)
        finally:
            owner.close()
    return role


@contextmanager
def acting_as(role: str):
    """Inside the test's transaction, run the block's statements as ``role``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {_quoted(role)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {_quoted(TEST_DATABASE_ROLE) if TEST_DATABASE_ROLE else 'NONE'}")


@contextmanager
def database_owner():
    """Run the block as the tables' owner, whatever role the test acts as (to tamper with the
    audit log, or to migrate, say)."""
    from django.db import connection

    if not TEST_DATABASE_ROLE or connection.vendor != "postgresql":
        yield
        return
    scope = "LOCAL " if connection.in_atomic_block else ""  # the test's transaction, or the session
    with connection.cursor() as cursor:
        cursor.execute(f"SET {scope}ROLE NONE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET {scope}ROLE {_quoted(TEST_DATABASE_ROLE)}")


@pytest.fixture(autouse=True)
def _as_the_application_role(request):
    """With TEST_DATABASE_ROLE set, a test that uses the database acts as that role (above)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not TEST_DATABASE_ROLE or not (transactional or "db" in request.fixturenames or marker is not None):
        yield
        return
    from django.db import connection, connections
    from django.db.backends.signals import connection_created

    role = request.getfixturevalue("application_role")
    if not transactional:
        request.getfixturevalue("db")
        with connection.cursor() as cursor:  # undone with the test's transaction
            cursor.execute(f"SET LOCAL ROLE {_quoted(role)}")
        yield
        return

    def set_role(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {_quoted(role)}")

    request.getfixturevalue("transactional_db")
    connection_created.connect(set_role, weak=False, dispatch_uid="test-application-role")
    if connection.connection is not None:
        set_role(None, connection)
    try:
        yield
    finally:
        connection_created.disconnect(dispatch_uid="test-application-role")
        for each in connections.all(initialized_only=True):
            if each.connection is not None and each.is_usable():
                with each.cursor() as cursor:  # the owner flushes the tables after the test
                    cursor.execute("RESET ROLE")


@pytest.fixture
def committed_db(transactional_db, django_db_serialized_rollback):
    """Real commits (for ``on_commit``, other threads, live servers). The database is restored
    to its migrated state around the test, so the roles that migrations create survive (after
    it, by ``pytest_runtest_teardown`` below when the next test would not do it)."""


def _reloads_migrated_rows(item) -> bool:
    """Whether ``item`` puts the migrated rows back when it starts, and flushes them when it ends
    (pytest-django's serialized rollback: ``committed_db``)."""
    marker = item.get_closest_marker("django_db")
    return "django_db_serialized_rollback" in getattr(item, "fixturenames", ()) or bool(
        marker is not None and marker.kwargs.get("serialized_rollback")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a ``committed_db`` test the flush leaves the tables empty: Django puts the migrated
    rows (roles, permissions, content types) back only when the next such test starts, and
    pytest-django runs every plain database test before them so none finds the tables empty.
    pytest-xdist's ``--dist loadgroup`` breaks that order (it starts the largest groups first,
    the browser tests', and plain database tests may follow on the same worker): when the next
    test would not put the rows back itself, put them back now."""
    try:
        return (yield)
    finally:  # even when a teardown failed: the next tests would fail for want of the roles
        if nextitem is not None and _reloads_migrated_rows(item) and not _reloads_migrated_rows(nextitem):
            from django.db import connections
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                for each in connections.all():
                    contents = getattr(each, "_test_serialized_contents", None)
                    if contents is not None:
                        each.creation.deserialize_db_from_string(contents)
                        each.close()


@pytest.fixture
def make_staff(db):
    counter = iter(range(1, 10_000))

    def make(username=None, role=None, *, password=PASSWORD, **fields) -> StaffUser:
        username = username or f"staff{next(counter)}"
        user = StaffUser.objects.create_user(
            username=username,
            password=password,
            email=fields.pop("email", f"{username}@example.test"),
            first_name=fields.pop("first_name", username.title()),
            last_name=fields.pop("last_name", "Tester"),
            **fields,
        )
        roles = [role] if isinstance(role, str) else list(role or [])
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


@pytest.fixture
def support_agent(make_staff):
    return make_staff("sam", SUPPORT_AGENT)


@pytest.fixture
def compliance_officer(make_staff):
    return make_staff("chloe", COMPLIANCE_OFFICER)


@pytest.fixture
def administrator(make_staff):
    return make_staff("ada", ADMINISTRATOR)


@pytest.fixture
def outsider(make_staff):
    """A staff account with no role at all."""
    return make_staff("otto")


def sign_in(client, user):
    """Sign ``client`` in as ``user`` with both factors, as the login flow would."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )
    client.force_login(user, backend="backoffice.auth_backends.StaffBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def signed_in(client):
    """``signed_in(user)`` → the test client, signed in as ``user``."""
    return lambda user: sign_in(client, user)


@pytest.fixture
def agent(signed_in, support_agent):
    """The test client, signed in as a support agent."""
    return signed_in(support_agent)


@pytest.fixture
def officer(compliance_officer):
    """A browser of its own, signed in as a compliance officer: a test can have one beside
    ``agent``."""
    from django.test import Client

    return sign_in(Client(), compliance_officer)


@pytest.fixture
def persona(request, make_staff):
    """The persona named by ``request.param`` (indirect parametrisation), or None for anonymous."""
    name = request.param
    if name == "anonymous":
        return None
    return make_staff(name, PERSONA_ROLES[name])


@pytest.fixture
def through_redis(committed_db):
    """Tasks go through a real Redis (``REDIS_URL`` or ``TEST_REDIS_URL``) instead of running in
    the test process; skipped without one on a laptop, required in CI. Yields the URL."""
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    require_service("Redis", bool(url), "set REDIS_URL=redis://127.0.0.1:6379/0 to run the real-worker tests")
    saved = {key: celery_app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    celery_app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        yield url
    finally:
        celery_app.conf.update(saved)


@pytest.fixture
def redis_worker(through_redis):
    """A real Celery worker, in the test process, consuming through the real Redis."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


def _database_url() -> str:
    """The test database, as a URL another process can open."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "postgres", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgresql://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_process(through_redis, settings):
    """Start a real Celery worker as a separate process (one that can be killed), on the test
    database and Redis; ``start(**environment)`` (more variables for it) returns the ``Popen``.
    Killed at the end of the test."""
    import signal
    import subprocess
    import sys

    url = through_redis
    started = []

    def start(**environment) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backoffice.settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": url,
            "STATEMENTS_DIR": str(settings.STATEMENTS_DIR),
            "KYC_DOCUMENTS_DIR": str(settings.KYC_DOCUMENTS_DIR),
            **environment,
        }
        command = [sys.executable, "-m", "celery", "-A", "backoffice", "worker", "--pool=solo", "--loglevel=WARNING"]
        command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
        process = subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parent.parent)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
    # A killed worker's unacknowledged message would come back in an hour (the visibility
    # timeout), into a later test whose rows reuse its ids: forget it.
    import redis

    redis.Redis.from_url(url).delete("unacked", "unacked_index", "unacked_mutex")
