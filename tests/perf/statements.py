"""Statement exports of a 100,000-transaction account: process CPU, wall time and peak memory of
each format, against ``COPY … TO STDOUT`` of the same rows (the floor), and 10,000 against 100,000
rows to show whether memory stays flat.

    createdb -h 127.0.0.1 -U postgres backoffice_perf_statements
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_statements \\
        .venv/bin/python tests/perf/statements.py

Use a database of its own: migrated and seeded once (two accounts, 10,000 and 100,000
transactions). Each export runs in a forked child; ``wait4`` gives its resource usage: process CPU
(user + system, which a busy shared machine inflates far less than wall time), and peak resident
memory (``ru_maxrss``), each minus that of an idle child (the inherited interpreter and Django).
The 100,000-row XLSX and PDF figures are the medians of three runs.
Targets, with PASS / FAIL: XLSX ≤ 3 s CPU with memory flat (100,000 rows take at most 5 MB more
than 10,000), PDF ≤ 10 s CPU and ≤ 150 MB (its memory grows with the pages: ReportLab's canvas
keeps each finished page until ``save()``; the script prints by how much), CSV ≤ 4× COPY.
"""

import os
import statistics
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from backoffice.models import StaffUser  # noqa: E402
from customers.demo import ensure_dictionaries  # noqa: E402
from customers.demo_holdings import create_big_statement_account  # noqa: E402
from customers.models import Customer, StatementExport  # noqa: E402
from customers.statements.rows import statement_for  # noqa: E402
from tests.customers.factories import make_person  # noqa: E402
from tests.perf.customers_search import mark  # noqa: E402

SIZES = {"small": 10_000, "big": 100_000}


def writers():
    """The statement writers, imported only here: importing this module (statement_writers.py
    does) loads no writer, as that script measures ReportLab with and without its C accelerator,
    which is chosen when ReportLab is first imported."""
    from customers.statements.pdf import write_pdf
    from customers.statements.writers import write_csv
    from customers.statements.xlsx import write_xlsx

    return {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}


CPU_TARGETS = {"xlsx": 3.0, "pdf": 10.0}  # seconds of process CPU at 100,000 rows
FLAT_MB = 5  # XLSX: 100,000 rows may take this much more memory than 10,000
PDF_MB = 150
RUNS = 3  # the 100,000-row XLSX and PDF: medians of three runs


def seeded() -> dict[str, object]:
    call_command("migrate", verbosity=0)
    ensure_dictionaries()
    accounts = {}
    for size, count in SIZES.items():
        tag = f"perf-statement-{size}"
        customer = Customer.objects.filter(user_tag=tag).first() or make_person("Perf", size.title(), user_tag=tag)
        account = customer.accounts.filter(name="Statement test account").first()
        if account is None:
            started = time.perf_counter()
            account = create_big_statement_account(customer, count=count)
            print(f"Seeded {count:,} transactions in {time.perf_counter() - started:.0f} s", flush=True)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE customers_transaction")
        accounts[size] = account
    return accounts


def job_for(account) -> StatementExport:
    staff, _ = StaffUser.objects.get_or_create(username="perf-statements")
    return StatementExport.objects.create(
        customer=account.customer,
        requested_by=staff,
        account_ids=[account.pk],
        start_date=date(2000, 1, 1),
        end_date=date.today(),
        format="csv",
    )


