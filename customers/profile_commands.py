"""The customers app's commands on the profile itself (``backoffice.commands``): creating a
customer, editing a section, notes and relationships. None waits for a second person by default;
administrators may make identity edits, new notes and the removal of a link wait. The others
always run at once (``Command.may_wait``): they are given what only lives while the page is filled
in (a new customer's whole record, contact and address lines, dictionary entries, the customer
found by reference), or they are a button with no page to say why (pinning a note)."""

from backoffice.commands import Command, commands

from .views.permissions import ADD_NOTES, CREATE, EDIT_CONTACTS, EDIT_PROFILE, EDIT_SETTINGS

SERVICES = "customers.services"
ON_CUSTOMER = {"target_model": "customers.customer", "target_argument": "customer", "danger": False}
SECTION = {**ON_CUSTOMER, "tab": "profile", "template": "customers/form.html", "submit_label": "Save changes"}
CREATION = {
    "permission": CREATE,
    "target_model": "customers.customer",
    "target_argument": "",
    "template": "customers/form.html",
    "may_wait": False,
    "danger": False,
}
ON_NOTE = {
    "permission": ADD_NOTES,
    "target_model": "customers.note",
    "target_argument": "note",
    "tab": "notes",
    "form": "backoffice.forms.CommandForm",
    "reason_field": "",
    "may_wait": False,  # a button on the tab: no page to say why
    "danger": False,
}


def register_profile_commands() -> None:
    commands.register(
        Command(
            name="customers.person.create",
            label="New person",
            service=f"{SERVICES}.create_person",
            form="customers.forms.PersonCreateForm",
            effect="The person is created with a public id of their own.",
            submit_label="Create the person",
            **CREATION,
        ),
        Command(
            name="customers.company.create",
            label="New company",
            service=f"{SERVICES}.create_company",
            form="customers.forms.CompanyCreateForm",
            effect="The company is created, linked to its legal representative.",
            submit_label="Create the company",
            **CREATION,
        ),
        Command(
            name="customers.prospect.create",
            label="New prospect",
            service=f"{SERVICES}.create_prospect",
            form="customers.forms.ProspectCreateForm",
            effect="The prospect is created with whatever is known so far, and a public id of their own.",
            submit_label="Create the prospect",
            **CREATION,
        ),
        Command(
            name="customers.prospect.activate",
            label="Make an active customer",
            permission=EDIT_PROFILE,
            service=f"{SERVICES}.activate_prospect",
            refusal=f"{SERVICES}.activation_refusal",
            form="backoffice.forms.CommandForm",
            effect=(
                "The prospect becomes an active customer: their onboarding is completed and they appear in the "
                "lists of active customers. Their lifecycle stays Pending until KYC validates them."
            ),
            success_message="The prospect is now an active customer.",
            reason_field="",
            submit_label="Make an active customer",
            **ON_CUSTOMER,
            tab="profile",
        ),
        Command(
            name="customers.identity.update",
            label="Edit the identity",
            permission=EDIT_PROFILE,
            service=f"{SERVICES}.update_identity",
            form="customers.forms.PersonIdentityForm",
            effect="The customer's identity is saved as shown.",
            success_message="Identity saved.",
            reason_field="",
            **SECTION,
        ),
        Command(
            name="customers.contacts.update",
            label="Edit the contacts",
            permission=EDIT_CONTACTS,
            service=f"{SERVICES}.update_contacts",
            form="customers.forms.ContactsForm",
            effect="The customer's emails and phones are saved as shown.",
            success_message="Contacts saved.",
            may_wait=False,
            **SECTION,
        ),
        Command(
            name="customers.addresses.update",
            label="Edit the addresses",
            permission=EDIT_CONTACTS,
            service=f"{SERVICES}.update_addresses",
            form="customers.forms.AddressesForm",
            effect="The customer's addresses are saved as shown.",
            success_message="Addresses saved.",
            may_wait=False,
            **SECTION,
        ),
        Command(
            name="customers.settings.update",
            label="Edit the settings",
            permission=EDIT_SETTINGS,
            service=f"{SERVICES}.update_settings",
            form="customers.forms.SettingsForm",
            effect=(
                "A new type or price list changes the customer's limits and fees: a second administrator approves "
                "it. The other settings are saved at once."
            ),
            approver_role_of=f"{SERVICES}.settings_approver_role",
            reason_field="",  # the page asks why only when it waits
            success_message="Settings saved.",
            **SECTION,
        ),
        Command(
            name="customers.tags.update",
            label="Edit the tags",
            permission=EDIT_SETTINGS,
            service=f"{SERVICES}.update_tags",
            form="customers.forms.TagsForm",
            effect="The customer's tags are saved as shown.",
            success_message="Tags saved.",
            may_wait=False,
            **SECTION,
        ),
        Command(
            name="customers.note.add",
            label="Add a note",
            permission=ADD_NOTES,
            service=f"{SERVICES}.add_note",
            form="customers.forms.notes.NoteForm",
            effect="The note is added to the customer's Notes tab.",
            success_message="The note was added.",
            confidential_of="customers.command_pages.note_is_confidential",
            submit_label="Add the note",
            reason_field="",
            template="customers/form.html",
            tab="notes",
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.note.pin",
            label="Pin the note",
            service=f"{SERVICES}.pin_note",
            effect="The note is shown on top of the Notes tab.",
            success_message="The note is pinned on top.",
            **ON_NOTE,
        ),
        Command(
            name="customers.note.unpin",
            label="Unpin the note",
            service=f"{SERVICES}.unpin_note",
            effect="The note goes back among the others, newest first.",
            success_message="The note is unpinned.",
            **ON_NOTE,
        ),
        Command(
            name="customers.relationship.add",
            label="Link a customer",
            permission=EDIT_PROFILE,
            service=f"{SERVICES}.add_relationship",
            form="customers.forms.RelationshipForm",
            effect="The customer is listed on the Relationships tab with the link chosen.",
            success_message="The link was added.",
            submit_label="Add the link",
            template="customers/form.html",
            tab="relationships",
            may_wait=False,
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.relationship.remove",
            label="Remove the link",
            permission=EDIT_PROFILE,
            service=f"{SERVICES}.remove_relationship",
            form="backoffice.forms.ReasonForm",
            effect="The related customer is no longer listed. The audit log keeps the link's history.",
            effect_of="customers.command_pages.link_removal_effect",
            success_message="The link was removed.",
            target_model="customers.relationship",
            target_argument="relationship",
            target_kwarg="relationship",
            locate="customers.selectors.holdings.relationship_of",
            tab="relationships",
        ),
    )


