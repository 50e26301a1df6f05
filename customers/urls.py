"""The customers app's URLs (DESIGN.md "Stable URLs"); each view declares its permission."""

from django.urls import path

from . import views
from .commands import ACCOUNT_SLUGS, BENEFICIARY_SLUGS, CARD_SLUGS, SCA_SLUGS
from .commands import URL_SLUGS as PRE_APPROVAL_SLUGS
from .views import dossiers, exports, holdings
from .views.commands import CustomerCommandView

command_view = CustomerCommandView.for_command

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("customers/", views.CustomerListView.as_view(), name="customer-list"),
    path("customers/persons/", views.PersonListView.as_view(), name="customer-persons"),
    path(
        "customers/persons/new/",
        views.PersonCreateView.as_view(),
        name="customer-person-create",
    ),
    path(
        "customers/persons/new-prospect/",
        views.ProspectCreateView.as_view(),
        name="customer-prospect-create",
    ),
    path(
        "customers/<int:pk>/prospect/activate/",
        command_view("customers.prospect.activate"),
        name="customer-prospect-activate",
    ),
    path("customers/companies/", views.CompanyListView.as_view(), name="customer-companies"),
    path(
        "customers/companies/new/",
        views.CompanyCreateView.as_view(),
        name="customer-company-create",
    ),
    path("customers/onboarding/", views.OnboardingListView.as_view(), name="customer-onboarding"),
    path("accounts/", holdings.AccountListView.as_view(), name="account-list"),
    path("cards/", holdings.CardListView.as_view(), name="card-list"),
    path("transactions/", holdings.TransactionListView.as_view(), name="transaction-list"),
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
    path(
        "customers/<int:pk>/edit/identity/",
        views.IdentityEditView.as_view(),
        name="customer-edit-identity",
    ),
    path(
        "customers/<int:pk>/edit/contacts/",
        views.ContactsEditView.as_view(),
        name="customer-edit-contacts",
    ),
    path(
        "customers/<int:pk>/edit/addresses/",
        views.AddressesEditView.as_view(),
        name="customer-edit-addresses",
    ),
    path(
        "customers/<int:pk>/edit/settings/",
        views.SettingsEditView.as_view(),
        name="customer-edit-settings",
    ),
    path(
        "customers/<int:pk>/edit/tags/",
        views.TagsEditView.as_view(),
        name="customer-edit-tags",
    ),
    *[
        path(
            f"customers/<int:pk>/transfer-pre-approval/{slug}/",
            command_view(name),
            name=f"customer-pre-approval-{slug}",
        )
        for slug, name in PRE_APPROVAL_SLUGS.items()
    ],
    path(
        "customers/<int:pk>/relationships/new/",
        views.RelationshipAddView.as_view(),
        name="customer-relationship-add",
    ),
    path(
        "customers/<int:pk>/relationships/<int:relationship>/remove/",
        command_view("customers.relationship.remove"),
        name="customer-relationship-remove",
    ),
    path("customers/<int:pk>/close/", views.CloseProfileView.as_view(), name="customer-close"),
    path(
        "customers/<int:pk>/employment/new/", command_view("customers.employment.add"), name="customer-employment-add"
    ),
    path(
        "customers/<int:pk>/employment/<int:record>/remove/",
        command_view("customers.employment.remove"),
        name="customer-employment-remove",
    ),
    path("customers/<int:pk>/metadata/set/", command_view("customers.metadata.set"), name="customer-metadata-set"),
    path(
        "customers/<int:pk>/metadata/<int:entry>/remove/",
        command_view("customers.metadata.remove"),
        name="customer-metadata-remove",
    ),
    path("customers/<int:pk>/accounts/<int:account>/", views.AccountView.as_view(), name="customer-account"),
    *(
        path(f"customers/<int:pk>/accounts/<int:account>/{slug}/", command_view(name), name=f"customer-account-{slug}")
        for slug, name in ACCOUNT_SLUGS.items()
    ),
    path(
        "customers/<int:pk>/password-reset/",
        command_view("customers.password_reset.send"),
        name="customer-password-reset",
    ),
    path("customers/<int:pk>/statement/", exports.StatementRequestView.as_view(), name="customer-statement"),
    path("exports/", exports.ExportListView.as_view(), name="exports"),
    path("exports/<int:pk>/", exports.ExportDetailView.as_view(), name="export-detail"),
    path("exports/<int:pk>/download/", exports.ExportDownloadView.as_view(), name="export-download"),
    path("exports/<int:pk>/retry/", exports.ExportRetryView.as_view(), name="export-retry"),
    path("customers/<int:pk>/dossier/", dossiers.DossierRequestView.as_view(), name="customer-dossier"),
    path("exports/dossiers/<int:pk>/", dossiers.DossierDetailView.as_view(), name="dossier-detail"),
    path("exports/dossiers/<int:pk>/download/", dossiers.DossierDownloadView.as_view(), name="dossier-download"),
    path("exports/dossiers/<int:pk>/retry/", dossiers.DossierRetryView.as_view(), name="dossier-retry"),
    path("customers/<int:pk>/cards/new/", command_view("customers.card.issue"), name="customer-card-issue"),
    path(
        "customers/<int:pk>/topup-cards/new/",
        command_view("customers.topup_card.link"),
        name="customer-topup-card-link",
    ),
    path(
        "customers/<int:pk>/topup-cards/<int:topup_card>/unlink/",
        command_view("customers.topup_card.unlink"),
        name="customer-topup-card-unlink",
    ),
    *[
        path(f"customers/<int:pk>/cards/<int:card>/{slug}/", command_view(name), name=f"customer-card-{slug}")
        for slug, name in CARD_SLUGS.items()
    ],
    path(
        "customers/<int:pk>/beneficiaries/new/",
        command_view("customers.beneficiary.link"),
        name="customer-beneficiary-link",
    ),
    *[
        path(
            f"customers/<int:pk>/beneficiaries/<int:beneficiary>/{slug}/",
            command_view(name),
            name=f"customer-beneficiary-{slug}",
        )
        for slug, name in BENEFICIARY_SLUGS.items()
    ],
    *[
        path(f"customers/<int:pk>/sca-devices/<int:device>/{slug}/", command_view(name), name=f"customer-sca-{slug}")
        for slug, name in SCA_SLUGS.items()
    ],
    path("customers/<int:pk>/notes/new/", views.NoteAddView.as_view(), name="customer-note-add"),
    path(
        "customers/<int:pk>/notes/<int:note>/pin/",
        views.NotePinView.as_view(),
        name="customer-note-pin",
    ),
    path(
        "customers/<int:pk>/notes/<int:note>/unpin/",
        views.NotePinView.as_view(command="customers.note.unpin"),
        name="customer-note-unpin",
    ),
    path("customers/<int:pk>/<slug:tab>/", views.ProfileView.as_view(), name="customer-tab"),
]
