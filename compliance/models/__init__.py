"""What the customer may do: the restrictions' events for other systems and the client systems
that ask."""

from .client_systems import ClientSystem
from .limits import ChosenLimitPack, Fee, LimitPack, Period, Threshold
from .outbox import OutboxDelivery, OutboxEvent
from .permissions import CompliancePermissions
from .risk import RiskProfile

__all__ = [
    "ChosenLimitPack",
    "ClientSystem",
    "CompliancePermissions",
    "Fee",
    "LimitPack",
    "OutboxDelivery",
    "OutboxEvent",
    "Period",
    "RiskProfile",
    "Threshold",
]
