"""Customers on a big table: seeding, the omnibox, the lists and the profile, through Django and
against the database alone.

    createdb -h 127.0.0.1 -U postgres backoffice_perf_customers
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/customers_search.py [customers] [samples] [--plans]

Use a database of its own: it is migrated, and topped up to ``customers`` (default 1,000,000)
with ``customers.demo.generate_customers`` (then VACUUM ANALYZE); a second run reuses the rows.

For each case it prints the server time (test client, request to response: median and p95 of
``samples`` requests, default 30, after a warm-up), the SQL queries of one request (the page's
own data queries against the session / auth / OTP overhead), the time of the page's main query
through the queryset and the same SQL through a plain psycopg connection, and for the searches
and lists a summary of ``EXPLAIN (ANALYZE, BUFFERS)``: the indexes used and the execution time
(``--plans`` prints the whole plans). Then the targets, with PASS / FAIL:

- the omnibox's main query: p95 <= 20 ms;
- a list or search page: <= 3 data queries (every query but the session / user / OTP device /
  permission ones), whatever the page size (10, 50 and 200 rows a page are compared);
- a deep page (keyset cursor) costs at most 2x page 1 (OFFSET page 2,000 is shown to compare,
  with ``LIST_MAX_TYPED_PAGE`` lifted: the list itself refuses it; tests/perf/list_paging.py
  --jumps measures the ways in it offers instead).
"""

import html
import math
import os
import re
import statistics
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlencode

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from backoffice.models import StaffUser  # noqa: E402
from backoffice.pagination import decode_cursor, paginate  # noqa: E402
from backoffice.pagination.cursors import beyond, cursor_for, ordering_of  # noqa: E402
from backoffice.roles import SUPPORT_AGENT  # noqa: E402
from customers import search, selectors  # noqa: E402
from customers.choices import Kind  # noqa: E402
from customers.demo import ensure_dictionaries, generate_customers  # noqa: E402
from customers.models import Customer  # noqa: E402
from customers.views import CustomerListView, PersonListView  # noqa: E402
from tests.perf.signing_in import client_for  # noqa: E402

SEARCH_P95_MS = 20
DATA_QUERIES = 3
DEEP_FACTOR = 2
DEEP_PAGE = 2000  # at 50 rows a page, rows 99,951 to 100,000


# --- seeding ---------------------------------------------------------------------------------


def seed(target):
    call_command("migrate", verbosity=0)
    ensure_dictionaries()
    have = Customer.objects.count()
    if have >= target:
        print(f"Reusing {have:,} customers (wanted {target:,}): nothing seeded.", flush=True)
        return
    missing = target - have

    def progress(done, seconds):
        if done % 100_000 == 0 or done == missing:
            print(f"  {have + done:>9,} customers  {seconds:5.0f} s  {done / max(seconds, 1e-9):6,.0f}/s", flush=True)

    print(f"Seeding {missing:,} customers (the table has {have:,}), with an email, a phone and an address each:")
    started = time.perf_counter()
    generate_customers(missing, progress=progress)
    seconds = time.perf_counter() - started
    print(f"Seeded {missing:,} customers in {seconds:.0f} s ({seconds / 60:.1f} min, {missing / seconds:,.0f}/s).")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s.", flush=True)


# --- measuring -------------------------------------------------------------------------------


