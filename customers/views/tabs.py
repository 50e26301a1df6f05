"""The profile board's tabs for what a customer holds. Each reads through a selector in a fixed
number of queries and hands the template what the viewer may do (commands show only when the
role and the object's status allow them)."""

from __future__ import annotations

from django.shortcuts import redirect

from backoffice.markup import url_maker

from .. import selectors
from ..diagram import relationship_diagram
from ..forms.notes import NoteForm
from ..masking import sees_full_pii
from ..panel_switches import sca_devices_on_profile_tab
from ..selectors import holdings
from ..services import card_commands, sca_commands
from ..services.cards import expedite_refusal, kyc_refusal
from ..services.topup_cards import link_refusal
from .permissions import ADD_NOTES, EDIT_CONTACTS, EDIT_PROFILE, EDIT_SETTINGS, MANAGE_BENEFICIARIES, MANAGE_CARDS
from .profile import ProfileTabView


class AccountsTab(ProfileTabView):
    """Accounts, vaults apart (C), and the latest transactions of one account (the primary by
    default): a page of ten, read through the (account, date) index, whatever the history."""

    template_name = "customers/tabs/accounts.html"

    def get_context_data(self, **kwargs):
        groups = holdings.accounts_of(self.customer)
        every = groups.accounts + groups.vaults + groups.held
        chosen = self.request.GET.get("account", "")
        shown = next((a for a in every if str(a.pk) == chosen), None) or next(iter(every), None)
        return super().get_context_data(
            groups=groups,
            shown=shown,
            transactions=holdings.latest_transactions(shown),
            full_pii=sees_full_pii(self.request.user),
            **kwargs,
        )


class CardsTab(ProfileTabView):
    template_name = "customers/tabs/cards.html"

    def get_context_data(self, **kwargs):
        may_manage = self.may(MANAGE_CARDS)
        cards = holdings.cards_of(self.customer)
        return super().get_context_data(
            # Each card with the commands its status allows, and whether its shipment may be expedited.
            cards=[
                (card, card_commands(card) if may_manage else [], may_manage and not expedite_refusal(card))
                for card in cards
            ],
            topup_cards=holdings.topup_cards_of(self.customer),
            may_link_topup=may_manage and not link_refusal(self.customer),
            may_issue=may_manage,
            issue_refusal=kyc_refusal(self.customer, "issue"),  # seed 002: said beside the button
            **kwargs,
        )


class BeneficiariesTab(ProfileTabView):
    template_name = "customers/tabs/beneficiaries.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            beneficiaries=holdings.beneficiaries_of(self.customer),
            may_manage=self.may(MANAGE_BENEFICIARIES),
            full_pii=sees_full_pii(self.request.user),
            **kwargs,
        )


class RelationshipsTab(ProfileTabView):
    """T "Children users": the diagram, the effective ownership, and the links to edit."""

    template_name = "customers/tabs/relationships.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            diagram=relationship_diagram(self.customer),
            can_edit_profile=self.may(EDIT_PROFILE),
            **kwargs,
        )


class AddressesTab(ProfileTabView):
    template_name = "customers/tabs/addresses.html"

    def get_context_data(self, **kwargs):
        may_expedite = self.may(MANAGE_CARDS)
        return super().get_context_data(
            addresses=selectors.addresses_of(self.customer),
            can_edit_contacts=self.may(EDIT_CONTACTS),
            # S "expedite shipment / fulfillment", beside the shipping address the cards go to.
            cards_shipping=[
                (card, may_expedite and not expedite_refusal(card))
                for card in holdings.cards_shipping_of(self.customer)
            ],
            **kwargs,
        )


class ScaDevicesTab(ProfileTabView):
    """Enrolled devices with their commands; ``?deleted=1``: "View deleted devices". While the
    panel setting shows them on the Profile tab (``panel_switches``), this tab's URL (a command's
    way back, a bookmark) opens that tab's section instead."""

    template_name = "customers/tabs/sca_devices.html"

    def get(self, request, *args, customer, **kwargs):
        if sca_devices_on_profile_tab():
            deleted = "?deleted=1" if request.GET.get("deleted") == "1" else ""
            return redirect(f"{url_maker('customer-profile')(customer.pk)}{deleted}#sca-devices")
        return super().get(request, *args, customer=customer, **kwargs)

    def get_context_data(self, **kwargs):
        url = url_maker("customer-tab", "sca-devices")(self.customer.pk)
        return super().get_context_data(**sca_devices_context(self.request, self.customer, url), **kwargs)


def sca_devices_context(request, customer, url: str) -> dict:
    """What the SCA devices' section shows, on their tab or on the Profile tab (``url``: where its
    "View deleted devices" and "Enrolled devices" links go, with ``?deleted=1`` or without)."""
    showing_deleted = request.GET.get("deleted") == "1"
    devices = holdings.sca_devices_of(customer, deleted=showing_deleted)
    offered = not customer.is_deactivated
    return {
        "devices": [(device, sca_commands(device, request.user) if offered else []) for device in devices],
        "showing_deleted": showing_deleted,
        "sca_url": url,
    }


class NotesTab(ProfileTabView):
    template_name = "customers/tabs/notes.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            notes=list(holdings.notes_visible_to(user, self.customer)),
            form=NoteForm(user=user) if user.has_perm(ADD_NOTES) else None,
            may_pin=user.has_perm(ADD_NOTES),
            **kwargs,
        )


class AccessTab(ProfileTabView):
    template_name = "customers/tabs/access.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**holdings.access_of(self.customer), **kwargs)


class AgreementsTab(ProfileTabView):
    template_name = "customers/tabs/agreements.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreements=holdings.agreements_of(self.customer), **kwargs)


class DetailsTab(ProfileTabView):
    """S's Details: employment records and free-form metadata (issue 21)."""

    template_name = "customers/tabs/details.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            employment=holdings.employment_records_of(self.customer),
            metadata=holdings.metadata_of(self.customer),
            may_edit_employment=self.may(EDIT_PROFILE),
            may_edit_metadata=self.may(EDIT_SETTINGS),
            **kwargs,
        )
