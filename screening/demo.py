"""The demo's screening: a small fictional list (``demo_data/fictional_list.ftm.json``: every
name invented), and the names of a few demo persons changed to subjects it lists, spelled as
customers' files spell them, so ``/screening/`` has hits to review; every customer screened
against it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction

from backoffice.audit import SystemActor
from backoffice.demo import DEMO_CUSTOMERS
from customers.choices import Status
from customers.models import Customer
from customers.services import update_identity

from .models import ListVersion, LoadStatus
from .services.lists import load_watchlist
from .services.screen import rescreen_version

DEMO = SystemActor("demo")
LIST = Path(__file__).parent / "demo_data" / "fictional_list.ftm.json"
# (first name, last name, birth date, nationality): a transliteration, a missing patronymic and
# another order of the names on the list; a namesake born elsewhere and later is not a hit.
LISTED_CUSTOMERS = (
    ("Iwan", "Sidorow", date(1965, 3, 12), "RU"),
    ("Layla", "Hadad", date(1979, 8, 3), "SY"),
    ("Nadiya", "Petrenko", date(1990, 4, 21), "UA"),
    ("Boris", "Grigoriev", date(1994, 2, 2), "FR"),
)


def create_demo_screening(*, stdout, size: int | None = None, customers: int = DEMO_CUSTOMERS) -> None:
    if ListVersion.objects.filter(status=LoadStatus.LOADED).exists():
        stdout.write("Screening: already there.")
        return
    # The demo's last persons take the names the list spells otherwise (``--customers`` stays the
    # number of customers).
    persons = Customer.objects.persons().exclude(status=Status.CANCELED).filter(is_frozen=False).order_by("-pk")
    with transaction.atomic():
        for person, (first, last, born, nationality) in zip(persons, LISTED_CUSTOMERS, strict=False):
            update_identity(
                actor=DEMO, customer=person, first_name=first, last_name=last, birth_date=born, nationality=nationality
            )
    version = load_watchlist(actor=DEMO, source="ftm", path=LIST, file_name="Fictional demo list")
    rescreen_version(version.pk)  # at once: the demo's pages show the hits when it is served
    version.refresh_from_db()
    stdout.write(f"Screening: {version.total} listed subjects (fictional), {version.rescreened} customers screened.")
