"""Under pytest-xdist each worker has its own test database and its own Redis database, so that
workers running at once never see each other's rows, cache entries or queued tasks."""

import os
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection

from backoffice.celery import app as celery_app
from tests.conftest import GIVEN_REDIS_URL, require_service

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
parallel = pytest.mark.applies_only(bool(WORKER), "runs under pytest-xdist (the README's test command)")


def database_number(url: str) -> int:
    return int(urlsplit(url).path.strip("/") or 0)


@parallel
@pytest.mark.django_db
def test_each_worker_has_its_own_test_database():
    assert connection.settings_dict["NAME"].endswith(f"_{WORKER}")


@parallel
def test_each_worker_has_its_own_redis_database():
    require_service("Redis", bool(GIVEN_REDIS_URL), "set REDIS_URL=redis://127.0.0.1:6379/15")
    import redis

    index = int(WORKER[2:])
    own = (database_number(GIVEN_REDIS_URL) - index) % 16
    assert database_number(celery_app.conf.broker_url) == own
    assert database_number(os.environ["REDIS_URL"]) == own

    cache.set("owner", WORKER)
    server = urlsplit(GIVEN_REDIS_URL)
    in_own = redis.Redis(host=server.hostname, port=server.port or 6379, db=own)
    assert in_own.get(cache.make_key("owner")) is not None
    if index:  # the given database is gw0's
        in_given = redis.Redis(host=server.hostname, port=server.port or 6379, db=database_number(GIVEN_REDIS_URL))
        assert in_given.get(cache.make_key("owner")) != in_own.get(cache.make_key("owner"))
