"""Four-eyes: a sensitive command asked by one staff member (the maker) runs only once another
(the checker) approves it (DESIGN.md "Commands and four-eyes").

The maker's request stores the command's exact parameters and a snapshot of the target; nothing
changes. A checker approves with a comment: the request row is locked (two checkers at once run
the command once), the checker is not the maker (also a CHECK constraint), the target is compared
with the snapshot (a changed target is refused, naming what changed) and the command's own
service runs, as the maker asked, in the checker's transaction. Or the checker rejects it, the
maker withdraws it, or it expires. One pending request per command and target (a partial unique
index). The request, its decision and the change are audit entries linked through the request.

Split by step: ``rules`` (which commands wait and who approves), ``requests`` (asking),
``decisions`` (approving, rejecting, withdrawing, expiring), ``notifications`` (the checkers'
email) and ``records`` (what the steps share). Callers use this package's names.
"""

from .decisions import approve, expire_overdue, reject, withdraw
from .listeners import on_asked, on_closed
from .notifications import notify_checkers
from .requests import (
    already_waits,
    ask_or_run,
    changes_since,
    rehearse,
    request_approval,
    request_rule_change,
    snapshot_of,
    waiting_message,
    waiting_request,
)
from .rules import (
    RULE_CHANGE,
    RULES_KEY,
    cached_rules,
    is_fixed,
    may_approve,
    may_decide,
    may_reject,
    needs_second_person,
    register_commands,
    rule_checker_refusal,
    rule_of,
    rules_url,
    set_command_rule,
    stored_rules,
)

__all__ = [
    "RULES_KEY",
    "RULE_CHANGE",
    "already_waits",
    "approve",
    "ask_or_run",
    "cached_rules",
    "changes_since",
    "expire_overdue",
    "is_fixed",
    "may_approve",
    "may_decide",
    "may_reject",
    "needs_second_person",
    "notify_checkers",
    "on_asked",
    "on_closed",
    "register_commands",
    "rehearse",
    "reject",
    "request_approval",
    "request_rule_change",
    "rule_checker_refusal",
    "rule_of",
    "rules_url",
    "set_command_rule",
    "snapshot_of",
    "stored_rules",
    "waiting_message",
    "waiting_request",
    "withdraw",
]
