"""The compliance app's URLs; each view declares its permission."""

from django.urls import path

from . import views

COMMANDS = {
    "suspend": views.SuspendView,
    "block": views.BlockView,
    "reactivate": views.ReactivateView,
    "freeze": views.FreezeView,
    "unfreeze": views.UnfreezeView,
    "legal-freeze": views.LegalFreezeView,
    "lift-legal-freeze": views.LiftLegalFreezeView,
}

urlpatterns = [
    path(f"compliance/customers/<int:pk>/{slug}/", view.as_view(), name=f"compliance-{slug}")
    for slug, view in COMMANDS.items()
]