class Usage(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of user + system time
    peak: float  # resident MB


def in_child(work) -> Usage:
    """``work()`` run in a forked child: its wall time, and from ``wait4`` its CPU time and peak
    resident memory."""
    read, write = os.pipe()
    connection.close()  # parent and child each open their own connection (never share a socket)
    pid = os.fork()
    if pid == 0:
        try:
            started = time.perf_counter()
            work()
            os.write(write, f"{time.perf_counter() - started}".encode())
        except BaseException:  # the child never returns into the parent's code
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    os.close(write)
    _, _, usage = os.wait4(pid, 0)
    seconds = float(os.read(read, 64).decode() or "nan")
    os.close(read)
    return Usage(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median_usage(work, runs: int) -> Usage:
    """Each figure's median over ``runs`` children."""
    usages = [in_child(work) for _ in range(runs)]
    return Usage(*(statistics.median(figures) for figures in zip(*usages, strict=True)))


def copy_floor(account) -> float:
    """The median of five runs: both sides of the CSV ratio last a fraction of a second, where one
    run on a shared machine can be off by half."""

    def work():
        with connection.cursor() as cursor, open(os.devnull, "wb") as sink:
            sql = (
                "COPY (SELECT booked_at, value_date, label, counterparty_name, amount, direction, currency "
                f"FROM customers_transaction WHERE account_id = {int(account.pk)} AND status = 'booked' "
                "ORDER BY booked_at, id) TO STDOUT"
            )
            with cursor.cursor.copy(sql) as copy:
                for block in copy:
                    sink.write(block)

    return median_seconds(work)


def median_seconds(work, runs: int = 5) -> float:
    return median_usage(work, runs).wall


def main():
    accounts = seeded()
    idle = in_child(lambda: None)
    folder = Path(tempfile.mkdtemp(prefix="statements-"))
    print(f"Idle child: {idle.peak:.0f} MB resident, {idle.cpu:.3f} s CPU (subtracted below)\n")
    print(f"{'export':<22} {'rows':>8} {'CPU s':>7} {'wall s':>7} {'extra MB':>9}  target")
    results, failures, by_format = {}, 0, writers()
    for size, account in accounts.items():
        job = job_for(account)
        for fmt, writer in by_format.items():
            path = folder / f"{size}.{fmt}"
            runs = RUNS if size == "big" and fmt in CPU_TARGETS else 1
            usage = median_usage(
                lambda writer=writer, path=path, job=job: writer(statement_for(job), path, lambda rows: None), runs
            )
            cpu, extra = max(usage.cpu - idle.cpu, 0), max(usage.peak - idle.peak, 0)
            results[size, fmt] = (cpu, extra)
            target = ""
            if size == "big" and fmt in CPU_TARGETS:
                ok = cpu <= CPU_TARGETS[fmt]
                failures += not ok
                target = f"{mark(ok)} ≤ {CPU_TARGETS[fmt]:.0f} s CPU"
            label = f"{fmt.upper()} {size}"
            print(f"{label:<22} {SIZES[size]:>8,} {cpu:>7.2f} {usage.wall:>7.2f} {extra:>9.1f}  {target}")
    floor = copy_floor(accounts["big"])
    job, path = job_for(accounts["big"]), folder / "ratio.csv"
    csv_seconds = median_seconds(lambda: by_format["csv"](statement_for(job), path, lambda rows: None))
    ratio = csv_seconds / floor
    ok = ratio <= 4
    failures += not ok
    print(
        f"\nMedians of 5 runs, 100,000 rows: COPY … TO STDOUT {floor:.3f} s, CSV {csv_seconds:.3f} s: "
        f"{ratio:.1f}×  {mark(ok)} ≤ 4×"
    )
    for fmt in by_format:
        small, big = results["small", fmt][1], results["big", fmt][1]
        verdict = ""
        if fmt == "xlsx":
            ok = big - small <= FLAT_MB
            failures += not ok
            verdict = f"  {mark(ok)} flat (≤ {FLAT_MB} MB more)"
        elif fmt == "pdf":
            ok = big <= PDF_MB
            failures += not ok
            growth = (big - small) / (SIZES["big"] - SIZES["small"]) * 10_000
            verdict = f": grows {growth:.1f} MB per 10,000 rows (pages kept until save)  {mark(ok)} ≤ {PDF_MB} MB"
        print(f"{fmt.upper()}: {small:.1f} MB for 10,000 rows, {big:.1f} MB for 100,000{verdict}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
