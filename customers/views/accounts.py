"""One account's page: its details and its transactions, filtered, paged by keyset (a deep page
of a 100 000-row history costs what the first does) and exportable."""

from __future__ import annotations

from django.urls import reverse

from backoffice import board
from backoffice.commands import commands
from backoffice.views.generic import FilteredListView

from ..filtersets import TransactionFilterSet
from ..masking import masked_iban, sees_full_pii
from ..selectors import holdings, sees_confidential
from ..services.accounts import ACCOUNT_TRANSITIONS
from ..tables import TransactionTable
from .profile import CustomerMixin


class AccountView(CustomerMixin, FilteredListView):
    help_page = "accounts"
    template_name = "customers/account.html"
    table_class = TransactionTable
    filterset_class = TransactionFilterSet
    export_action = "customers.transactions.exported"
    export_stem = "transactions"

    def load_objects(self):
        super().load_objects()
        self.account = holdings.account_of(self.customer, self.kwargs["account"])

    @property
    def title(self):
        return f"{self.account.name} · {self.account.number}"

    def get(self, request, *args, **kwargs):
        board.remember(request, self.customer.pk, "accounts")  # an account page keeps its owner open
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return holdings.transactions_of(self.account)

    def get_table_kwargs(self):
        return {"viewer": self.request.user}

    def get_context_data(self, **kwargs):
        from ..commands import ACCOUNT_SLUGS  # the commands module imports the views

        user, actions = self.request.user, []
        for slug, name in ACCOUNT_SLUGS.items():
            command = commands.get(name)
            if not user.has_perm(command.permission) or self.account.status not in ACCOUNT_TRANSITIONS[slug]:
                continue  # not theirs, or not from this status: no button
            url = reverse(f"customer-account-{slug}", args=[self.customer.pk, self.account.pk])
            actions.append((url, command.label, command.refused(self.account)))  # a refusal: why not yet
        return super().get_context_data(
            account=self.account,
            account_actions=actions,
            stopped=holdings.account_stopped(self.account),
            sees_reason=sees_confidential(user),
            iban=masked_iban(self.account.iban, self.request.user),
            full_pii=sees_full_pii(self.request.user),
            back_url=self.profile_url("accounts"),
            back_label=str(self.customer),
            **kwargs,
        )

    def export_audit_details(self):
        # The owner's history shows who exported the account, also through a co-holder's profile.
        return {"customer_id": self.account.customer_id, "target": self.account}
