"""Grant the application's database role what it needs, and no more (PostgreSQL; run as the
tables' owner, after each ``migrate``). See docs/operations.md, "Two database roles"."""

from django.core.management import BaseCommand, CommandError
from django.db import connection, transaction

from backoffice.db_roles import app_role_grants, grant_app_role


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role its rights on the tables (run as their owner)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the application connects as, e.g. backoffice_app.")
        parser.add_argument(
            "--print", dest="print_only", action="store_true", help="Print the SQL instead of running it."
        )

    def handle(self, *args, role, print_only, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are PostgreSQL's; this database is " + connection.vendor + ".")
        if print_only:
            self.stdout.write(";\n".join(app_role_grants(role)) + ";")
            return
        with transaction.atomic():
            grant_app_role(role)
        self.stdout.write(self.style.SUCCESS(f"{role} may read and write the tables; only append to the audit log."))
