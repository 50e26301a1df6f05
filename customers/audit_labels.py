"""The customers app's audit actions in words (``backoffice.audit_labels`` collects them)."""

ACTIONS = {
    "customers.person.created": "Person created",
    "customers.company.created": "Company created",
    "customers.identity.updated": "Identity edited",
    "customers.contacts.updated": "Contacts edited",
    "customers.addresses.updated": "Addresses edited",
    "customers.settings.updated": "Settings edited",
    "customers.tags.updated": "Tags changed",
    "customers.verification.updated": "Verification updated",
    "customers.verification.level_set": "Verification level set",
    "customers.relationship.added": "Relationship added",
    "customers.relationship.removed": "Relationship removed",
    "customers.note.added": "Note added",
    "customers.note.pinned": "Note pinned",
    "customers.note.unpinned": "Note unpinned",
    "customers.card.issued": "Card issued",
    "customers.card.reissued": "Card reissued",
    "customers.card.activated": "Card activated",
    "customers.card.locked": "Card locked or reported",
    "customers.card.unlocked": "Card unlocked",
    "customers.sca_device.secured": "SCA device secured (locked)",
    "customers.sca_device.unlocked": "SCA device unlocked",
    "customers.sca_device.pin_reset": "SCA PIN reset",
    "customers.sca_device.deleted": "SCA device deleted",
    "customers.beneficiary.linked": "Beneficiary linked",
    "customers.beneficiary.deactivated": "Beneficiary deactivated",
    "customers.beneficiary.reactivated": "Beneficiary reactivated",
    "customers.password_reset.requested": "Password reset email requested",
    "customers.password_reset.sent": "Password reset email sent",
    "customers.password_reset.failed": "Password reset email not sent",
    "customers.password_reset.used": "Password reset link used",
    "customers.statement.requested": "Statement requested",
    "customers.statement.retried": "Statement retried",
    "customers.statement.downloaded": "Statement downloaded",
    "customers.exported": "Customer list exported",
    "customers.transactions.exported": "Transactions exported",
    # Dictionaries (customers.services.save_dictionary_entry: customers.<model>.created|updated)
    "customers.customertype.created": "Customer type created",
    "customers.customertype.updated": "Customer type edited",
    "customers.pricelist.created": "Price list created",
    "customers.pricelist.updated": "Price list edited",
    "customers.accessrole.created": "Access role created",
    "customers.accessrole.updated": "Access role edited",
    "customers.accessgroup.created": "Access group created",
    "customers.accessgroup.updated": "Access group edited",
    "customers.tag.created": "Tag created",
    "customers.tag.updated": "Tag edited",
    "customers.verificationlevelname.created": "Verification level name created",
    "customers.verificationlevelname.updated": "Verification level name edited",
    # The demo's own entries
    "customers.demo.generated": "Demo customers generated",
    "customers.demo.holdings_generated": "Demo accounts and cards generated",
}

FIELDS = {
    "legal address": "Legal address",
    "shipping address": "Shipping address",
    "new_card": "New card",
    "identity_checked": "Identity checked",
    "deleted": "Deleted",
    "used": "Link used",
    "related": "Related customer",
    "accounts": "Accounts",
    "currencies": "Currencies",
    "period": "Period",
}

VALUES = {"currencies": {"all": "All currencies"}}

# Amounts, with the field holding their currency (in the entry's changes, else on the customer).
MONEY = {"share_capital": "default_currency"}
