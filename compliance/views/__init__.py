"""The compliance app's pages: the profile's tabs and restriction commands, the restricted
customers' list."""

from .limits import LimitsTab
from .profile import ComplianceTab, OperationsTab

__all__ = ["ComplianceTab", "LimitsTab", "OperationsTab"]
