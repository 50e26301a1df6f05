"""What a list costs on a big table.

Two runs, each against a PostgreSQL database of its own kind:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf \\
        .venv/bin/python tests/perf/list_paging.py [rows]

exact COUNT(*) against the bounded count and the planner's estimate the paginator uses, OFFSET
paging, and the whole audit-log page through Django. It fills the audit table of that database up
to ``rows`` entries (default 1,000,000) with one INSERT … SELECT generate_series, then measures:
use a database of its own, it migrates it.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/list_paging.py --jumps [samples]

the ways into a long list (issue 17: "a typed page number never costs more than 2x page 1") on
the persons list of a database seeded by ``tests/perf/customers_search.py``, READ ONLY: the
connection is set read-only (a write would fail the run), the session lives in the local cache,
and it signs in as a support agent already there (``perf-customers``, which customers_search.py
creates). The server time of each page (test client, request to response) is the median of
``samples`` requests (default 25), the cases interleaved round by round so that a slower minute
weighs on all alike; each is printed as a ratio to page 1, PASS when at most 2x:

- page 1 (newest first), "Last page", "Go to created on or before" a day in the middle, "Go to
  name from" a letter (sorted by name), the largest page number a hand may type
  (``LIST_MAX_TYPED_PAGE``), and the first one refused;
- then, to choose that bound, page numbers typed from 5 to 1,280 with the bound lifted, newest
  first, by name, and with filters the index does not serve (2% and 0.2% of the rows), each
  against its own page 1.
"""

import os
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from backoffice.models import AuditEntry, StaffUser  # noqa: E402
from backoffice.pagination import bounded_count, paginate, planner_estimate  # noqa: E402
from backoffice.roles import COMPLIANCE_OFFICER  # noqa: E402
from tests.perf.signing_in import client_for  # noqa: E402

FILL = """
INSERT INTO backoffice_auditentry
    (occurred_at, actor_label, action, customer_id, target_type, target_id, target_repr, changes,
     reason, confidential, confidential_fields, request_id)
SELECT now() - (n || ' seconds')::interval, 'agent' || (n %% 50),
       (ARRAY['customers.contacts.updated','auth.login','kyc.document.uploaded','staff.updated'])[1 + n %% 4],
       n %% 200000, 'customers.customer', n::text, 'Customer ' || n, '{}'::jsonb, '', false, '[]'::jsonb,
       md5(n::text)
FROM generate_series(%s, %s) AS n
"""


def timed(function, repeats=5):
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main():
    if "--jumps" in sys.argv:
        return jumps([argument for argument in sys.argv[1:] if argument != "--jumps"])
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is migrated and filled).")
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    call_command("migrate", verbosity=0)
    have = AuditEntry.objects.count()
    if have < target:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(FILL, [have + 1, target])
            cursor.execute("ANALYZE backoffice_auditentry")
        print(f"Inserted {target - have:,} audit entries in {time.perf_counter() - started:.1f} s.")
    rows = AuditEntry.objects.count()
    everything = AuditEntry.objects.all()
    filtered = AuditEntry.objects.filter(action__startswith="kyc.")
    limit = settings.LIST_EXACT_COUNT_LIMIT
    print(f"\nAudit table: {rows:,} rows. Median of 5 runs, ms:")
    print(f"  exact COUNT(*), all rows                 {timed(everything.count):9.2f}")
    print(f"  bounded count (<= {limit + 1}), all rows        {timed(lambda: bounded_count(everything, limit)):9.2f}")
    print(
        f"  planner estimate, all rows               {timed(lambda: planner_estimate(everything)):9.2f}"
        f"   (estimates {planner_estimate(everything):,})"
    )
    print(f"  exact COUNT(*), action starts with kyc.  {timed(filtered.count):9.2f}")
    print(
        f"  planner estimate, same filter            {timed(lambda: planner_estimate(filtered)):9.2f}"
        f"   (estimates {planner_estimate(filtered):,}; exact {filtered.count():,})"
    )
    ordered = everything.order_by("-occurred_at", "-id")
    print(f"  page 1 (50 rows + count)                 {timed(lambda: paginate(ordered, page_number=1)):9.2f}")
    print(f"  page 100 (OFFSET 4,950)                  {timed(lambda: paginate(ordered, page_number=100)):9.2f}")
    print(f"  page 10,000 (OFFSET 499,950)             {timed(lambda: paginate(ordered, page_number=10_000), 3):9.2f}")

    client = client_for("perf-compliance", COMPLIANCE_OFFICER)

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    print("\nThe audit-log page through Django (request to response), ms:")
    for label, url in (
        ("/audit/", "/audit/"),
        ("/audit/?action=kyc.", "/audit/?action=kyc."),
        ("/audit/?actor=agent7&page=20", "/audit/?actor=agent7&page=20"),
        ("/audit/?sort=action", "/audit/?sort=action"),
    ):
        page(url)
        print(f"  {label:<40} {timed(lambda url=url: page(url)):9.2f}")


