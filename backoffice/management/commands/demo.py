"""Fill the database with demo data and, with ``--serve``, run the panel at http://127.0.0.1:8000.

Idempotent: running it again keeps what exists. Staff accounts: ``support``, ``compliance`` and
``admin`` (one per role), password ``backoffice-demo``. Apps add their own demo data with
``backoffice.demo.register_demo_step``.
"""

import os
import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from backoffice import audit, in_process_tasks
from backoffice.celery import app as celery_app
from backoffice.demo import DEMO_ACCOUNTS, DEMO_CUSTOMERS, demo_steps
from backoffice.in_process_beat import InProcessBeat
from backoffice.models import StaffUser

ACTOR = audit.SystemActor("command:demo")


def base_url_of(addrport: str) -> str:
    """The address a browser on this machine opens for runserver's ``addrport``: ``8611`` and
    ``0.0.0.0:8611`` → ``http://127.0.0.1:8611``, ``[::]:8611`` → ``http://[::1]:8611``."""
    host, _, port = addrport.rpartition(":") if ":" in addrport and not addrport.endswith("]") else ("", "", addrport)
    if not re.fullmatch(r"\d+", port):
        host, port = addrport, "8000"
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "0": "127.0.0.1", "[::]": "[::1]"}.get(host, host)  # noqa: S104
    return f"http://{host}:{port}"


def point_base_urls_at(addrport: str) -> None:
    """The links the served demo hands out (emails, the live verification's sandbox page and its
    webhooks) go to where it is served, unless PANEL_BASE_URL or LIVENESS_SANDBOX_BASE_URL is set
    (the sandbox's address follows the panel's when only that one is)."""
    if "PANEL_BASE_URL" not in os.environ:
        settings.PANEL_BASE_URL = base_url_of(addrport)
    if "LIVENESS_SANDBOX_BASE_URL" not in os.environ:
        settings.LIVENESS_SANDBOX_BASE_URL = settings.PANEL_BASE_URL


def start_in_process_beat(*, stdout=None) -> InProcessBeat | None:
    """With tasks run in-process (no REDIS_URL: ``backoffice.in_process_tasks``) nothing runs the
    beat schedule: the served demo runs it in a thread (liveness documents asked again, webhook
    deliveries retried, jobs requeued). With a broker, run ``celery worker`` and ``celery beat``
    as in production."""
    if not in_process_tasks.no_broker(celery_app):
        return None
    beat = InProcessBeat(settings.CELERY_BEAT_SCHEDULE).start()
    if stdout is not None:
        stdout.write(f"The beat schedule runs in-process ({len(beat.entries)} periodic tasks).")
    return beat


class Command(BaseCommand):
    help = "Create the demo data (staff accounts, customers…) and optionally serve the panel."

    def add_arguments(self, parser):
        parser.add_argument("--serve", action="store_true", help="Run the development server afterwards.")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve (default 127.0.0.1:8000).")
        parser.add_argument(
            "--size",
            type=int,
            default=None,
            help="Add this many generated customers (bulk inserts: a million takes minutes on PostgreSQL).",
        )
        parser.add_argument(
            "--customers",
            type=int,
            default=DEMO_CUSTOMERS,
            help=f"How many customers a new demo has (default {DEMO_CUSTOMERS}); its KYC reviews, restrictions "
            "and company groups follow in proportion. Ignored once the demo exists (--size adds more). "
            "The browser tests use a small one.",
        )

    def handle(self, *args, serve, addrport, size, customers, **options):
        if not settings.DEBUG:
            raise CommandError("The demo creates accounts whose password is published: it runs only with DEBUG=true.")
        if customers < 1:
            raise CommandError("--customers must be at least 1.")
        if serve:
            point_base_urls_at(addrport)
        call_command("migrate", interactive=False, verbosity=0)
        self.create_staff_accounts()
        for step in demo_steps():
            step(stdout=self.stdout, size=size, customers=customers)
        if serve:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Open {base_url_of(addrport)}/ and sign in as support, compliance or admin "
                    f"(password {settings.DEMO_PASSWORD})."
                )
            )
            beat = start_in_process_beat(stdout=self.stdout)
            try:
                call_command("runserver", addrport, use_reloader=False)
            finally:
                if beat is not None:
                    beat.stop()

    @transaction.atomic
    def create_staff_accounts(self):
        for username, first_name, last_name, role in DEMO_ACCOUNTS:
            if StaffUser.objects.filter(username=username).exists():
                continue
            user = StaffUser(
                username=username, first_name=first_name, last_name=last_name, email=f"{username}@backoffice.local"
            )
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            user.groups.set(Group.objects.filter(name=role))
            audit.record(
                action="staff.created", actor=ACTOR, target=user, changes={"roles": [None, [role]]}, reason="demo data"
            )
            self.stdout.write(f"Created the demo account {username} ({role}).")