def percentile(samples, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timings(function, samples, warmup=3):
    for _ in range(warmup):
        function()
    measured = []
    for _ in range(samples):
        started = time.perf_counter()
        function()
        measured.append((time.perf_counter() - started) * 1000)
    return statistics.median(measured), percentile(measured, 0.95)


def kind_of_query(sql):
    """Which of three a query is: "rows" (the customer table), "other" (the app's other tables: the
    profile's contacts, tags and relationships) or "overhead" (session, user, OTP device, permissions)."""
    if '"customers_customer"' in sql:
        return "rows"
    if '"customers_' in sql:
        return "other"
    return "overhead"


def name_of_query(sql):
    statement = sql.lstrip()
    if statement.startswith("EXPLAIN"):
        return "estimate"
    if statement.startswith("SELECT COUNT"):
        return "count"
    if statement.startswith("DECLARE"):  # a ModelChoiceIterator on a server-side cursor
        return "choices:" + re.search(r'FROM "customers_(\w+)"', sql).group(1)
    # The query's own table: subqueries name theirs with an alias ("customers_contactemail" "U0").
    tables = re.findall(r'FROM "customers_(\w+)"(?! ")', sql)
    return tables[0] if tables else "?"


PLAN_INDEX = re.compile(r"(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)")
PLAN_SEQ = re.compile(r"Seq Scan on (\S+)")
PLAN_TIME = re.compile(r"Execution Time: ([\d.]+) ms")
PLAN_SORT = re.compile(r"^\s*(?:->\s*)?((?:Incremental )?Sort)\b", re.MULTILINE)


def explain(raw, sql, params):
    with raw.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        text = "\n".join(row[0] for row in cursor.fetchall())
    indexes = []
    for scan, name in PLAN_INDEX.findall(text):
        if (name, scan) not in indexes:
            indexes.append((name, scan))
    seq = sorted(set(PLAN_SEQ.findall(text)))
    buffers = re.search(r"Buffers: (.*)", text)
    return {
        "text": text,
        "indexes": indexes,
        "seq": seq,
        "sorts": sorted(set(PLAN_SORT.findall(text))),
        "trigram": any(name == "customers_customer_search_trgm" for name, _ in indexes),
        "execution": float(PLAN_TIME.search(text).group(1)),
        "buffers": buffers.group(1) if buffers else "",
    }


class QueryTimer:
    """Times every query to the microsecond (CaptureQueriesContext rounds to the millisecond)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, (time.perf_counter() - started) * 1000))


# What htmx sends when Next / Previous or a column header is clicked: the view answers with
# the results part of the page only (no filter form).
HTMX = {"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "list-results"}


class Bench:
    def __init__(self, client, user, raw, samples, show_plans):
        self.client, self.user, self.raw, self.samples, self.show_plans = client, user, raw, samples, show_plans
        self.results = {}

    def get(self, url, headers=None):
        response = self.client.get(url, headers=headers)
        assert response.status_code in (200, 302), (url, response.status_code)
        assert response.status_code == 200 or not response.url.startswith(settings.LOGIN_URL), "signed out"
        return response

    def case(self, key, label, url, main=None, *, search_case=False, list_case=False, headers=None):
        """Measure ``url`` and, when given, its main queryset ``main``."""
        started = time.perf_counter()
        response = self.get(url, headers)
        # Slow pages (above 300 ms) get the minimum of 20 samples, to keep the run in minutes.
        samples = self.samples if time.perf_counter() - started < 0.3 else min(self.samples, 20)
        server = timings(lambda: self.get(url, headers), samples)
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            response = self.get(url, headers)
        kinds = [kind_of_query(query["sql"]) for query in captured.captured_queries]
        data = [(name_of_query(sql), ms) for sql, ms in timer.queries if kind_of_query(sql) != "overhead"]
        data_ms = sum(ms for _, ms in data)
        result = {
            "label": label,
            "url": url,
            "status": response.status_code,
            "server": server,
            "queries": len(kinds),
            "rows_queries": kinds.count("rows"),
            "other_queries": kinds.count("other"),
            "overhead_queries": kinds.count("overhead"),
            "data_ms": data_ms,
            "search": search_case,
            "list": list_case,
        }
        where = f" -> {response.url}" if response.status_code == 302 else ""
        htmx = " (htmx: the results part)" if headers else ""
        print(f"\n{label}\n  GET {url}{htmx}  HTTP {response.status_code}{where}")
        print(f"  server          median {server[0]:8.1f} ms   p95 {server[1]:8.1f} ms   ({samples} requests)")
        print(
            f"  queries         {len(kinds)} per request: {kinds.count('rows')} on the customer table"
            f" + {kinds.count('other')} on other customers_* tables + {kinds.count('overhead')} session/auth/OTP"
        )
        print(f"  data queries    {' + '.join(f'{name} {ms:.1f}' for name, ms in data)} = {data_ms:.1f} ms")
        if main is not None:
            sql, params = main.query.sql_with_params()
            composed = connection.ops.compose_sql(sql, params)
            same = any(query["sql"] == composed for query in captured.captured_queries)
            django_time = timings(lambda: list(main.all()), samples)

            def raw_run():
                with self.raw.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()

            raw_time = timings(raw_run, samples)
            result.update(rows=len(raw_run()), main_django=django_time, main_raw=raw_time, same_sql=same)
            print(
                f"  main query      queryset median {django_time[0]:6.1f} ms  p95 {django_time[1]:6.1f} ms"
                f" | raw psycopg median {raw_time[0]:6.1f} ms  p95 {raw_time[1]:6.1f} ms"
                f" | {result['rows']} rows | the request ran this SQL: {'yes' if same else 'NO'}"
            )
            plan = explain(self.raw, sql, params)
            result["plan"] = plan
            used = ", ".join(f"{name} ({scan})" for name, scan in plan["indexes"]) or "none"
            print(
                f"  EXPLAIN         trigram index {'USED' if plan['trigram'] else 'not used'};"
                f" indexes: {used}; seq scans: {', '.join(plan['seq']) or 'none'};"
                f" sorts: {', '.join(plan['sorts']) or 'none'}; execution {plan['execution']:.1f} ms"
            )
            print(f"                  buffers (top node): {plan['buffers']}")
            if self.show_plans:
                print("    " + plan["text"].replace("\n", "\n    "))
        self.results[key] = result
        return response


def signed_in_client():
    client = client_for("perf-customers", SUPPORT_AGENT)
    return client, StaffUser.objects.get(username="perf-customers")


def list_queryset(view_class, user, params):
    """The rows a list page reads, ordered as the page orders them (the view's own ``filtered``)."""
    request = RequestFactory().get("/", params)
    request.user = user
    view = view_class()
    view.setup(request)
    return view.filtered(request)[2]


def page_rows(ordered, *, page=1, after=""):
    """The query ``backoffice.pagination.paginate`` runs for the rows of a page."""
    per_page = settings.LIST_PAGE_SIZE
    if after:
        return ordered.filter(beyond(ordering_of(ordered), decode_cursor(after), forward=True))[: per_page + 1]
    offset = (page - 1) * per_page
    return ordered[offset : offset + per_page + 1]


def cursor_before(ordered, row):
    """The "after" cursor that opens the page starting at the ``row``-th row of ``ordered``."""
    return cursor_for(ordered[row - 1], ordering_of(ordered))


NEXT_LINK = re.compile(r'href="\?([^"]*)" rel="next"')


def next_link(response):
    """The query string of the page's Next link."""
    return html.unescape(NEXT_LINK.search(response.content.decode()).group(1))


def walk(ordered, pages):
    """The cursor page ``pages - 1``'s Next link carries, reached by following Next from page 1."""
    token = ""
    for number in range(1, pages):
        token = paginate(ordered, page_number=number, after=token).next_cursor
    return token


def national(phone):
    """+33612345678 -> 06 12 34 56 78 (French mobile numbers)."""
    digits = "0" + phone.removeprefix("+33")
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def commit():
    """The commit measured (read only: rev-parse neither locks nor refreshes the index)."""
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            cwd=os.path.dirname(os.path.abspath(__file__)),
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"


def typed_without_umlauts(text):
    """As someone without the letters types it: Köberl → Koeberl."""
    return text.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe", "Ä": "Ae", "Ö": "Oe"}))


def omnibox(user, query):
    """The query ``selectors.find_customers`` runs (tests/perf/omnibox_terms.py measures it across
    the frequency range of its terms)."""
    return search.newest_matching(selectors.customer_rows(user), query, selectors.SEARCH_LIMIT + 1)


def mark(ok):
    return "PASS" if ok else "FAIL"


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is migrated and filled).")
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    target = int(arguments[0]) if arguments else 1_000_000
    samples = int(arguments[1]) if len(arguments) > 1 else 30
    seed(target)

    client, user = signed_in_client()
    # Never prepared: psycopg prepares a query run 5 times, and PostgreSQL then may switch to a
    # generic plan, which cannot use the trigram index for "LIKE $1" (not what Django does).
    raw = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, prepare_threshold=None)
    bench = Bench(client, user, raw, samples, "--plans" in sys.argv)
    total = Customer.objects.count()
    print(f"\n{total:,} customers, code at {commit()}. Times in ms; queries counted for one request.")

    # The customers the cases look for, picked deterministically from the data.
    persons = Customer.objects.filter(kind=Kind.PERSON).order_by("pk")
    person_count = persons.count()
    someone = persons[min(123_456, person_count // 2)]
    french = persons.filter(country="FR")[min(54_321, person_count // 40)]
    # Page 2,000 (fewer on a small table), reached by its cursor and by OFFSET.
    deep_page = min(DEEP_PAGE, person_count // (2 * settings.LIST_PAGE_SIZE))
    deep_row = (deep_page - 1) * settings.LIST_PAGE_SIZE
    rows_label = f"page {deep_page:,}, rows {deep_row + 1:,}-{deep_row + settings.LIST_PAGE_SIZE:,}"
    rare = f"{someone.last_name} {someone.first_name}"
    # A company name with a word under three letters, typed whole ("Prystupa Sp. z o.o."), and a
    # person with ä, ö, ü, å or ø in the surname, typed transliterated ("Koeberl").
    short_worded = (
        Customer.objects.exclude(kind=Kind.PERSON)
        .filter(legal_name__regex=r"(^| )[^ ]{1,2}( |$)")
        .order_by("pk")
        .first()
    )
    umlauted = persons.filter(last_name__regex="[äöüåøÄÖÜÅØ]").first()

    print("\n=== The omnibox (/search/?q=) ===")
    for key, label, query in (
        ("search_rare", f"rare term (a surname and first name): {rare!r}", rare),
        ("search_common", "common term: 'mar'", "mar"),
        ("search_martin", "common term: 'martin'", "martin"),
        ("search_short", "short term: 'du'", "du"),
        ("search_email", f"exact email: {someone.primary_email!r}", someone.primary_email),
        ("search_phone", f"phone, national format: {national(french.primary_phone)!r}", national(french.primary_phone)),
        (
            "search_phone_digits",
            f"phone, national format without spaces: {national(french.primary_phone).replace(' ', '')!r}",
            national(french.primary_phone).replace(" ", ""),
        ),
        ("search_id", f"customer id: {someone.pk}", str(someone.pk)),
        *(
            [
                (
                    "search_short_words",
                    f"company name with short words: {short_worded.legal_name!r}",
                    short_worded.legal_name,
                )
            ]
            if short_worded
            else []
        ),
        *(
            [
                (
                    "search_transliterated",
                    f"transliterated surname: {typed_without_umlauts(umlauted.last_name)!r}",
                    typed_without_umlauts(f"{umlauted.last_name} {umlauted.first_name}"),
                )
            ]
            if umlauted
            else []
        ),
    ):
        bench.case(
            key, f"omnibox, {label}", "/search/?" + urlencode({"q": query}), omnibox(user, query), search_case=True
        )

    print("\n=== The lists ===")
    persons_url = "/customers/persons/"
    everyone = list_queryset(PersonListView, user, {})
    response = bench.case("list_page1", "persons, page 1", persons_url, page_rows(everyone), list_case=True)
    second = next_link(response)
    bench.case(
        "list_page2",
        "persons, page 2 (page 1's Next link)",
        f"{persons_url}?{second}",
        page_rows(everyone, after=parse_qs(second)["after"][0]),
        list_case=True,
    )
    # The deep page as a user reaches it: Next, again and again (through paginate(), to be quick).
    started = time.perf_counter()
    walked = walk(everyone, deep_page)
    same = walked == cursor_before(everyone, deep_row)
    print(
        f"\n(Followed Next {deep_page - 1:,} times in {time.perf_counter() - started:.0f} s; the cursor it reached"
        f" is the one built from row {deep_row + 1:,} of the ordering: {same})"
    )
    deep_url = f"{persons_url}?{urlencode({'page': deep_page, 'after': walked})}"
    bench.case(
        "list_deep",
        f"persons, {rows_label}, through Next's cursor",
        deep_url,
        page_rows(everyone, after=walked),
        list_case=True,
    )
    with override_settings(LIST_MAX_TYPED_PAGE=deep_page):  # the list refuses it: lifted to compare
        bench.case(
            "list_offset",
            f"persons, the same page by OFFSET (?page={deep_page}, to compare; the list refuses it)",
            f"{persons_url}?page={deep_page}",
            page_rows(everyone, page=deep_page),
            list_case=True,
        )
    bench.case(
        "list_page1_htmx", "persons, page 1, htmx", persons_url, page_rows(everyone), list_case=True, headers=HTMX
    )
    bench.case(
        "list_deep_htmx",
        f"persons, {rows_label} through Next's cursor, htmx (what clicking Next loads)",
        deep_url,
        page_rows(everyone, after=walked),
        list_case=True,
        headers=HTMX,
    )
    for key, label, params in (
        ("list_state", "persons, ?state=active", {"state": "active"}),
        ("list_country_state", "persons, ?country=FR&state=active", {"country": "FR", "state": "active"}),
        ("list_last_name", "persons, ?last_name=mar", {"last_name": "mar"}),
        ("list_first_name", "persons, ?first_name=anna", {"first_name": "anna"}),
        ("list_email", "persons, ?email=<an exact address>", {"email": someone.primary_email}),
    ):
        bench.case(
            key,
            label,
            f"{persons_url}?{urlencode(params)}",
            page_rows(list_queryset(PersonListView, user, params)),
            list_case=True,
        )
    by_name = list_queryset(PersonListView, user, {"sort": "name"})
    bench.case(
        "name_page1", "persons, ?sort=name page 1", f"{persons_url}?sort=name", page_rows(by_name), list_case=True
    )
    deep_name = cursor_before(by_name, deep_row)
    check = page_rows(by_name, after=deep_name)[0].pk == by_name[deep_row].pk
    bench.case(
        "name_deep",
        f"persons, ?sort=name, {rows_label} by cursor (cursor checked: {check})",
        f"{persons_url}?{urlencode({'sort': 'name', 'page': deep_page, 'after': deep_name})}",
        page_rows(by_name, after=deep_name),
        list_case=True,
    )
    with override_settings(LIST_MAX_TYPED_PAGE=deep_page):
        bench.case(
            "name_offset",
            f"persons, ?sort=name, the same page by OFFSET (?page={deep_page}, to compare; the list refuses it)",
            f"{persons_url}?sort=name&page={deep_page}",
            page_rows(by_name, page=deep_page),
            list_case=True,
        )
    bench.case(
        "all_page1",
        "all customers (/customers/), page 1",
        "/customers/",
        page_rows(list_queryset(CustomerListView, user, {})),
        list_case=True,
    )

    print("\n=== Queries per list page, by page size (LIST_PAGE_SIZE) ===")
    page_size_counts = {}
    for size in (10, 50, 200):
        with override_settings(LIST_PAGE_SIZE=size), CaptureQueriesContext(connection) as captured:
            bench.get(persons_url)
            bench.get(f"{persons_url}?{urlencode({'sort': 'name', 'page': deep_page, 'after': deep_name})}")
        kinds = [kind_of_query(query["sql"]) for query in captured.captured_queries]
        page_size_counts[size] = (kinds.count("rows"), kinds.count("other"), kinds.count("overhead"))
        print(
            f"  {size:>3} rows a page: persons page 1 + a deep ?sort=name page ran {kinds.count('rows')} queries on"
            f" the customer table, {kinds.count('other')} on other customers_* tables,"
            f" {kinds.count('overhead')} session/auth"
        )

    print("\n=== The profile ===")
    bench.case(
        "profile",
        f"profile of customer {someone.pk}",
        f"/customers/{someone.pk}/",
        # What customer_for_profile's get_object_or_404 runs.
        selectors.customers_visible_to(user)
        .select_related("person_type", "company_type", "price_list", "created_by")
        .filter(pk=someone.pk)
        .order_by()[:21],
    )

    report(bench.results, page_size_counts)
    raw.close()


def report(results, page_size_counts):
    print("\n=== Summary (markdown) ===\n")
    print(
        "| case | HTTP | server median / p95 | queries: customer table + other customers_* tables + session/auth |"
        " data queries' DB time | main query: queryset median / p95 | same SQL in raw psycopg: median / p95 |"
        " EXPLAIN: indexes, execution |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for result in results.values():
        main = raw = plan = "-"
        if "main_django" in result:
            main = f"{result['main_django'][0]:.1f} / {result['main_django'][1]:.1f}"
            raw = f"{result['main_raw'][0]:.1f} / {result['main_raw'][1]:.1f}"
            names = [name for name, _ in result["plan"]["indexes"] if not name.startswith("customers_contact")]
            plan = ", ".join(f"`{name}`" for name in names) or "none"
            if result["plan"]["seq"]:
                plan += " + seq scan " + ", ".join(result["plan"]["seq"])
            plan += f"; {result['plan']['execution']:.1f}"
        print(
            f"| {result['label']} | {result['status']} | {result['server'][0]:.1f} / {result['server'][1]:.1f} |"
            f" {result['rows_queries']} + {result['other_queries']} + {result['overhead_queries']} |"
            f" {result['data_ms']:.1f} | {main} | {raw} | {plan} |"
        )

    print("\n=== Targets ===")
    for result in results.values():
        if result["search"]:
            p95 = result["main_django"][1]
            print(
                f"  [{mark(p95 <= SEARCH_P95_MS)}] search DB time p95 <= {SEARCH_P95_MS} ms: {result['label']}:"
                f" {p95:.1f} ms through the queryset (raw psycopg {result['main_raw'][1]:.1f} ms)"
            )
    for result in results.values():
        if result["search"] or result["list"]:
            count = result["rows_queries"] + result["other_queries"]
            print(
                f"  [{mark(count <= DATA_QUERIES)}] <= {DATA_QUERIES} data queries: {result['label']}: {count}"
                f" ({result['rows_queries']} on the customer table + {result['other_queries']} other)"
            )
    constant = len({counts[:2] for counts in page_size_counts.values()}) == 1
    print(
        f"  [{mark(constant)}] the same data queries whatever the page size (customer table + other):"
        f" {', '.join(f'{size} rows: {counts[0]} + {counts[1]}' for size, counts in page_size_counts.items())}"
    )
    for deep, first in (
        ("list_page2", "list_page1"),
        ("list_deep", "list_page1"),
        ("list_deep_htmx", "list_page1_htmx"),
        ("name_deep", "name_page1"),
    ):
        ratio = results[deep]["server"][0] / results[first]["server"][0]
        db_ratio = results[deep]["main_raw"][0] / results[first]["main_raw"][0]
        print(
            f"  [{mark(ratio <= DEEP_FACTOR)}] deep page <= {DEEP_FACTOR}x page 1: {results[deep]['label']}:"
            f" server {ratio:.2f}x, main query {db_ratio:.2f}x"
        )
    for offset, first in (("list_offset", "list_page1"), ("name_offset", "name_page1")):
        ratio = results[offset]["server"][0] / results[first]["server"][0]
        db_ratio = results[offset]["main_raw"][0] / results[first]["main_raw"][0]
        print(f"  [info] {results[offset]['label']}: server {ratio:.2f}x page 1, main query {db_ratio:.2f}x")


if __name__ == "__main__":
    main()
