"""The KYC app's URLs; each view declares its permission."""

from django.urls import include, path

from customers.views.commands import CustomerCommandView

from . import views
from .commands import DOCUMENT_SLUGS
from .views import kyc_form, queues, reviews

command_view = CustomerCommandView.for_command

urlpatterns = [
    path("kyc/customers/<int:pk>/tax-residences/", views.TaxResidencesEditView.as_view(), name="kyc-tax-residences"),
    path(
        "kyc/customers/<int:pk>/tax-residences/add/",
        views.TaxResidenceAddView.as_view(),
        name="kyc-tax-residence-add",
    ),
    path("kyc/customers/<int:pk>/documents/new/", views.DocumentUploadView.as_view(), name="kyc-document-upload"),
    path("kyc/documents/<int:pk>/", views.DocumentViewerView.as_view(), name="kyc-document-view"),
    path("kyc/documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="kyc-document-file"),
    path("kyc/documents/<int:pk>/pages/<int:number>.png", views.DocumentPageView.as_view(), name="kyc-document-page"),
    *[
        path(
            f"kyc/customers/<int:pk>/documents/<int:document>/{slug}/",
            command_view(name),
            name=f"kyc-document-{slug}",
        )
        for slug, name in DOCUMENT_SLUGS.items()
    ],
    path(
        "kyc/documents/<int:pk>/download/",
        views.DocumentFileView.as_view(download=True),
        name="kyc-document-download",
    ),
    path("kyc/customers/<int:pk>/review/request/", command_view("kyc.review.request"), name="kyc-review-request"),
    path(
        "kyc/customers/<int:pk>/verification-level/",
        reviews.VerificationLevelView.as_view(),
        name="kyc-verification-level",
    ),
    path(
        "kyc/customers/<int:pk>/vigilance-refunds/<int:refund>/refunded/",
        command_view("kyc.vigilance_refund.mark_refunded"),
        name="kyc-vigilance-refunded",
    ),
    path("kyc/prereview/", queues.PreReviewQueueView.as_view(), name="kyc-prereview-queue"),
    path("kyc/prereview/<int:document>/", queues.PreReviewDocumentView.as_view(), name="kyc-prereview-document"),
    path("kyc/reviews/", queues.ReviewQueueView.as_view(), name="kyc-review-queue"),
    path("kyc/reviews/<int:review>/", reviews.ReviewDecisionView.as_view(), name="kyc-review-decide"),
    path("kyc/reviews/<int:review>/assign/", reviews.ReviewAssignView.as_view(), name="kyc-review-assign"),
    path(
        "kyc/identification-requests/",
        queues.IdentificationRequestsView.as_view(),
        name="kyc-identification-requests",
    ),
    path(
        "kyc/identification-requests/<slug:kind>/<int:pk>/",
        queues.IdentificationRequestView.as_view(),
        name="kyc-identification-request",
    ),
    path("kyc/forms/", kyc_form.KycFormListView.as_view(), name="kyc-forms"),
    path("kyc/forms/new/", kyc_form.KycFormCreateView.as_view(), name="kyc-form-create"),
    path("kyc/forms/<int:pk>/", kyc_form.KycFormEditView.as_view(), name="kyc-form-edit"),
    path("kyc/forms/<int:pk>/delete/", kyc_form.KycFormDeleteView.as_view(), name="kyc-form-delete"),
    path("", include("kyc.liveness.urls")),
]
