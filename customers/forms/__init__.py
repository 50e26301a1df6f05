"""Forms of the customers app: validation only (seed 003, DOMAIN.md); the views hand the cleaned
data to ``customers.services``, which owns the rules between fields and records (a price list of
the customer's type, an owner's share, a unique login). Each section of a profile has its own form,
laid out with crispy-forms; the create forms are those sections together, in Crassula's order."""

from .contacts import AddressesForm, ContactsForm
from .create import CompanyCreateForm, PersonCreateForm, ProspectCreateForm
from .dictionaries import DictionaryEntryForm
from .identity import CompanyIdentityForm, PersonIdentityForm
from .relationships import RelationshipForm
from .settings import PreApprovalReasonForm, SettingsForm, TagsForm

__all__ = [
    "AddressesForm",
    "CompanyCreateForm",
    "CompanyIdentityForm",
    "ContactsForm",
    "DictionaryEntryForm",
    "PersonCreateForm",
    "PersonIdentityForm",
    "PreApprovalReasonForm",
    "ProspectCreateForm",
    "RelationshipForm",
    "SettingsForm",
    "TagsForm",
]
