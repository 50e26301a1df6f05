"""The profile board's tabs for what a customer holds. Each reads through a selector in a fixed
number of queries and hands the template what the viewer may do (commands show only when the
role and the object's status allow them)."""

from __future__ import annotations

from django.utils.functional import cached_property

from .. import selectors
from ..diagram import relationship_diagram
from ..forms.notes import NoteForm
from ..masking import sees_full_pii
from ..selectors import holdings
from ..services import card_commands, sca_commands
from ..services.cards import kyc_refusal
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
            cards=[(card, card_commands(card) if may_manage else []) for card in cards],
            topup_cards=holdings.topup_cards_of(self.customer),
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
        return super().get_context_data(
            addresses=selectors.addresses_of(self.customer),
            can_edit_contacts=self.may(EDIT_CONTACTS),
            **kwargs,
        )


class ScaDevicesTab(ProfileTabView):
    """Enrolled devices with their commands; ``?deleted=1``: "View deleted devices"."""

    template_name = "customers/tabs/sca_devices.html"

    @cached_property
    def showing_deleted(self) -> bool:
        return self.request.GET.get("deleted") == "1"

    def get_context_data(self, **kwargs):
        user = self.request.user
        devices = holdings.sca_devices_of(self.customer, deleted=self.showing_deleted)
        offered = not self.customer.is_deactivated
        return super().get_context_data(
            devices=[(device, sca_commands(device, user) if offered else []) for device in devices],
            showing_deleted=self.showing_deleted,
            **kwargs,
        )


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
