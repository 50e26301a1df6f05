"""The shell every app plugs into: settings, staff and roles, the audit log, generic views."""

from .celery import app as celery_app

__all__ = ["celery_app"]
