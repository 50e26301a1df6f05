"""Every URL of the panel. Each view declares its permission (``backoffice.access``);
``tests/test_url_policy.py`` checks each one for every role.

The domain apps' URLs are included from each installed app's ``urls`` module, found by name, so
``backoffice`` imports none of them.
"""

from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from .bulk import bulk_actions
from .services.panel_settings import SET_SETTING
from .staff_commands import URL_SLUGS as STAFF_SLUGS
from .views import account, approvals, audit, auth, bulk, dashboard, health, help, panel_settings, saved_views, staff

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("healthz/", health.health, name="health"),
    # Signing in and out
    path("login/", auth.LoginView.as_view(), name="login"),
    path("login/verify/", auth.SecondFactorView.as_view(), name="login-verify"),
    path("login/enrol/", auth.EnrolDuringSignInView.as_view(), name="login-enrol"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("reauthenticate/", auth.ReauthenticateView.as_view(), name="reauthenticate"),
    path("account/set-password/<uidb64>/<token>/", auth.SetPasswordView.as_view(), name="set-password"),
    # One's own account
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/password/", account.ChangePasswordView.as_view(), name="account-password"),
    path("account/second-factor/", account.EnrolSecondFactorView.as_view(), name="account-second-factor"),
    # Four-eyes requests
    path("approvals/", approvals.ApprovalListView.as_view(), name="approval-list"),
    path("approvals/<int:pk>/", approvals.ApprovalDetailView.as_view(), name="approval-detail"),
    path("approvals/<int:pk>/approve/", approvals.ApproveView.as_view(), name="approval-approve"),
    path("approvals/<int:pk>/reject/", approvals.RejectView.as_view(), name="approval-reject"),
    path("approvals/<int:pk>/withdraw/", approvals.WithdrawView.as_view(), name="approval-withdraw"),
    path("four-eyes/rules/", approvals.CommandRulesView.as_view(), name="command-rules"),
    path("four-eyes/rules/<str:command>/", approvals.CommandRuleEditView.as_view(), name="command-rule-edit"),
    # Staff management
    path("staff/", staff.StaffListView.as_view(), name="staff-list"),
    path("staff/new/", staff.StaffCreateView.as_view(), name="staff-create"),
    path("staff/<int:pk>/", staff.StaffDetailView.as_view(), name="staff-detail"),
    *[
        path(f"staff/<int:pk>/{slug}/", staff.StaffCommandView.for_command(name), name=f"staff-{slug}")
        for slug, name in STAFF_SLUGS.items()
    ],
    # Audit log
    path("views/", saved_views.SavedViewListView.as_view(), name="saved-views"),
    path("views/<int:pk>/delete/", saved_views.SavedViewDeleteView.as_view(), name="saved-view-delete"),
    # Bulk actions on lists (issue 21): one page per action, the selection's export, the result
    path("bulk/export/", bulk.BulkExportView.as_view(), name="bulk-export"),
    path("bulk/jobs/<int:pk>/", bulk.BulkJobView.as_view(), name="bulk-job"),
    *[
        path(f"bulk/{action.slug}/", bulk.BulkActionView.for_action(action), name=f"bulk-{action.slug}")
        for action in bulk_actions.all()
    ],
    path("audit/", audit.AuditListView.as_view(), name="audit-list"),
    path("audit/<int:pk>/", audit.AuditDetailView.as_view(), name="audit-detail"),
    # The panel's help pages (issue 21)
    path("help/", help.HelpIndexView.as_view(), name="help-index"),
    path("help/<slug:slug>/", help.HelpPageView.as_view(), name="help-page"),
    # Panel settings (issue 21): what administrators switch on or off for everyone
    path("settings/", panel_settings.PanelSettingsView.as_view(), name="panel-settings"),
    path(
        "settings/<slug:pk>/",
        panel_settings.PanelSettingEditView.for_command(SET_SETTING),
        name="panel-setting-edit",
    ),
]

# Each of the project's own apps that has a ``urls`` module (customers, kyc, compliance) adds its pages.
for app_config in apps.get_app_configs():
    is_ours = Path(app_config.path).parent == Path(settings.BASE_DIR)
    if is_ours and app_config.name != "backoffice" and find_spec(f"{app_config.name}.urls"):
        urlpatterns.append(path("", include(f"{app_config.name}.urls")))
