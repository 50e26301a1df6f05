"""Every change to a customer: one keyword-only function per change, in one transaction, that
locks the row, checks the rule and the version the form was opened at, saves only what changed
and writes the audit entry with the before/after of the changed fields.

``common`` holds what they share; ``contacts`` the emails, phones and addresses; ``profile``
creating customers and editing their identity, settings and tags; ``relationships`` the links
between customers; ``dictionaries`` the lists administrators keep; ``cards``, ``beneficiaries``,
``sca`` and ``notes`` the commands of the profile board's tabs.
"""

from .beneficiaries import deactivate_beneficiary, link_beneficiary, reactivate_beneficiary
from .cards import activate_card, card_commands, issue_card, lock_card, reissue_card, unlock_card
from .common import (
    COMPANY_IDENTITY_FIELDS,
    PERSON_IDENTITY_FIELDS,
    SETTINGS_FIELDS,
    new_public_id,
    refresh_derived_columns,
)
from .contacts import AddressData, Addresses, Contacts, update_addresses, update_contacts
from .dictionaries import save_dictionary_entry
from .notes import add_note, pin_note, unpin_note
from .profile import (
    create_company,
    create_person,
    settings_approver_role,
    update_identity,
    update_settings,
    update_tags,
)
from .prospects import activate_prospect, activation_refusal, create_prospect, prospect_refusal
from .relationships import add_relationship, remove_relationship
from .sca import delete_sca_device, reset_sca_pin, sca_commands, secure_sca_device, unlock_sca_device

__all__ = [
    "COMPANY_IDENTITY_FIELDS",
    "PERSON_IDENTITY_FIELDS",
    "SETTINGS_FIELDS",
    "AddressData",
    "Addresses",
    "Contacts",
    "activate_card",
    "activate_prospect",
    "activation_refusal",
    "add_note",
    "add_relationship",
    "card_commands",
    "create_company",
    "create_person",
    "create_prospect",
    "deactivate_beneficiary",
    "delete_sca_device",
    "issue_card",
    "link_beneficiary",
    "lock_card",
    "new_public_id",
    "pin_note",
    "prospect_refusal",
    "reactivate_beneficiary",
    "refresh_derived_columns",
    "reissue_card",
    "remove_relationship",
    "reset_sca_pin",
    "save_dictionary_entry",
    "sca_commands",
    "secure_sca_device",
    "settings_approver_role",
    "unlock_card",
    "unlock_sca_device",
    "unpin_note",
    "update_addresses",
    "update_contacts",
    "update_identity",
    "update_settings",
    "update_tags",
]
