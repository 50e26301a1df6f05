"""Customer pages: the lists, the omnibox, the profile and its tabs, creating and editing, the
dictionaries. Views stay thin: reads go through ``customers.selectors``, writes through
``customers.services``."""

from .create import CompanyCreateView, PersonCreateView
from .dictionaries import DictionaryEntryView, DictionaryListView
from .edit import AddressesEditView, ContactsEditView, IdentityEditView, SettingsEditView, TagsEditView
from .lists import CompanyListView, CustomerListView, OnboardingListView, PersonListView
from .profile import HistoryTab, ProfileSummaryTab, ProfileView
from .relationships import RelationshipAddView, RelationshipRemoveView
from .search import PersonLookupView, SearchView

__all__ = [
    "AddressesEditView",
    "CompanyCreateView",
    "CompanyListView",
    "ContactsEditView",
    "CustomerListView",
    "DictionaryEntryView",
    "DictionaryListView",
    "HistoryTab",
    "IdentityEditView",
    "OnboardingListView",
    "PersonCreateView",
    "PersonListView",
    "PersonLookupView",
    "ProfileSummaryTab",
    "ProfileView",
    "RelationshipAddView",
    "RelationshipRemoveView",
    "SearchView",
    "SettingsEditView",
    "TagsEditView",
]
