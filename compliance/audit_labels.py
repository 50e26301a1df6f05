"""The compliance app's audit actions in words (``backoffice.audit_labels`` collects them)."""

ACTIONS = {
    "compliance.state.suspended": "Customer suspended",
    "compliance.state.blocked": "Customer blocked",
    "compliance.state.reactivated": "Customer reactivated",
    "compliance.freeze.set": "Asset freeze set",
    "compliance.freeze.lifted": "Asset freeze lifted",
    "compliance.legal_freeze.set": "Legal freeze set",
    "compliance.legal_freeze.lifted": "Legal freeze lifted",
    "compliance.customer.deactivated": "Customer deactivated",
    "compliance.risk.set": "Risk level set",
    "compliance.limit_pack.created": "Limit pack created",
    "compliance.limit_pack.updated": "Limit pack edited",
    "compliance.custom_thresholds.updated": "Custom limits edited",
    "compliance.limit_pack.chosen": "Limit pack chosen by hand",
    "compliance.fees.updated": "Fees edited",
    "compliance.client_system.key_issued": "Client system key issued",
    "compliance.operations.queried": "Operations policy queried",
    "compliance.restricted.exported": "Restricted customers exported",
}

FIELDS = {
    "is_frozen": "Asset freeze",
    "is_legal_frozen": "Legal freeze",
    "thresholds": "Thresholds",
    "fees": "Fees",
}
