"""The work queues' periodic sweep: snoozed items come back, overdue ones are escalated once."""

from celery import shared_task


@shared_task
def sweep_work() -> dict:
    from .escalation import escalate_overdue
    from .services import wake_snoozed

    return {"woken": wake_snoozed(), "escalated": escalate_overdue()}
