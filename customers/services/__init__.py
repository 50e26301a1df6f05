"""Every change to a customer: one keyword-only function per change, in one transaction, that
locks the row, checks the rule and the version the form was opened at, saves only what changed
and writes the audit entry with the before/after of the changed fields.

``common`` holds what they share; ``contacts`` the emails, phones and addresses; ``profile``
creating customers and editing their identity, settings and tags; ``relationships`` the links
between customers; ``dictionaries`` the lists administrators keep.
"""

from .common import (
    COMPANY_IDENTITY_FIELDS,
    PERSON_IDENTITY_FIELDS,
    SETTINGS_FIELDS,
    new_public_id,
    refresh_derived_columns,
)
from .contacts import AddressData, Addresses, Contacts, update_addresses, update_contacts
from .dictionaries import save_dictionary_entry
from .profile import create_company, create_person, update_identity, update_settings, update_tags
from .relationships import add_relationship, remove_relationship

__all__ = [
    "COMPANY_IDENTITY_FIELDS",
    "PERSON_IDENTITY_FIELDS",
    "SETTINGS_FIELDS",
    "AddressData",
    "Addresses",
    "Contacts",
    "add_relationship",
    "create_company",
    "create_person",
    "new_public_id",
    "refresh_derived_columns",
    "remove_relationship",
    "save_dictionary_entry",
    "update_addresses",
    "update_contacts",
    "update_identity",
    "update_settings",
    "update_tags",
]
