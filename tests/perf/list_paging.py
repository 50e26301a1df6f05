"""What a list costs on a big table: exact COUNT(*) against the bounded count and the planner's
estimate the paginator uses, OFFSET paging, and the whole audit-log page through Django.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf \\
        uv run python tests/perf/list_paging.py [rows]

Fills the audit table of that database up to ``rows`` entries (default 1,000,000) with one
INSERT … SELECT generate_series, then measures. Use a database of its own: it migrates it.
"""

import os
import statistics
import sys
import time

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

    staff, _ = StaffUser.objects.get_or_create(username="perf-compliance")
    from django.contrib.auth.models import Group

    staff.groups.set(Group.objects.filter(name="Compliance officer"))
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).first() or TOTPDevice.objects.create(
        user=staff, confirmed=True, name="perf"
    )
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

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


if __name__ == "__main__":
    main()
