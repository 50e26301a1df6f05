"""Live verification's URLs: the start command (staff), the provider's webhook and the sandbox
provider's page (both public)."""

from django.urls import path

from customers.views.commands import CustomerCommandView

from . import sandbox_views, views

urlpatterns = [
    path(
        "kyc/customers/<int:pk>/liveness/new/",
        CustomerCommandView.for_command("kyc.liveness.start"),
        name="kyc-liveness-start",
    ),
    path(
        "kyc/customers/<int:pk>/liveness/<int:session>/ask-again/",
        CustomerCommandView.for_command("kyc.liveness.ask_again"),
        name="kyc-liveness-ask-again",
    ),
    path("kyc/liveness/webhook/", views.liveness_webhook, name="kyc-liveness-webhook"),
    path(
        "kyc/liveness/sandbox/<slug:reference>/",
        sandbox_views.SandboxPageView.as_view(),
        name="kyc-liveness-sandbox",
    ),
]
