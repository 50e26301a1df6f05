"""The customers app's URLs (DESIGN.md "Stable URLs"); each view declares its permission."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("customers/", views.CustomerListView.as_view(), name="customer-list"),
    path("customers/persons/", views.PersonListView.as_view(), name="customer-persons"),
    path("customers/persons/new/", views.PersonCreateView.as_view(), name="customer-person-create"),
    path("customers/companies/", views.CompanyListView.as_view(), name="customer-companies"),
    path("customers/companies/new/", views.CompanyCreateView.as_view(), name="customer-company-create"),
    path("customers/onboarding/", views.OnboardingListView.as_view(), name="customer-onboarding"),
    path("customers/lookup/", views.PersonLookupView.as_view(), name="customer-person-lookup"),
    path("customers/dictionaries/", views.DictionaryListView.as_view(), name="customer-dictionaries"),
    path(
        "customers/dictionaries/<slug:dictionary>/new/",
        views.DictionaryEntryView.as_view(),
        name="customer-dictionary-create",
    ),
    path(
        "customers/dictionaries/<slug:dictionary>/<int:entry>/",
        views.DictionaryEntryView.as_view(),
        name="customer-dictionary-edit",
    ),
    path("customers/<int:pk>/", views.ProfileView.as_view(), name="customer-profile"),
    path("customers/<int:pk>/edit/identity/", views.IdentityEditView.as_view(), name="customer-edit-identity"),
    path("customers/<int:pk>/edit/contacts/", views.ContactsEditView.as_view(), name="customer-edit-contacts"),
    path("customers/<int:pk>/edit/addresses/", views.AddressesEditView.as_view(), name="customer-edit-addresses"),
    path("customers/<int:pk>/edit/settings/", views.SettingsEditView.as_view(), name="customer-edit-settings"),
    path("customers/<int:pk>/edit/tags/", views.TagsEditView.as_view(), name="customer-edit-tags"),
    path(
        "customers/<int:pk>/relationships/new/", views.RelationshipAddView.as_view(), name="customer-relationship-add"
    ),
    path(
        "customers/<int:pk>/relationships/<int:relationship>/remove/",
        views.RelationshipRemoveView.as_view(),
        name="customer-relationship-remove",
    ),
    path("customers/<int:pk>/<slug:tab>/", views.ProfileView.as_view(), name="customer-tab"),
]
