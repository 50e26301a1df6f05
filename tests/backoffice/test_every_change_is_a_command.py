"""Issue 18 §1: every page that changes a customer, a document, a review, a limit or a staff
account runs a declared command (``backoffice.commands``), with the permission its declaration
names. A new page that writes without declaring its command fails here, unless it is listed
below with the reason it is not one."""

import pytest

from backoffice.checks import iter_patterns
from backoffice.commands import commands
from backoffice.services import approvals
from backoffice.views.commands import DeclaredCommand

# Pages that take a POST but change none of those: what they change, and why it is no command.
NOT_COMMANDS = {
    # The signed-in staff member's own session and credentials.
    "backoffice.views.auth.LoginView": "signing in",
    "backoffice.views.auth.SecondFactorView": "signing in",
    "backoffice.views.auth.EnrolDuringSignInView": "signing in",
    "backoffice.views.auth.LogoutView": "signing out",
    "backoffice.views.auth.ReauthenticateView": "confirming one's own password",
    "backoffice.views.auth.SetPasswordView": "choosing one's own password from the emailed link",
    "backoffice.views.account.ChangePasswordView": "one's own password",
    "backoffice.views.account.EnrolSecondFactorView": "one's own second factor",
    # The four-eyes machinery itself: deciding a request runs the command it holds.
    "backoffice.views.approvals.ApproveView": "runs the approved request's command",
    "backoffice.views.approvals.RejectView": "a decision on a request",
    "backoffice.views.approvals.WithdrawView": "a decision on a request",
    # Lists: the columns a staff member chooses for themselves.
    "backoffice.views.staff.StaffListView": "one's own columns",
    "backoffice.views.audit.AuditListView": "one's own columns",
    "customers.views.lists.CustomerListView": "one's own columns",
    "customers.views.lists.PersonListView": "one's own columns",
    "customers.views.lists.CompanyListView": "one's own columns",
    "customers.views.lists.OnboardingListView": "one's own columns",
    "customers.views.accounts.AccountView": "one's own columns",
    "compliance.views.lists.RestrictedCustomersView": "one's own columns",
    "customers.views.profile.CloseProfileView": "one's own profile board",
    "work.views.WorkListView": "one's own columns",
    "screening.views.HitListView": "one's own columns",
    "customers.views.holdings.AccountListView": "one's own columns",
    "customers.views.holdings.CardListView": "one's own columns",
    "customers.views.holdings.TransactionListView": "one's own columns",
    # Saved views (issue 21): one's own lists' filters and columns under a name (audited).
    "backoffice.views.saved_views.SavedViewDeleteView": "one's own saved view",
    # Work (issue 19): taking the next item is assigning oneself work (a KYC review's queue follows).
    "work.views.TakeNextView": "one's own work",
    # Reading: an export is a file made for the staff member who asked.
    "customers.views.exports.StatementRequestView": "a statement file to download",
    "customers.views.exports.ExportRetryView": "a statement file to download",
    "backoffice.views.bulk.BulkExportView": "a file of the rows selected on a list, to download",
    "customers.views.dossiers.DossierRetryView": "a dossier file to download (asking for it was the command)",
    # Configuration, not a customer's data (dictionaries, the KYC forms): administrators only.
    "customers.views.dictionaries.DictionaryEntryView": "a dictionary entry",
    "kyc.views.kyc_form.KycFormCreateView": "a KYC form's configuration",
    "kyc.views.kyc_form.KycFormEditView": "a KYC form's configuration",
    "kyc.views.kyc_form.KycFormDeleteView": "a KYC form's configuration",
    # Outside callers, not staff: the customer's app and the demo's verification provider.
    "compliance.views.api.PasswordResetRedeemApi": "the customer redeeming their own link",
    "kyc.liveness.sandbox_views.SandboxPageView": "the demo provider's page, as the customer",
}


def posting_views():
    for route, pattern in iter_patterns():
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and hasattr(view, "post") and "post" in view.http_method_names:
            yield route, view


def commands_of(view) -> tuple[str, ...]:
    if issubclass(view, DeclaredCommand) and view.command:
        return (view.command,)
    return tuple(getattr(view, "declared_commands", ()))


def test_every_page_that_changes_something_runs_declared_commands_with_their_permission():
    undeclared, wrong_permission = [], []
    for route, view in posting_views():
        names = commands_of(view)
        if not names:
            if f"{view.__module__}.{view.__qualname__}" not in NOT_COMMANDS:
                undeclared.append(f"{route} ({view.__module__}.{view.__qualname__})")
            continue
        for name in names:
            declared = commands.get(name)  # KeyError: a name no app declares
            if declared.permission != view.permission_required:
                wrong_permission.append(
                    f"{route}: {name} needs {declared.permission}, the page {view.permission_required}"
                )
    assert not undeclared, "Pages that write without a declared command:\n" + "\n".join(undeclared)
    assert not wrong_permission, "\n".join(wrong_permission)


def test_the_exceptions_are_still_pages():
    """An exception whose page is gone (renamed, removed) is taken off the list."""
    posting = {f"{view.__module__}.{view.__qualname__}" for _, view in posting_views()}
    assert set(NOT_COMMANDS) <= posting, set(NOT_COMMANDS) - posting


@pytest.mark.parametrize("command", [c for c in commands.all() if not c.may_wait], ids=lambda c: c.name)
def test_what_cannot_wait_is_never_made_to(command):
    """Its rule is fixed at "one person": the rules page offers no change and the service refuses one."""
    assert approvals.is_fixed(command)
    assert approvals.rule_of(command, {command.name: (True, "")}) == (False, "")


@pytest.mark.parametrize("command", [c for c in commands.all() if c.may_wait and not c.emergency], ids=lambda c: c.name)
def test_what_may_wait_has_a_field_for_why(command):
    """A request is stored with its reason: the form's field ``reason_field``, or, for a service
    given none, the field its page adds when the command waits."""
    if command.reason_field:
        assert command.reason_field in command.form_class.base_fields
