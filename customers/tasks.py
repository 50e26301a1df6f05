"""Background work of ``customers``: statement exports (ids only, JSON; late acknowledgement, so
a killed worker's task is delivered again, and the job's lease makes that harmless)."""

from celery import shared_task

from .services import statements


@shared_task(acks_late=True)
def build_statement(job_id: int) -> bool:
    return statements.build_statement(job_id) is not None


@shared_task
def requeue_stuck_statements() -> int:
    return len(statements.requeue_stuck())


@shared_task
def expire_statements() -> int:
    return statements.expire_statements()
