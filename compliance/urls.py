"""The compliance app's URLs; each view declares its permission."""

from django.urls import path

from .views import api, limits, lists, profile

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
    path("api/password-resets/redeem/", api.PasswordResetRedeemApi.as_view(), name="api-password-reset-redeem"),
    path("compliance/restricted/", lists.RestrictedCustomersView.as_view(), name="compliance-restricted"),
    path("compliance/customers/<int:pk>/risk/", profile.RiskView.as_view(), name="compliance-risk"),
    path(
        "compliance/customers/<int:pk>/thresholds/",
        limits.CustomThresholdsView.as_view(),
        name="compliance-custom-thresholds",
    ),
    path("compliance/limit-packs/", limits.LimitPacksView.as_view(), name="compliance-limit-packs"),
    path("compliance/limit-packs/new/", limits.LimitPackEditView.as_view(), name="compliance-limit-pack-create"),
    path("compliance/limit-packs/<int:pk>/", limits.LimitPackEditView.as_view(), name="compliance-limit-pack-edit"),
    path("compliance/price-lists/", limits.PriceListsView.as_view(), name="compliance-price-lists"),
    path("compliance/price-lists/<int:pk>/fees/", limits.PriceListFeesView.as_view(), name="compliance-fees"),
    *[
        path(f"compliance/customers/<int:pk>/{slug}/", view.as_view(), name=f"compliance-{slug}")
        for slug, view in COMMANDS.items()
    ],
]
