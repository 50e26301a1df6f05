"""The demo's staff accounts: one per role, and a second compliance officer and administrator to
walk every four-eyes flow (a maker and a checker of each role); all with the password
``backoffice-demo``."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT

DEMO_ACCOUNTS = (
    ("support", "Sam", "Support", SUPPORT_AGENT),
    ("compliance", "Chloé", "Compliance", COMPLIANCE_OFFICER),
    ("admin", "Ada", "Admin", ADMINISTRATOR),
    ("compliance2", "Colin", "Checker", COMPLIANCE_OFFICER),
    ("admin2", "Alba", "Approver", ADMINISTRATOR),
)


def demo_accounts_for_login_page() -> list[tuple[str, str]]:
    """``(username, role)`` of the demo accounts, listed on the login page only with DEBUG on."""
    if not settings.DEBUG:
        return []
    from .models import StaffUser

    existing = set(
        StaffUser.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS], is_active=True).values_list(
            "username", flat=True
        )
    )
    return [(username, role) for username, _, _, role in DEMO_ACCOUNTS if username in existing]


# The demo's size when ``demo --customers`` does not say: every step's numbers (reviews pending,
# customers frozen, company groups…) are written for it, and ``scaled`` follows a smaller one.
DEMO_CUSTOMERS = 300


def scaled(number: int, customers: int) -> int:
    """``number`` (written for a demo of ``DEMO_CUSTOMERS``) for a demo of ``customers``: at
    least 1, so a small demo still has some of everything."""
    return max(1, round(number * customers / DEMO_CUSTOMERS))


_steps: list[tuple[int, str]] = []


def register_demo_step(step: str, *, order: int) -> None:
    """An app's demo data, created by ``manage.py demo`` after the staff accounts.

    ``step`` is the dotted path of a function ``step(stdout=..., size=None, customers=DEMO_CUSTOMERS)``,
    which must be idempotent (``size`` is ``demo --size N``, ``customers`` is ``demo --customers N``:
    the size of a first demo, which the step's own numbers follow through ``scaled``). It is a
    path, imported only when the demo runs, because the demo generators need Faker, a dev
    dependency: a production install (``uv sync --no-dev``) must start without it."""
    _steps.append((order, step))


def demo_steps() -> list[Callable]:
    try:
        return [import_string(step) for _, step in sorted(_steps, key=lambda pair: pair[0])]
    except ImportError as error:
        raise ImproperlyConfigured(
            f"The demo data needs the development dependencies ({error.name} is missing): "
            "install them with `uv sync` (without --no-dev)."
        ) from error


def create_demo_staff_requests(*, stdout, size: int | None = None, customers: int = DEMO_CUSTOMERS) -> None:
    """A new hire invited as a compliance officer: the account exists with no role, and its role
    waits for a compliance officer's approval (granting a privileged role, issue 18)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from .models import StaffUser
    from .services.staff import create_staff_member

    admin = StaffUser.objects.filter(username="admin").first()
    if admin is None or StaffUser.objects.filter(username="newhire").exists():
        return
    # The invitation goes nowhere: the demo's console would print it among its progress lines.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        _, approval = create_staff_member(
            actor=admin,
            username="newhire",
            email="newhire@backoffice.local",
            first_name="Nadia",
            last_name="Newhire",
            roles=[COMPLIANCE_OFFICER],
            reason="Demo: joins the KYC team on Monday.",
        )
    if approval is not None:
        stdout.write(f"Staff: newhire invited; the compliance officer role waits for approval (#{approval.pk}).")
