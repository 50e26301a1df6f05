"""The compliance app's URLs; each view declares its permission."""

from django.urls import path

from customers.views.commands import CustomerCommandView

from .commands import URL_SLUGS
from .views import api, limits, lists, profile


def command_view(slug: str):
    return CustomerCommandView.for_command(URL_SLUGS[slug])


urlpatterns = [
    path("api/customers/<int:pk>/operations/", api.CustomerOperationsApi.as_view(), name="api-customer-operations"),
    path("api/password-resets/redeem/", api.PasswordResetRedeemApi.as_view(), name="api-password-reset-redeem"),
    path("compliance/restricted/", lists.RestrictedCustomersView.as_view(), name="compliance-restricted"),
    path(
        "compliance/customers/<int:pk>/risk/",
        profile.RiskView.as_view(),
        name="compliance-risk",
    ),
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
        path(f"compliance/customers/<int:pk>/{slug}/", command_view(slug), name=f"compliance-{slug}")
        for slug in URL_SLUGS
    ],
]
