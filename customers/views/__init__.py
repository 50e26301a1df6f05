"""Customer pages: the lists, the omnibox, the profile and its tabs, creating and editing, the
dictionaries and notes; the pages of declared commands (cards, beneficiaries, SCA devices…)
are generated from ``customers.commands`` by ``commands.CustomerCommandView``.
Views stay thin: reads go through ``customers.selectors``, writes through ``customers.services``."""

from .accounts import AccountView
from .create import CompanyCreateView, PersonCreateView, ProspectCreateView
from .dictionaries import DictionaryEntryView, DictionaryListView
from .edit import AddressesEditView, ContactsEditView, IdentityEditView, SettingsEditView, TagsEditView
from .lists import CompanyListView, CustomerListView, OnboardingListView, PersonListView
from .notes import NoteAddView, NotePinView
from .profile import CloseProfileView, HistoryTab, ProfileSummaryTab, ProfileView
from .relationships import RelationshipAddView
from .search import PersonLookupView, SearchView

__all__ = [
    "AccountView",
    "AddressesEditView",
    "CloseProfileView",
    "CompanyCreateView",
    "CompanyListView",
    "ContactsEditView",
    "CustomerListView",
    "DictionaryEntryView",
    "DictionaryListView",
    "HistoryTab",
    "IdentityEditView",
    "NoteAddView",
    "NotePinView",
    "OnboardingListView",
    "PersonCreateView",
    "PersonListView",
    "PersonLookupView",
    "ProfileSummaryTab",
    "ProfileView",
    "ProspectCreateView",
    "RelationshipAddView",
    "SearchView",
    "SettingsEditView",
    "TagsEditView",
]
