"""The KYC app's URLs; each view declares its permission."""

from django.urls import path

from . import views

urlpatterns = [
    path("kyc/customers/<int:pk>/tax-residences/", views.TaxResidencesEditView.as_view(), name="kyc-tax-residences"),
]
