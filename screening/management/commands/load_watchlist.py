"""``manage.py load_watchlist --format {ftm,eu-fsf,un,ofac-sdn} FILE``: load a list version from
the file its publisher published (nothing here downloads: docs/operations.md says from where and
how often). Every customer is then screened against what it added or changed (a background job;
with no broker, in this process before it exits)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backoffice.audit import SystemActor
from backoffice.errors import DomainError
from screening.models import ListSource, LoadStatus
from screening.services.lists import load_watchlist


class Command(BaseCommand):
    help = "Load a watchlist version from its published file."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=ListSource.values, dest="source")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--accept-removals",
            action="store_true",
            help="Load even if the file delists more than a fifth of the list in force (refused otherwise).",
        )

    def handle(self, *args, source, file, accept_removals=False, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            version = load_watchlist(
                actor=SystemActor("command:load_watchlist"), source=source, path=file, accept_removals=accept_removals
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        if version.status == LoadStatus.FAILED:
            raise CommandError(f"Nothing loaded: {version.error}")
        self.stdout.write(
            f"{version}: {version.total} subjects ({version.added} added, {version.changed} changed, "
            f"{version.removed} removed). Every customer is being screened against the additions and changes."
        )
