"""Set a staff member's roles from the command line (audited as ``system:command:setstaffroles``)."""

from django.core.management import BaseCommand, CommandError

from backoffice import audit, services
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from backoffice.roles import ROLES


class Command(BaseCommand):
    help = "Replace a staff member's roles."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role", action="append", choices=ROLES, default=[], help="Repeat; none removes all roles."
        )

    def handle(self, *args, username, role, **options):
        staff = StaffUser.objects.filter(username=username).first()
        if staff is None:
            raise CommandError(f"No staff member is called {username!r}.")
        if set(staff.role_names) == set(role):
            self.stdout.write(f"{username} already holds: {', '.join(sorted(role)) or 'no role'}.")
            return
        try:
            services.set_staff_roles(actor=audit.SystemActor("command:setstaffroles"), staff=staff, roles=role)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"{username} now holds: {', '.join(sorted(role)) or 'no role'}."))
