"""Create a staff account from the command line (the first administrator, typically).

The command line is trusted: it may grant any role. The new member receives the email with the
link to choose their password, like an account created in the panel; the change is audited
under the system actor ``system:command:createstaff``.
"""

from django.core.management import BaseCommand, CommandError

from backoffice import audit, services
from backoffice.errors import DomainError
from backoffice.roles import ROLES


class Command(BaseCommand):
    help = "Create a staff account with roles and email them the link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--role", action="append", choices=ROLES, required=True, help="Repeat for several roles.")

    def handle(self, *args, username, email, first_name, last_name, role, **options):
        try:
            staff, _ = services.create_staff_member(
                actor=audit.SystemActor("command:createstaff"),
                username=username,
                email=email,
                first_name=first_name,
                last_name=last_name,
                roles=role,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(f"Created {staff.username} ({', '.join(role)}); the invitation was emailed to {email}.")
        )