# --- the ways into a long list, read only ----------------------------------------------------

JUMP_FACTOR = 2
PERSONS = "/customers/persons/"


def read_only(sender, connection, **kwargs):
    """Every transaction of this run is read-only: the database is shared, and not ours to write."""
    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")


def signed_in_reader():
    """A test client signed in as a support agent with a session in the local cache: no row
    written (no session row, no last-login update). The agent is ``perf-customers`` when
    customers_search.py created it; else one held in memory (``AgentInMemory``)."""
    from django.contrib.sessions.backends.cache import SessionStore

    from backoffice.auth_session import SESSION_RENEWED_AT, SESSION_SIGNED_IN_AT

    staff = StaffUser.objects.filter(username="perf-customers").first()
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).first() if staff else None
    session = SessionStore()
    session.update({SESSION_SIGNED_IN_AT: time.time(), SESSION_RENEWED_AT: time.time()})
    if staff and device:
        session.update(
            {
                "_auth_user_id": str(staff.pk),
                "_auth_user_backend": "backoffice.auth_backends.StaffBackend",
                "_auth_user_hash": staff.get_session_auth_hash(),
                DEVICE_ID_SESSION_KEY: device.persistent_id,
            }
        )
        print("Signed in as perf-customers (a support agent in the database).")
    else:
        AgentInMemory.install()
        print(
            "Signed in as a support agent held in memory (no perf-customers in the database): the user,"
            " device and permission queries of a request are not made, for page 1 and the others alike."
        )
    session.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


class AgentInMemory:
    """Stands in for Django's authentication and OTP middleware: every request is made by a
    support agent that exists only in memory (id 0: no row is its), with the support agent
    role's permissions as the database holds them, second factor passed."""

    agent = None

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = self.agent
        return self.get_response(request)

    @classmethod
    def install(cls):
        from django.contrib.auth.models import Permission

        from backoffice.roles import SUPPORT_AGENT

        permissions = {
            f"{app}.{codename}"
            for app, codename in Permission.objects.filter(group__name=SUPPORT_AGENT).values_list(
                "content_type__app_label", "codename"
            )
        }
        agent = StaffUser(pk=0, username="perf-reader", first_name="Perf", last_name="Reader", is_active=True)
        agent.has_perm = lambda perm, obj=None: perm in permissions
        agent.has_perms = lambda perms, obj=None: all(perm in permissions for perm in perms)
        agent.get_all_permissions = lambda obj=None: set(permissions)
        agent.is_verified = lambda: True
        cls.agent = agent
        replaced = ("django.contrib.auth.middleware.AuthenticationMiddleware", "django_otp.middleware.OTPMiddleware")
        middleware = [name for name in settings.MIDDLEWARE if name != replaced[1]]
        middleware[middleware.index(replaced[0])] = f"{__name__}.AgentInMemory"
        settings.MIDDLEWARE = middleware


def interleaved(client, cases: dict[str, tuple[str, dict]], samples: int) -> dict[str, float]:
    """The median server time of each case (a URL and its headers), measured round by round."""
    measured: dict[str, list[float]] = {key: [] for key in cases}
    for url, headers in cases.values():  # a warm-up, and a check that each is a list page
        response = client.get(url, headers=headers)
        assert response.status_code == 200 and b'id="list-results"' in response.content, (url, response)
    for _ in range(samples):
        for key, (url, headers) in cases.items():
            started = time.perf_counter()
            client.get(url, headers=headers)
            measured[key].append((time.perf_counter() - started) * 1000)
    return {key: statistics.median(values) for key, values in measured.items()}


def describe(client, url: str) -> str:
    """What the page shows (read from the template's context, outside the timed requests)."""
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        page = client.get(url).context["page"]
    finally:
        teardown_test_environment()
    first = page.object_list[0] if page.object_list else None
    where = f"first row {first.pk} {first.created_at:%Y-%m-%d} {first.name_key[:12]!r}" if first else "no rows"
    notice = f"; says: {page.notices[0][:60]}…" if page.notices else ""
    return f"{len(page.object_list)} rows, {where}{notice}"


