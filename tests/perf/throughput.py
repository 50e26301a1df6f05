"""Requests per second through gunicorn on this machine, measured with ``wrk`` (issue 17).

    apt-get install wrk    # once
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/throughput.py [seconds] [rounds]

Use the database ``tests/perf/customers_search.py`` filled. The script signs a support agent in
(a session in the database), starts ``gunicorn backoffice.wsgi`` with as many sync workers as the
machine has cores on a loopback port, and runs ``wrk`` (one thread, four connections, bounded by
``seconds``, default 10) against three pages in turn, ``rounds`` times (default 2): an empty signed-in
request (the omnibox's suggestions for nothing, htmx), the persons list and a profile. Every
response must be a 200 (``wrk`` counts the others; a redirect to the login page would be fast and
wrong). It prints the median rate of each and the issue's targets: the list at least 1/4 and the
profile at least 1/3 of the empty request's rate.

Beside each rate it prints where the two cores went, in CPU milliseconds per request read from
``/proc``: gunicorn's workers, PostgreSQL's processes and ``wrk`` itself.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
# The session is signed with the key: this process and gunicorn's workers must share it.
os.environ.setdefault("SECRET_KEY", "throughput-measurement-only-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from backoffice.roles import SUPPORT_AGENT  # noqa: E402
from customers.models import Customer  # noqa: E402
from tests.perf.signing_in import client_for  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGETS = {"persons list": 1 / 4, "profile": 1 / 3}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, headers: dict) -> None:
    for _ in range(100):
        try:
            request = urllib.request.Request(url, headers=headers)  # noqa: S310  (the loopback URL built above)
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer {url}")


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pids: list[int]) -> float:
    """User and system CPU the processes have used so far, in milliseconds."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone since it was listed
        total += int(fields[11]) + int(fields[12])
    return total * TICK_MS


def processes(name: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() == name:
                        found.append(int(entry))
            except OSError:
                continue
    return found


def children(parent: int) -> list[int]:
    try:
        with open(f"/proc/{parent}/task/{parent}/children") as listed:
            return [int(pid) for pid in listed.read().split()]
    except OSError:
        return []


def wrk(url: str, headers: dict, seconds: int, workers: list[int]) -> tuple[float, dict[str, float]]:
    """The rate ``wrk`` measured, and the CPU milliseconds per request of each side."""
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    database = processes("postgres")
    before = {"workers": cpu_ms(workers), "postgres": cpu_ms(database)}
    started = os.times()
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    ended = os.times()
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        sys.exit(f"wrk saw errors on {url}:\n{output}")
    served = int(re.search(r"(\d+) requests in", output).group(1))
    spent = {
        "workers": cpu_ms(workers) - before["workers"],
        "postgres": cpu_ms(database) - before["postgres"],
        "wrk": (ended.children_user + ended.children_system - started.children_user - started.children_system) * 1000,
    }
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), {
        side: ms / served for side, ms in spent.items()
    }


def main() -> None:
    if connection.vendor != "postgresql" or not shutil.which("wrk"):
        sys.exit("Needs DATABASE_URL (the customers_search database) and wrk (apt-get install wrk).")
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    client = client_for("perf-throughput-agent", SUPPORT_AGENT)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    customer = Customer.objects.order_by("pk").values_list("pk", flat=True)[Customer.objects.count() // 2]
    connection.close()
    port, workers = free_port(), os.cpu_count() or 2
    base = f"http://127.0.0.1:{port}"
    pages = {
        "empty request": (reverse("search") + "?q=&suggest=1", {"Cookie": cookie, "HX-Request": "true"}),
        "persons list": (reverse("customer-persons"), {"Cookie": cookie}),
        "profile": (reverse("customer-profile", args=[customer]), {"Cookie": cookie}),
    }
    server = subprocess.Popen(
        [
            os.path.join(ROOT, ".venv/bin/gunicorn"),
            *("backoffice.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        for path, headers in pages.values():
            wait_until_up(base + path, headers)
            for _ in range(20):  # warm every worker
                request = urllib.request.Request(base + path, headers=headers)  # noqa: S310  (loopback)
                urllib.request.urlopen(request, timeout=10).read()  # noqa: S310
        workers_pids = children(server.pid)
        rates: dict[str, list[float]] = {name: [] for name in pages}
        costs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
        for _ in range(rounds):
            for name, (path, headers) in pages.items():
                rate, cost = wrk(base + path, headers, seconds, workers_pids)
                rates[name].append(rate)
                costs[name].append(cost)
    finally:
        server.terminate()
        server.wait(timeout=30)
    empty = statistics.median(rates["empty request"])
    print(f"gunicorn, {workers} sync workers; wrk -t1 -c4 -d{seconds}s, {rounds} rounds interleaved (median)")
    print("CPU ms per request (median): gunicorn's workers, PostgreSQL, wrk")
    print(f"{'page':<16}{'requests/s':>12}{'× empty':>9}{'workers':>9}{'postgres':>9}{'wrk':>6}  target")
    for name, values in rates.items():
        rate = statistics.median(values)
        target = TARGETS.get(name)
        verdict = f"≥ 1/{round(1 / target)}: {'PASS' if rate / empty >= target else 'FAIL'}" if target else ""
        cost = {side: statistics.median(c[side] for c in costs[name]) for side in ("workers", "postgres", "wrk")}
        print(
            f"{name:<16}{rate:>12.1f}{rate / empty:>9.2f}"
            f"{cost['workers']:>9.2f}{cost['postgres']:>9.2f}{cost['wrk']:>6.2f}  {verdict}"
        )


if __name__ == "__main__":
    main()
