"""Card commands: issue a virtual or physical card, reissue, activate, lock, unlock (each a
confirmation page restating its effect, then one service call)."""

from __future__ import annotations

from .. import services
from ..choices import CardStatus
from ..forms.holdings import CardLockForm, CardReasonForm, IssueCardForm
from ..kyc_services import KycService, service_at_level
from ..selectors import holdings
from ..services.cards import RETIRED_BY_REISSUE, card_refusal, issue_refusal
from .commands import CommandView
from .permissions import MANAGE_CARDS


def state(card) -> str:
    """What a new card can do, as the end of the sentence that announces it."""
    if card.status == CardStatus.LOCKED:
        return f"it is locked for now ({card.status_reason.rstrip('.')})."
    if card.status == CardStatus.INACTIVE:
        return "it works once activated, when the customer has it in hand."
    return "it can pay at once."


class CardIssueView(CommandView):
    permission_required = MANAGE_CARDS
    form_class = IssueCardForm
    tab = "cards"
    danger = False
    submit_label = "Issue the card"

    def refusal(self):
        return issue_refusal(self.customer)

    def get_title(self):
        return f"Issue a card to {self.customer}"

    def kyc_condition(self) -> str:
        return service_at_level(self.customer.kyc_level, KycService.CREATE_CARDS).condition

    def get_effect(self):
        condition = self.kyc_condition()
        if condition:  # seed 002 at Light: the new card is locked, a physical one is not activated
            return f"A new card is issued on the chosen account. {condition}"
        return (
            "A new card is issued on the chosen account. A virtual card can be used at once; a physical card "
            "is posted to the customer's shipping address and works once activated."
        )

    def get_initial(self):
        return {"embossed_name": self.customer.display_name.upper()[:27]}

    def card_accounts(self):
        """The accounts a card may spend from: the customer's own, open, not vaults."""
        return [account for account in holdings.accounts_of(self.customer).accounts if account.status == "active"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "accounts": self.card_accounts(), "kyc_condition": self.kyc_condition()}

    def perform(self, form):
        accounts = {account.pk: account for account in self.card_accounts()}
        card = services.issue_card(
            actor=self.request.user,
            customer=self.customer,
            account=accounts[form.cleaned_data["account"]],
            kind=form.cleaned_data["kind"],
            embossed_name=form.cleaned_data["embossed_name"],
        )
        self.success_message = f"The {card.get_kind_display().lower()} card {card.masked_pan} was issued: {state(card)}"
        return self.profile_url(self.tab)


class CardCommandView(CommandView):
    """A command on one card, offered only when the card's status allows it."""

    permission_required = MANAGE_CARDS
    tab = "cards"
    command = ""

    def load_target(self):
        return holdings.card_of(self.customer, self.kwargs["card"])

    def refusal(self):
        return card_refusal(self.target, self.command)

    def get_title(self):
        return f"{self.submit_label} — {self.target}"


class CardActivateView(CardCommandView):
    command = "activate"
    form_class = CardReasonForm
    danger = False
    submit_label = "Activate the card"
    success_message = "The card is active."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "required": False}

    def get_effect(self):
        return "The card can pay at once. Do this only when the customer has the card in hand."

    def perform(self, form):
        services.activate_card(actor=self.request.user, card=self.target)
        return self.profile_url(self.tab)


# What the staff member is told once the card is locked, per the status chosen.
LOCKED_MESSAGES = {
    CardStatus.LOCKED: "The card is locked for now: Unlock makes it pay again.",
    CardStatus.LOST: "The card is reported lost: it never works again. Reissue it to give the customer a new one.",
    CardStatus.STOLEN: "The card is reported stolen: it never works again. Reissue it to give the customer a new one.",
    CardStatus.DESTROYED: (
        "The card is reported destroyed: it never works again. Reissue it to give the customer a new one."
    ),
}


class CardLockView(CardCommandView):
    command = "lock"
    form_class = CardLockForm
    submit_label = "Lock the card"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "card": self.target}

    def get_context_data(self, **kwargs):
        if self.target.status != CardStatus.ACTIVE:  # only the final reports are offered
            self.submit_label = "Report the card"
        return super().get_context_data(**kwargs)

    def get_effect(self):
        return (
            "Every payment with this card is refused from now on. A temporary lock can be undone; a card "
            "reported lost, stolen or destroyed never works again and is reissued instead."
        )

    def perform(self, form):
        card = services.lock_card(actor=self.request.user, card=self.target, **form.cleaned_data)
        self.success_message = LOCKED_MESSAGES[CardStatus(card.status)]
        return self.profile_url(self.tab)


class CardUnlockView(CardCommandView):
    command = "unlock"
    form_class = CardReasonForm
    danger = False
    submit_label = "Unlock the card"
    success_message = "The card is unlocked."

    def get_effect(self):
        return f"The card pays again. It was locked for: {self.target.status_reason or 'no reason given'}."

    def perform(self, form):
        services.unlock_card(actor=self.request.user, card=self.target, reason=form.cleaned_data["reason"])
        return self.profile_url(self.tab)


class CardReissueView(CardCommandView):
    command = "reissue"
    form_class = CardReasonForm
    submit_label = "Reissue the card"

    def get_effect(self):
        card = self.target
        retired = card.status in RETIRED_BY_REISSUE
        return f"A new {card.get_kind_display().lower()} card is issued on the same account and name" + (
            ", and this one stops working at once (Replaced)." if retired else "."
        )

    def perform(self, form):
        old = self.target
        card = services.reissue_card(actor=self.request.user, card=old, reason=form.cleaned_data["reason"])
        old.refresh_from_db(fields=["status"])
        retired = " The old card no longer works (Replaced)." if old.status == CardStatus.REPLACED else ""
        self.success_message = f"The card was reissued: the new card is {card.masked_pan}; {state(card)}{retired}"
        return self.profile_url(self.tab)
