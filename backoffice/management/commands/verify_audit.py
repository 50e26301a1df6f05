"""Check the audit log's hash chain and name the first entry whose link does not hold.

Exit status 0 and the chain's head (last id and seal) when every link holds; 1 and the first
broken entry otherwise. ``--anchor ID:HASH`` also checks a head noted earlier is still there with
the same seal, which catches what a chain alone cannot: the newest entries removed (or the table
truncated) by someone with the table's rights.
"""

from django.core.management import BaseCommand, CommandError

from backoffice import audit_chain
from backoffice.models import AuditEntry


def parse_anchor(text: str) -> tuple[int, str]:
    entry_id, _, seal = text.partition(":")
    if not entry_id.isdigit() or len(seal) != 64:
        raise CommandError(f"--anchor takes ID:HASH as verify_audit prints it, not {text!r}.")
    return int(entry_id), seal.lower()


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="ID:HASH",
            help="A head printed by an earlier run (kept outside the database); repeatable.",
        )

    def handle(self, *args, anchor, **options):
        anchors = [parse_anchor(text) for text in anchor]
        result = audit_chain.verify(audit_chain.rows_in_chain_order(AuditEntry.objects.all()))
        if result.broken is not None:
            broken = result.broken
            if broken.entry_id is None:
                where = f"after audit entry {result.last_id}" if result.last_id else "at the first audit entry"
            else:
                when = f"{broken.occurred_at:%Y-%m-%d %H:%M:%S%z}" if broken.occurred_at else "time unreadable"
                where = f"at audit entry {broken.entry_id} ({when}, {broken.action})"
            raise CommandError(f"Broken link {where}: {broken.problem}. {result.checked} entries before it are intact.")
        for entry_id, seal in anchors:
            if not AuditEntry.objects.filter(id=entry_id, hash=seal).exists():
                raise CommandError(
                    f"Anchor {entry_id}:{seal} is gone: audit entry {entry_id} is missing or sealed differently "
                    "(the newest entries were removed or the log rewritten)."
                )
        if result.checked == 0:
            self.stdout.write("The audit log is empty.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"{result.checked} audit entries, every link holds.")
            + f"\nHead: {result.last_id}:{result.last_hash}"
        )
