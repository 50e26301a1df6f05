"""Customer pages: the lists, the omnibox, the profile and its tabs, creating and editing, the
dictionaries, and the profile board's commands (cards, beneficiaries, SCA devices, notes).
Views stay thin: reads go through ``customers.selectors``, writes through ``customers.services``."""

from .accounts import AccountView
from .beneficiaries import BeneficiaryDeactivateView, BeneficiaryLinkView, BeneficiaryReactivateView
from .cards import CardActivateView, CardIssueView, CardLockView, CardReissueView, CardUnlockView
from .create import CompanyCreateView, PersonCreateView
from .dictionaries import DictionaryEntryView, DictionaryListView
from .edit import AddressesEditView, ContactsEditView, IdentityEditView, SettingsEditView, TagsEditView
from .lists import CompanyListView, CustomerListView, OnboardingListView, PersonListView
from .notes import NoteAddView, NotePinView
from .profile import CloseProfileView, HistoryTab, ProfileSummaryTab, ProfileView
from .relationships import RelationshipAddView, RelationshipRemoveView
from .sca import ScaDeleteView, ScaResetPinView, ScaSecureView, ScaUnlockView
from .search import PersonLookupView, SearchView

__all__ = [
    "AccountView",
    "AddressesEditView",
    "BeneficiaryDeactivateView",
    "BeneficiaryLinkView",
    "BeneficiaryReactivateView",
    "CardActivateView",
    "CardIssueView",
    "CardLockView",
    "CardReissueView",
    "CardUnlockView",
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
    "RelationshipAddView",
    "RelationshipRemoveView",
    "ScaDeleteView",
    "ScaResetPinView",
    "ScaSecureView",
    "ScaUnlockView",
    "SearchView",
    "SettingsEditView",
    "TagsEditView",
]
