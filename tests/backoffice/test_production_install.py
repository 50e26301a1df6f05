"""The production install has no dev dependencies: the panel must start without them.
(`scripts/production_check`, run by CI, proves the whole install on a clean venv.)"""

import subprocess
import sys

from django.conf import settings

# Imports the project as a production server would, with Faker (a dev dependency) made
# unimportable, then runs ``then``.
WITHOUT_DEV_PACKAGES = """
import sys
sys.modules["faker"] = None
import django
django.setup()
{then}
print("started")
"""


def run_without_dev_packages(then: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_DEV_PACKAGES.format(then=then)],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "backoffice.settings", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_the_panel_starts_without_the_dev_dependencies():
    result = run_without_dev_packages('from django.core.management import call_command\ncall_command("check")')
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_the_demo_says_what_is_missing_without_the_dev_dependencies():
    result = run_without_dev_packages("from backoffice.demo import demo_steps\ndemo_steps()")
    assert result.returncode != 0
    assert "needs the development dependencies (faker is missing)" in result.stderr
