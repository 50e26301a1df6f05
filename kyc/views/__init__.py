"""The KYC app's pages, one module per subject; the profile tab is ``KycTab``."""

from .documents import (
    DocumentCancelView,
    DocumentFileView,
    DocumentPageView,
    DocumentPrerefuseView,
    DocumentPrevalidateView,
    DocumentUploadView,
    DocumentViewerView,
    TaxResidencesEditView,
)
from .tab import KycTab

__all__ = [
    "DocumentCancelView",
    "DocumentFileView",
    "DocumentPageView",
    "DocumentPrerefuseView",
    "DocumentPrevalidateView",
    "DocumentUploadView",
    "DocumentViewerView",
    "KycTab",
    "TaxResidencesEditView",
]
