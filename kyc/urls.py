"""The KYC app's URLs; each view declares its permission."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("kyc/customers/<int:pk>/tax-residences/", views.TaxResidencesEditView.as_view(), name="kyc-tax-residences"),
    path("kyc/customers/<int:pk>/documents/new/", views.DocumentUploadView.as_view(), name="kyc-document-upload"),
    path("kyc/documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="kyc-document-file"),
    path(
        "kyc/documents/<int:document>/prevalidate/",
        views.DocumentPrevalidateView.as_view(),
        name="kyc-document-prevalidate",
    ),
    path(
        "kyc/documents/<int:document>/prerefuse/", views.DocumentPrerefuseView.as_view(), name="kyc-document-prerefuse"
    ),
    path("kyc/documents/<int:document>/cancel/", views.DocumentCancelView.as_view(), name="kyc-document-cancel"),
    path(
        "kyc/documents/<int:pk>/download/",
        views.DocumentFileView.as_view(download=True),
        name="kyc-document-download",
    ),
    path("", include("kyc.liveness.urls")),
]
