"""The dossier's command (``backoffice.commands``): asking for a customer's regulator dossier.

A dossier puts the whole customer, as the requester may see them, in one file that leaves the
panel: it is asked with a reason (kept in the audit log with the request, and the built file's
SHA-256 beside it). It changes nothing about the customer, so it runs at once by default; it may
wait (``may_wait``): administrators can make it need a second person on the rules page, as any
command. It stays possible on a deactivated customer (whose profile is only read): a regulator
asks about former customers too."""

from backoffice.commands import Command, commands

EXPORT_DOSSIER = "customers.export_dossier"
NAME = "customers.dossier.request"


def register_dossier_command() -> None:
    commands.register(
        Command(
            name=NAME,
            label="Regulator dossier (PDF)",
            permission=EXPORT_DOSSIER,
            service="customers.services.dossiers.request_dossier",
            form="customers.forms.dossiers.DossierRequestForm",
            effect=(
                "A PDF of the whole customer as your role may see it (identity, relationships, KYC history, documents "
                "with their SHA-256, screening, restrictions, audit timeline) is built in the background. The request, "
                "the file's SHA-256 and each download are kept in the audit log."
            ),
            target_model="customers.customer",
            target_argument="customer",
            tab="history",
            danger=False,
            # That a regulator asked is not for support agents (tipping-off): a request waiting
            # for a second person is hidden from roles that may not see confidential data, as
            # the dossier's audit entries are (``services.dossiers.record_dossier``).
            confidential=True,
            submit_label="Build the dossier",
            # What a request waiting for a second person is compared on: nothing the dossier
            # depends on (it reads the customer when it is built), so a profile edit meanwhile
            # does not void the approval.
            compared=("kind",),
        )
    )
