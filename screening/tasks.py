"""Background work of screening: a customer screened once their creation or identity change
commits; every customer screened against a new list version (chunked, resumable), and the sweep
that queues again a version whose screening a dead worker left unfinished."""

from celery import shared_task


@shared_task(acks_late=True)
def screen_customer(customer_id: int) -> int:
    from customers.models import Customer

    from .services.screen import screen_customer as screen

    customer = Customer.objects.filter(pk=customer_id).first()
    return len(screen(customer)) if customer is not None else 0


@shared_task(acks_late=True)
def rescreen_version(version_id: int) -> int:
    from .services.screen import rescreen_version as rescreen

    return rescreen(version_id) or 0


@shared_task
def resume_rescreens() -> int:
    from backoffice import jobs

    from .services.screen import unfinished_rescreens

    versions = unfinished_rescreens()
    for version_id in versions:
        jobs.enqueue(rescreen_version, version_id, what=f"Screening against list version {version_id}")
    return len(versions)


@shared_task(acks_late=True)
def load_list(version_id: int, path: str) -> str:
    """A list uploaded from the panel: loaded, then its file deleted (the version keeps its checksum)."""
    from pathlib import Path

    from .services.lists import run_load

    try:
        return run_load(version_id, Path(path)).status
    finally:
        Path(path).unlink(missing_ok=True)


@shared_task
def give_up_lost_loads() -> int:
    """Versions left "Loading" by a lost task fail, saying to load the file again."""
    from .services.lists import give_up_lost_loads as sweep

    return sweep()
