"""The KYC app's URLs; each view declares its permission."""

from django.urls import path

from . import views

urlpatterns = [
    path("kyc/customers/<int:pk>/tax-residences/", views.TaxResidencesEditView.as_view(), name="kyc-tax-residences"),
    path("kyc/customers/<int:pk>/documents/new/", views.DocumentUploadView.as_view(), name="kyc-document-upload"),
    path("kyc/documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="kyc-document-file"),
    path(
        "kyc/documents/<int:pk>/download/",
        views.DocumentFileView.as_view(download=True),
        name="kyc-document-download",
    ),
]
