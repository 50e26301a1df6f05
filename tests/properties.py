"""Hypothesis settings for the property tests (``tests/<app>/test_*_properties.py``), which import
this module before they declare a property, so that the profile below is the one they run with.

- ``ci`` (loaded when ``CI=true``): the same examples on every run (``derandomize``), no example
  database to carry between runs, and a failure printed with the blob that reproduces it
  (``@reproduce_failure``), since a CI log is all one has.
- ``dev`` (elsewhere): random examples, Hypothesis's default number of them, and failures
  remembered in ``.hypothesis/`` (git-ignored) to be tried first next time.

Neither has a deadline: the machine is shared, and a slow example is no failure. Properties that
touch the database ask for fewer examples (``DATABASE_EXAMPLES``): each costs queries.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")

# Examples for a property whose every example reads and writes rows (the suite's budget: all
# the property tests together well under 30 s on SQLite, on one core).
DATABASE_EXAMPLES = 15


class Viewer:
    """A staff member who may, or may not, see personal data whole (for the masking properties)."""

    def __init__(self, *, full_pii: bool):
        self.full_pii = full_pii

    def has_perm(self, permission: str) -> bool:
        return self.full_pii and permission == "customers.view_full_pii"


AGENT, OFFICER = Viewer(full_pii=False), Viewer(full_pii=True)
