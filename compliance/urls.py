"""The compliance app's URLs; each view declares its permission."""

from django.urls import path

from .views import api, lists, profile

COMMANDS = {
    "suspend": profile.SuspendView,
    "block": profile.BlockView,
    "reactivate": profile.ReactivateView,
    "freeze": profile.FreezeView,
    "unfreeze": profile.UnfreezeView,
    "legal-freeze": profile.LegalFreezeView,
    "lift-legal-freeze": profile.LiftLegalFreezeView,
    "deactivate": profile.DeactivateView,
}

urlpatterns = [
    path("api/customers/<int:pk>/operations/", api.CustomerOperationsApi.as_view(), name="api-customer-operations"),
    path("compliance/restricted/", lists.RestrictedCustomersView.as_view(), name="compliance-restricted"),
    path("compliance/customers/<int:pk>/risk/", profile.RiskView.as_view(), name="compliance-risk"),
    *[
        path(f"compliance/customers/<int:pk>/{slug}/", view.as_view(), name=f"compliance-{slug}")
        for slug, view in COMMANDS.items()
    ],
]
