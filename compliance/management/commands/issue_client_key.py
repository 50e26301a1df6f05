"""Issue (or replace) the API key of a payment system that asks what a customer may do."""

from django.core.management.base import BaseCommand
from django.db import transaction

from backoffice.audit import SystemActor
from compliance.services.client_systems import issue_key


class Command(BaseCommand):
    help = "Issue the API key of a client system (the key is printed once; only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The client system, e.g. card-processor")

    def handle(self, *args, name, **options):
        with transaction.atomic():
            system, key = issue_key(actor=SystemActor("manage.py:issue_client_key"), name=name)
        self.stdout.write(f"API key of {system.name} (shown once, keep it in the client's secrets):\n{key}")
