"""Background work of ``customers``: statement exports, regulator dossiers and password-reset
emails (ids only, JSON; late acknowledgement, so a killed worker's task is delivered again, and
each job's claim makes that harmless)."""

from celery import shared_task

from .services import dossiers, password_resets, statements


@shared_task(acks_late=True)
def build_statement(job_id: int) -> bool:
    return statements.build_statement(job_id) is not None


@shared_task
def requeue_stuck_statements() -> int:
    return len(statements.requeue_stuck())


@shared_task
def expire_statements() -> int:
    return statements.expire_statements()


@shared_task(acks_late=True)
def build_dossier(job_id: int) -> bool:
    return dossiers.build_dossier(job_id) is not None


@shared_task
def requeue_stuck_dossiers() -> int:
    return len(dossiers.requeue_stuck())


@shared_task
def expire_dossiers() -> int:
    return dossiers.expire_dossiers()


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_password_reset(self, reset_id: int) -> bool:
    """On an SMTP failure, retried after 1, 2, 4… times the configured delay (the row counts the
    attempts); after the last one the email is marked not sent and the profile says so."""
    try:
        return password_resets.deliver_password_reset(reset_id)
    except password_resets.SmtpFailure as failure:
        if failure.final:
            return False
        raise self.retry(exc=failure, countdown=failure.retry_in) from failure


@shared_task
def requeue_password_resets() -> int:
    return len(password_resets.requeue_password_resets())