def jumps(arguments):
    from django.db.backends.signals import connection_created
    from django.test import override_settings

    from customers.models import Customer

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database tests/perf/customers_search.py seeded.")
    connection_created.connect(read_only)
    connection.close()  # the next query opens a read-only connection
    samples = int(arguments[0]) if arguments else 25
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    client = signed_in_reader()
    persons = Customer.objects.filter(kind=1)
    oldest, newest = persons.order_by("created_at").first(), persons.order_by("-created_at").first()
    middle = oldest.created_at + (newest.created_at - oldest.created_at) / 2
    bound = settings.LIST_MAX_TYPED_PAGE
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.abspath(__file__)),
    ).stdout.strip()
    print(
        f"Code at {commit or 'an unknown commit'}. "
        f"{Customer.objects.count():,} customers ({persons.count():,} persons, created"
        f" {oldest.created_at:%Y-%m-%d} to {newest.created_at:%Y-%m-%d}); {settings.LIST_PAGE_SIZE} rows a page,"
        f" LIST_MAX_TYPED_PAGE = {bound}; server time (test client), median of {samples}, interleaved."
    )
    day = f"{middle:%Y-%m-%d}"
    htmx = {"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "list-results"}
    # (label, URL, headers, the case it is compared with: None for page 1 itself)
    cases = [
        ("page 1 (newest first)", PERSONS, {}, None),
        ("Last page", f"{PERSONS}?last=1", {}, "page 1 (newest first)"),
        (f"Go to created on or before {day}", f"{PERSONS}?from={day}", {}, "page 1 (newest first)"),
        ("Go to name from M (sorted by name)", f"{PERSONS}?sort=name&from=M", {}, "page 1 (newest first)"),
        (f"typed ?page={bound} (the largest allowed)", f"{PERSONS}?page={bound}", {}, "page 1 (newest first)"),
        (f"typed ?page={bound + 1} (refused)", f"{PERSONS}?page={bound + 1}", {}, "page 1 (newest first)"),
        ("page 1 sorted by name", f"{PERSONS}?sort=name", {}, None),
        ("  Go to name from M, against it", f"{PERSONS}?sort=name&from=M", {}, "page 1 sorted by name"),
        ("  Last page sorted by name, against it", f"{PERSONS}?sort=name&last=1", {}, "page 1 sorted by name"),
        ("page 1, htmx (the results part)", PERSONS, htmx, None),
        ("  Last page, htmx", f"{PERSONS}?last=1", htmx, "page 1, htmx (the results part)"),
        (f"  Go to created on or before {day}, htmx", f"{PERSONS}?from={day}", htmx, "page 1, htmx (the results part)"),
    ]
    for label, url, headers, _ in cases:
        if not headers:
            print(f"  {label.strip():<48} {url:<42} {describe(client, url)}")
    times = interleaved(client, {label: (url, headers) for label, url, headers, _ in cases}, samples)
    print(f"\n  {'case':<48} {'median ms':>10} {'ratio':>8}")
    failures = 0
    for label, _, _, against in cases:
        ratio = times[label] / times[against or label]
        verdict = ("PASS" if ratio <= JUMP_FACTOR else "FAIL") if against else ""
        failures += verdict == "FAIL"
        print(f"  {label:<48} {times[label]:10.1f} {ratio:7.2f}x  {verdict}")

    print(
        f"\nChoosing the bound: a typed page number read by OFFSET, the bound lifted, against page 1 ({samples} each):"
    )
    with override_settings(LIST_MAX_TYPED_PAGE=10_000):
        for label, query, deepest in (
            ("newest first", {}, 1280),
            ("sorted by name", {"sort": "name"}, 1280),
            ("?state=blocked (2% of persons, no index)", {"state": "blocked"}, 320),
            ("?state=blocked&country=FR (0.2%)", {"state": "blocked", "country": "FR"}, 20),
        ):
            numbers = [number for number in (1, 5, 10, 20, 40, 80, 160, 320, 640, 1280) if number <= deepest]
            sweep = {number: f"{PERSONS}?{urlencode({**query, 'page': number})}" for number in numbers}
            swept = interleaved(client, {number: (url, {}) for number, url in sweep.items()}, samples)
            within = 1
            for number, value in swept.items():  # up to the first page over
                if value > JUMP_FACTOR * swept[1]:
                    break
                within = number
            print(f"  {label}: largest page <= {JUMP_FACTOR}x page 1 among those tried: {within}")
            print(
                "    "
                + "  ".join(f"p{number} {value:.0f} ms {value / swept[1]:.2f}x" for number, value in swept.items())
            )
    print(
        f"\n{'PASS' if not failures else 'FAIL'}: every way into the list <= {JUMP_FACTOR}x page 1"
        + (f" ({failures} over)" if failures else "")
    )


if __name__ == "__main__":
    main()
