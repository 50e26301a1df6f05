"""The KYC app's pages, one module per subject; the profile tab is ``KycTab``."""

from .documents import (
    DocumentFileView,
    DocumentPageView,
    DocumentUploadView,
    DocumentViewerView,
)
from .tab import KycTab
from .tax_residences import TaxResidenceAddView, TaxResidencesEditView

__all__ = [
    "DocumentFileView",
    "DocumentPageView",
    "DocumentUploadView",
    "DocumentViewerView",
    "KycTab",
    "TaxResidenceAddView",
    "TaxResidencesEditView",
]
