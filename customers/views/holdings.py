"""Every customer's holdings in one list each (issue 21; Treezor's All Cards and All Card
Transactions, search by wallet): ``/accounts/``, ``/cards/``, ``/transactions/``. The same
masking as the profile (an IBAN's middle for support agents), each row linking into it, keyset
paging and exports as every list."""

from __future__ import annotations

from backoffice.views.generic import FilteredListView

from ..filtersets import AccountFilterSet, AllTransactionFilterSet, CardFilterSet
from ..selectors import holdings
from ..tables import AccountTable, AllTransactionTable, CardTable
from .permissions import BROWSE

HOLDINGS_LISTS = (("account-list", "Accounts"), ("card-list", "Cards"), ("transaction-list", "Transactions"))


class HoldingsListView(FilteredListView):
    permission_required = BROWSE
    template_name = "customers/holdings_list.html"

    def get_table_kwargs(self):
        return {"viewer": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(holdings_lists=HOLDINGS_LISTS, **kwargs)


class AccountListView(HoldingsListView):
    help_page = "accounts"
    title = "Accounts"
    table_class = AccountTable
    filterset_class = AccountFilterSet
    export_stem = "accounts"
    export_action = "customers.accounts.exported"
    unsaved_filters = ("number",)

    def get_queryset(self):
        return holdings.account_rows(self.request.user)


class CardListView(HoldingsListView):
    help_page = "cards"
    title = "Cards"
    table_class = CardTable
    filterset_class = CardFilterSet
    export_stem = "cards"
    export_action = "customers.cards.exported"

    def get_queryset(self):
        return holdings.card_rows(self.request.user)


class TransactionListView(HoldingsListView):
    help_page = "transactions"
    title = "Transactions"
    table_class = AllTransactionTable
    filterset_class = AllTransactionFilterSet
    export_stem = "transactions"
    export_action = "customers.transactions.exported"
    unsaved_filters = ("counterparty_iban",)

    def get_queryset(self):
        return holdings.transaction_rows(self.request.user)