RECORDS = "customers.services.records"


def register_record_commands() -> None:
    """Employment records and metadata (issue 21, Synctera), on the Details tab."""
    on_record = {"tab": "details", "form": "backoffice.forms.ReasonForm"}
    commands.register(
        Command(
            name="customers.employment.add",
            label="Add an employment record",
            permission=EDIT_PROFILE,
            service=f"{RECORDS}.add_employment",
            form="customers.forms.records.EmploymentForm",
            reason_field="",
            effect="The employment is listed on the Details tab.",
            success_message="The employment record was added.",
            submit_label="Add the record",
            template="customers/form.html",
            tab="details",
            may_wait=False,
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.employment.remove",
            label="Remove the employment record",
            permission=EDIT_PROFILE,
            service=f"{RECORDS}.remove_employment",
            effect="The record is no longer listed. The audit log keeps what it said.",
            success_message="The employment record was removed.",
            target_model="customers.employmentrecord",
            target_argument="record",
            target_kwarg="record",
            locate="customers.selectors.holdings.employment_record_of",
            **on_record,
        ),
        Command(
            name="customers.metadata.set",
            label="Set a metadata key",
            permission=EDIT_SETTINGS,
            service=f"{RECORDS}.set_metadata",
            form="customers.forms.records.MetadataForm",
            reason_field="",
            effect="The key and its value are listed on the Details tab; an existing key takes the new value.",
            success_message="The metadata was saved.",
            submit_label="Save the key",
            template="customers/form.html",
            tab="details",
            may_wait=False,
            **ON_CUSTOMER,
        ),
        Command(
            name="customers.metadata.remove",
            label="Remove the metadata key",
            permission=EDIT_SETTINGS,
            service=f"{RECORDS}.remove_metadata",
            effect="The key is no longer listed. The audit log keeps its last value.",
            success_message="The metadata key was removed.",
            target_model="customers.customermetadata",
            target_argument="entry",
            target_kwarg="entry",
            locate="customers.selectors.holdings.metadata_entry_of",
            **on_record,
        ),
    )
