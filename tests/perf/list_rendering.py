"""How long a list page's table takes to render: django-tables2's ``render_table`` against the
panel's ``BackofficeTable.rendered_rows`` + ``generic/_list_results.html``.

    uv run python tests/perf/list_rendering.py [rows] [repeats]

No database needed: the rows are unsaved audit entries (13 columns with the extra ones below).
"""

import os
import statistics
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

import django

django.setup()

import django_tables2 as tables  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.models import AuditEntry  # noqa: E402
from backoffice.pagination import Page  # noqa: E402
from backoffice.tables import AuditTable  # noqa: E402


class WideAuditTable(AuditTable):
    """The audit table plus five plain columns: 13 in all, like the customers list will have."""

    id = tables.Column()
    target_type = tables.Column()
    target_id = tables.Column()
    request_id = tables.Column()
    confidential = tables.Column()


def records(count):
    now = timezone.now()
    return [
        AuditEntry(
            pk=index + 1,
            occurred_at=now - timedelta(minutes=index),
            actor_label=f"agent{index % 7}",
            action="customers.contacts.updated",
            customer_id=100_000 + index,
            target_type="customers.email",
            target_id=str(index),
            target_repr=f"jane.doe{index}@example.com",
            changes={"email": ["old@example.com", f"jane.doe{index}@example.com"]},
            reason="customer asked on the phone",
            request_id="5d625b70671644139987b5431f6213af",
            ip_address="10.0.0.1",
        )
        for index in range(count)
    ]


def timed(function, repeats):
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples)


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    data = records(rows)
    request = RequestFactory().get("/audit/")
    viewer = type("Viewer", (), {"has_perm": lambda self, perm: True})()
    columns = len(WideAuditTable.base_columns)

    default_template = Template("{% load django_tables2 %}{% render_table table %}")

    def django_tables2_default():
        table = WideAuditTable(data, viewer=viewer)
        table.paginate(per_page=rows)
        default_template.render(Context({"table": table, "request": request}))

    results_template = get_template("generic/_list_results.html")

    def backoffice_rendering():
        table = WideAuditTable(data, viewer=viewer)
        page = Page(object_list=data, number=1, per_page=rows, has_next=False, total=rows)
        results_template.render(
            {
                "table": table,
                "page": page,
                "headers": table.header_cells({}),
                "rows": table.rendered_rows(data),
                "query": {},
                "results_target": "list-results",
            },
            request,
        )

    print(f"Rendering {rows} rows x {columns} columns, median (min) of {repeats} runs:")
    for label, function in (
        ("django-tables2 render_table", django_tables2_default),
        ("backoffice rendered_rows", backoffice_rendering),
    ):
        function()  # warm the template caches
        median, best = timed(function, repeats)
        print(f"  {label:<30} {median:8.1f} ms ({best:.1f} ms)")


if __name__ == "__main__":
    main()
