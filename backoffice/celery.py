"""The Celery application; its settings are the ``CELERY_*`` names in ``backoffice.settings``.

Its task class (``backoffice.in_process_tasks.Task``, Celery's Django task) runs tasks in a thread
of the process that queued them when there is no broker (no ``REDIS_URL``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

app = Celery("backoffice", task_cls="backoffice.in_process_tasks:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
