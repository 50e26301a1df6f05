"""Wall time of the README's test command and of ``.ci/run``, before and after, in one run.

    python3 tests/perf/suite_time.py                       # README command and .ci/run, before and after
    python3 tests/perf/suite_time.py --what readme         # only the README's test command
    python3 tests/perf/suite_time.py --workers 0,1,2,auto  # the README command at each worker count
    python3 tests/perf/suite_time.py --workers 0,2 --database postgresql   # the same on PostgreSQL
    python3 tests/perf/suite_time.py --workers 1,2 tests/customers         # on a part of the suite

Each revision is checked out in a temporary git worktree (``--before``, by default the last commit
before the suite was made parallel; ``--after``, by default HEAD) with its locked dependencies
installed before the clock starts; the measurements alternate between the revisions (after, before,
then before, after), so a busier minute of the machine weighs on both. The README's command runs as a newcomer would (no
``DATABASE_URL`` nor ``REDIS_URL``: SQLite, tasks in-process; the browser tests run when Debian's
chromium is installed); ``.ci/run`` runs as CI does (it starts PostgreSQL and Redis if needed).
The worker comparison runs one revision (``--after``) with ``-n`` set to each count; with
``--database postgresql`` against ``DATABASE_URL``/``REDIS_URL`` (defaults: this machine's).

Prints one line per run (wall time, tests passed and skipped), then the ratios. Nothing is timed
inside the suite itself: this script is the measurement (docs/performance.md has the figures).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The last commit before issue 15 (a faster suite): the "before" of docs/performance.md.
BEFORE = "7727dfd"
SUMMARY = re.compile(r"^=*\s*(\d+ (?:passed|failed|error).*?) in [\d.]+s", re.MULTILINE)
GIT = shutil.which("git") or "git"
UV = [sys.executable, "-m", "uv"] if shutil.which("uv") is None else [shutil.which("uv") or "uv"]
PG_URL = "postgresql://postgres:postgres@127.0.0.1:5432/backoffice"
REDIS_URL = "redis://127.0.0.1:6379/15"


def checkout(revision: str, into: Path) -> Path:
    """A worktree of ``revision`` with its locked dependencies installed (not timed)."""
    path = into / revision.replace("/", "_")
    subprocess.run([GIT, "-C", ROOT, "worktree", "add", "--detach", "--force", path, revision], check=True)
    subprocess.run([GIT, "-C", path, "log", "--oneline", "-1"], check=True)
    environment = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run([*UV, "sync", "--frozen", "--quiet"], cwd=path, check=True, env=environment)
    return path


def counts(output: str) -> str:
    found = SUMMARY.findall(output)
    return "; ".join(found) if found else "no pytest summary"


def timed(label: str, command: list[str], cwd: Path, environment: dict[str, str]) -> float:
    """Run ``command``, print its wall time and pytest summaries; its output goes to a log."""
    log = Path(tempfile.gettempdir()) / f"suite_time-{re.sub(r'[^A-Za-z0-9]+', '-', label)}.log"
    started = time.monotonic()
    with log.open("w") as out:
        result = subprocess.run(command, cwd=cwd, env=environment, stdout=out, stderr=subprocess.STDOUT, check=False)
    wall = time.monotonic() - started
    status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode}, see {log})"
    print(f"{label:<44} {wall:8.1f} s  {status}  [{counts(log.read_text(errors='replace'))}]", flush=True)
    return wall


def newcomer_environment(**extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "CI")}
    return {**environment, "UV_PYTHON_DOWNLOADS": "never", **extra}


def readme_command(workers: str | None = None, paths: tuple[str, ...] = ()) -> list[str]:
    command = ["./scripts/test", "-p", "no:cacheprovider", "-q", *paths]
    return [*command, "-n", workers] if workers is not None else command


def compare_revisions(before: str, after: str, what: list[str], into: Path) -> None:
    paths = {before: checkout(before, into), after: checkout(after, into)}
    walls: dict[tuple[str, str], float] = {}
    for index, kind in enumerate(what):
        for revision in (after, before) if index % 2 == 0 else (before, after):  # neither always first
            if kind == "readme":
                command, environment = readme_command(), newcomer_environment()
            else:
                command, environment = [".ci/run"], newcomer_environment(CI="true")
            walls[kind, revision] = timed(f"{kind} @ {revision}", command, paths[revision], environment)
    for kind in what:
        ratio = walls[kind, after] / walls[kind, before]
        print(f"{kind}: {walls[kind, before]:.0f} s → {walls[kind, after]:.0f} s, {ratio:.2f}× the time before")


def compare_workers(revision: str, workers: list[str], database: str, paths: tuple[str, ...], into: Path) -> None:
    path = checkout(revision, into)
    environment = newcomer_environment()
    if database == "postgresql":
        environment.update(
            CI="true",
            DATABASE_URL=os.environ.get("DATABASE_URL", PG_URL),
            REDIS_URL=os.environ.get("REDIS_URL", REDIS_URL),
            DJANGO_ALLOW_ASYNC_UNSAFE="true",
        )
    walls = {
        n: timed(f"-n {n} on {database} @ {revision}", readme_command(n, paths), path, environment) for n in workers
    }
    slowest = max(walls.values())
    for n, wall in walls.items():
        print(f"-n {n:<5} {wall:7.1f} s  {wall / slowest:.2f}× the slowest")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--what", default="readme,ci", help="readme, ci or both (comma-separated)")
    parser.add_argument("--workers", help="compare worker counts instead, e.g. 0,1,2,auto")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("paths", nargs="*", help="with --workers: only these test paths (default: the whole suite)")
    arguments = parser.parse_args()
    after = subprocess.run(
        [GIT, "-C", ROOT, "rev-parse", "--short", arguments.after], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="suite-time-") as folder:
        try:
            if arguments.workers:
                workers, paths = arguments.workers.split(","), tuple(arguments.paths)
                compare_workers(after, workers, arguments.database, paths, Path(folder))
            else:
                compare_revisions(arguments.before, after, arguments.what.split(","), Path(folder))
        finally:
            subprocess.run([GIT, "-C", ROOT, "worktree", "prune"], check=False)


if __name__ == "__main__":
    main()
