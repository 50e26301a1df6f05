"""Browser tests: Debian's Chromium, headless, driven by pytest-playwright against a live server.

They share one demo per session (``demo_database``): built by the first, copied back before each
of the others. So that it is built once under pytest-xdist too, they all go to one worker
(``--dist loadgroup``: the group ``browser``)."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import require_service

from .demo_database import DemoDatabase, snapshot_of

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
HERE = Path(__file__).resolve().parent
XDIST_GROUP = "browser"
# Its tests run right after the last browser test, where xdist's loadgroup may put any test.
FOLLOWER = "test_what_they_leave_behind.py"


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Every test of this folder without a group of its own runs on the same xdist worker
    (marked before xdist reads the mark); once pytest-django has put the database tests first,
    the follower's tests move to right after the last browser test."""
    for item in items:
        if HERE in item.path.parents and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(XDIST_GROUP))
    result = yield
    followers = [item for item in items if item.path.parent == HERE and item.path.name == FOLLOWER]
    others = [item for item in items if item not in followers]
    browser = [index for index, item in enumerate(others) if "demo" in getattr(item, "fixturenames", ())]
    last = max(browser, default=None)
    if followers and last is not None:
        items[:] = [*others[: last + 1], *followers, *others[last + 1 :]]
    return result


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_service("Chromium", CHROMIUM.exists(), "install Debian's chromium (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def demo_customers() -> int:
    """The demo's size (``demo --customers``). The tests make the customers they act on; the demo
    gives them its staff accounts and a bit of everything around (reviews in each stage, a company
    group, frozen customers, customer #2 Isabel Pereira's statement account). A test that needs a
    second page of a list wants more than ``LIST_PAGE_SIZE`` (50)."""
    return 20


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker, demo_customers, tmp_path_factory):
    """The session's demo database (``demo_database.DemoDatabase``), built by the first test
    that asks for ``demo``. Its KYC files are written once, to a folder of the session's."""
    from django.db import connection

    documents = tmp_path_factory.mktemp("demo-kyc-documents")

    def build():
        with override_settings(DEBUG=True, KYC_DOCUMENTS_DIR=documents):
            call_command("demo", customers=demo_customers, stdout=io.StringIO())

    database = DemoDatabase(snapshot=snapshot_of(connection, "e2e_demo"), build=build, documents=documents)
    yield database
    with django_db_blocker.unblock():
        database.discard()


@pytest.fixture
def demo(page, live_server, committed_db, settings, demo_database):
    """The demo, fresh for each test (its staff accounts among it), served with DEBUG on
    (enrolment may be skipped). After the test ``committed_db`` empties the database as usual."""
    settings.DEBUG = True
    demo_database.load()
    shutil.copytree(demo_database.documents, settings.KYC_DOCUMENTS_DIR, dirs_exist_ok=True)
    return live_server


@pytest.fixture
def console_errors(page):
    """Errors the page logs (a CSP violation is one): a test asserts there are none."""
    errors = []
    page.on(
        "console",
        lambda message: errors.append(f"{message.text} at {message.location}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_out(page):
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Sign out").click()
