"""The KYC app's URLs; each view declares its permission."""

from django.urls import include, path

from . import views
from .views import kyc_form, queues, reviews, vigilance

urlpatterns = [
    path("kyc/customers/<int:pk>/tax-residences/", views.TaxResidencesEditView.as_view(), name="kyc-tax-residences"),
    path("kyc/customers/<int:pk>/documents/new/", views.DocumentUploadView.as_view(), name="kyc-document-upload"),
    path("kyc/documents/<int:pk>/", views.DocumentViewerView.as_view(), name="kyc-document-view"),
    path("kyc/documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="kyc-document-file"),
    path("kyc/documents/<int:pk>/pages/<int:number>.png", views.DocumentPageView.as_view(), name="kyc-document-page"),
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
    path("kyc/customers/<int:pk>/review/request/", reviews.ReviewRequestView.as_view(), name="kyc-review-request"),
    path(
        "kyc/customers/<int:pk>/verification-level/",
        reviews.VerificationLevelView.as_view(),
        name="kyc-verification-level",
    ),
    path(
        "kyc/customers/<int:pk>/vigilance-refunds/<int:refund>/refunded/",
        vigilance.VigilanceRefundedView.as_view(),
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
    path("kyc/forms/", kyc_form.KycFormListView.as_view(), name="kyc-forms"),
    path("kyc/forms/new/", kyc_form.KycFormCreateView.as_view(), name="kyc-form-create"),
    path("kyc/forms/<int:pk>/", kyc_form.KycFormEditView.as_view(), name="kyc-form-edit"),
    path("kyc/forms/<int:pk>/delete/", kyc_form.KycFormDeleteView.as_view(), name="kyc-form-delete"),
    path("", include("kyc.liveness.urls")),
]
