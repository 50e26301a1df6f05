"""The KYC app's pages, one module per subject; the profile tab is ``KycTab``."""

from .documents import (
    DocumentFileView,
    DocumentPageView,
    DocumentUploadView,
    DocumentViewerView,
    TaxResidencesEditView,
)
from .tab import KycTab

__all__ = [
    "DocumentFileView",
    "DocumentPageView",
    "DocumentUploadView",
    "DocumentViewerView",
    "KycTab",
    "TaxResidencesEditView",
]
